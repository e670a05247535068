"""The backup drill: a backup counts once it has been restored.

On a PostgreSQL cluster of its own (pg_createcluster, port 5499) with continuous WAL archiving to
pgBackRest, and a Redis of its own (port 6399), it runs the production stack of deploy/stack.py with the
demo content, backs up the database (manage.py backup_database: a full backup) and the files
(manage.py backup_files: restic, with the manifest), and puts the writes of a working day on it
(deploy/drill_workload.py). At a moment T it takes a snapshot of every table under lock
(integrity_snapshot --freeze) and backs up the files again; writing goes on, with a mistaken DELETE of
every practice decision after T, for longer than archive_timeout. Then:

1. the data directory and the media folder lost: both restored from scratch to T, checked against the
   snapshot (integrity_check) and served;
2. the same loss, restored to the end of the archive: how many seconds of writes a lost disk costs;
3. the site runs on with the DELETE that came back with it: restored in place to T (pgbackrest restore
   --delta), checked and served.

Each restore is timed from its start to the first page and file served; after each, the new timeline
must reach the archive (pgbackrest check). The table goes to stdout and
to bench/results/backup-drill-<date>.md; the exit status is 1 on any mismatch.

Run: make backup-drill (about four minutes; as root, with PostgreSQL's server, pgBackRest, restic,
nginx and redis-server installed). The machine's own PostgreSQL cluster and Redis are never touched.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.stack import Place, Stack  # noqa: E402

CLUSTER, PORT, REDIS_PORT, STANZA = "vhdrill", 5499, 6399, "vlaanderenhelpt"
BASE = Path("/var/lib/postgresql/vhdrill")  # owned by postgres: the cluster's data and the backup repository
DATA, REPOSITORY, CONFIG = BASE / "data", BASE / "repository", BASE / "pgbackrest.conf"
RUN = ROOT / ".drill"
PLACE = Place(
    run=RUN,
    proxy_port=8180,
    app_ports=(8191, 8192),
    smtp_port=8125,
    database=f"postgres://postgres@127.0.0.1:{PORT}/vlaanderenhelpt",
    redis=f"redis://127.0.0.1:{REDIS_PORT}/0",
)
ARCHIVE_TIMEOUT = 60  # as in production: the most a lost disk can cost
WRITES = RUN / "writes.jsonl"
MOMENT = RUN / "moment.json"
SERVING = ("app-1", "proxy")
# The rows the workload's writes create, found by what each write numbered n wrote (a key may be used
# again on another timeline after a restore; the number never is).
CREATED = {
    "submitted": ("practices_practiceversion", "title LIKE %s", "Oefenpraktijk {n}:%"),
    "asked": ("questions_question", "title LIKE %s", "Oefenvraag {n}:%"),
    "followed": ("alerts_subscriber", "email = %s", "volger{n}@example.org"),
}


def say(text):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {text}", flush=True)


def sh(*command, check=True, quiet=True):
    done = subprocess.run(command, capture_output=quiet, text=True, check=False)  # noqa: S603
    if check and done.returncode:
        raise RuntimeError(f"{' '.join(command)} faalde: {(done.stderr or done.stdout or '').strip()[-800:]}")
    return done


def version():
    return max(os.listdir("/usr/lib/postgresql"), key=int)


def pgbackrest(*args, check=True):
    command = ("runuser", "-u", "postgres", "--", "pgbackrest", f"--config={CONFIG}", f"--stanza={STANZA}", *args)
    return sh(*command, check=check)


def sql(query, params=None, *, database="vlaanderenhelpt"):
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{PORT}/{database}", autocommit=True) as db:
        cursor = db.execute(query, params)
        return cursor.fetchall() if cursor.description else []


class Drill:
    def __init__(self):
        self.stack = Stack(apps=1, workers=2, place=PLACE)
        self.stack.env.update(
            BACKUP_PGBACKREST=f"runuser -u postgres -- pgbackrest --config={CONFIG} --stanza={STANZA}",
            BACKUP_RESTIC=f"restic --quiet -r {RUN / 'restic'} --password-file {RUN / 'restic.key'}",
            LOG_LEVEL="WARNING",
        )
        self.redis = self.workload = None
        self.archive_note = "—"
        self.rows = []
        self.failures = []
        self.next_write = 1

    # The parts ----------------------------------------------------------------------------------------

    def drop_cluster(self):
        log = Path("/var/log/postgresql") / f"postgresql-{version()}-{CLUSTER}.log"
        if log.exists() and RUN.exists():
            shutil.copy(log, RUN / "postgresql.log")  # the cluster's log goes with it
        if sh("pg_lsclusters", "-h", quiet=True).stdout.count(f" {CLUSTER} "):
            sh("pg_dropcluster", "--stop", version(), CLUSTER)
        shutil.rmtree(BASE, ignore_errors=True)

    def create_cluster(self):
        self.drop_cluster()
        BASE.mkdir(parents=True)
        REPOSITORY.mkdir()
        shutil.chown(BASE, "postgres", "postgres")
        shutil.chown(REPOSITORY, "postgres", "postgres")
        sh(
            "pg_createcluster",
            version(),
            CLUSTER,
            "-p",
            str(PORT),
            "-d",
            str(DATA),
            "--start-conf=manual",
            "--",
            "--auth-local=trust",
            "--auth-host=trust",
        )
        names = {"config": CONFIG, "stanza": STANZA, "archive_timeout": ARCHIVE_TIMEOUT}
        archiving = (ROOT / "deploy" / "postgresql-archiving.conf").read_text().format(**names)
        conf_d = Path("/etc/postgresql") / version() / CLUSTER / "conf.d"
        (conf_d / "archiving.conf").write_text(archiving + "listen_addresses = '127.0.0.1'\n")
        template = (ROOT / "deploy" / "pgbackrest.conf").read_text()
        CONFIG.write_text(
            template.format(repository=REPOSITORY, logs=BASE / "log", stanza=STANZA, data=DATA, port=PORT)
        )
        shutil.chown(CONFIG, "postgres", "postgres")
        self.start_cluster()
        pgbackrest("stanza-create")
        pgbackrest("check")

    def start_cluster(self):
        sh("pg_ctlcluster", version(), CLUSTER, "start")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if sql("SELECT pg_is_in_recovery()", database="postgres")[0][0] is False:
                    return
            except psycopg.OperationalError:
                pass
            time.sleep(0.2)
        raise RuntimeError("De cluster kwam niet (uit herstel) op.")

    def start_redis(self):
        RUN.mkdir(exist_ok=True)
        log = open(RUN / "redis.log", "ab")  # noqa: SIM115 - the process keeps it open
        self.redis = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--dir", str(RUN)],  # noqa: S607
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def start_workload(self, seconds):
        log = open(RUN / "workload.log", "ab")  # noqa: SIM115 - the process keeps it open
        self.workload = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "deploy/drill_workload.py",
                "--log",
                str(WRITES),
                "--start",
                str(self.next_write),
                "--seconds",
                str(seconds),
            ],
            cwd=ROOT,
            env=self.stack.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def stop_workload(self):
        if self.workload and self.workload.poll() is None:
            self.workload.terminate()
            try:
                self.workload.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.workload.kill()
                self.workload.wait(timeout=10)
        if self.workload and self.workload.returncode != 0:
            self.failures.append(f"het schrijfwerk stopte met een fout (status {self.workload.returncode})")
        self.workload = None
        self.next_write = max((w["n"] for w in self.writes()), default=0) + 1

    def writes(self):
        if not WRITES.exists():
            return []
        lines = [json.loads(line) for line in WRITES.read_text().splitlines() if line.strip()]
        return [w for w in lines if "what" in w]

    def manage(self, *args):
        started = time.monotonic()
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.stack.env, capture_output=True, text=True
        )
        return done, time.monotonic() - started

    # The drill ----------------------------------------------------------------------------------------

    def prepare(self):
        say("Eigen cluster (poort 5499) met WAL-archivering naar pgBackRest, eigen Redis (poort 6399).")
        shutil.rmtree(RUN, ignore_errors=True)
        self.start_redis()
        self.create_cluster()
        (RUN / "restic.key").write_text(hashlib.sha256(os.urandom(32)).hexdigest())
        sh("restic", "--quiet", "-r", str(RUN / "restic"), "--password-file", str(RUN / "restic.key"), "init")
        say("Demo-inhoud laden.")
        self.stack.prepare(demo=True, quiet=True)
        done, seconds = self.manage("backup_database", "--type", "full")
        self.expect(done, "volledige back-up van de databank")
        say(f"Volledige back-up van de databank: {seconds:.1f} s.")
        done, seconds = self.manage("backup_files")
        self.expect(done, "back-up van de bestanden")
        say(f"Back-up van de bestanden: {seconds:.1f} s.")
        self.start_site()
        self.start_workload(600)

    def expect(self, done, what):
        if done.returncode:
            raise RuntimeError(f"{what} faalde: {(done.stdout + done.stderr).strip()[-800:]}")

    def moment(self):
        done, seconds = self.manage("integrity_snapshot", "--freeze", "--output", str(MOMENT))
        self.expect(done, "momentopname")
        snapshot = json.loads(MOMENT.read_text())
        self.t = datetime.datetime.fromisoformat(snapshot["moment"])
        # pgBackRest takes milliseconds: T rounded up, still inside the snapshot's lock, when nothing committed.
        up = self.t.replace(microsecond=0) + datetime.timedelta(milliseconds=-(-self.t.microsecond // 1000))
        self.target = f"{up.astimezone(datetime.UTC):%Y-%m-%d %H:%M:%S}.{up.microsecond // 1000:03d}+00"
        say(
            f"Moment T = {self.t.isoformat()} ({sum(snapshot['counts'].values())} rijen, "
            f"{len(snapshot['files'])} bijlagen; momentopname in {seconds:.1f} s)."
        )
        done, seconds = self.manage("backup_files")
        self.expect(done, "back-up van de bestanden")
        say(f"Back-up van de bestanden na T: {seconds:.1f} s.")
        # What must be served after every restore: a practice published before T, with its file.
        code = (
            "from django.contrib.auth.models import AnonymousUser\n"
            "from practices.models import Attachment\n"
            "a = Attachment.objects.visible_to(AnonymousUser()).select_related('practice').order_by('pk').first()\n"
            "print('served:', a.practice.get_absolute_url(), a.get_absolute_url(), a.sha256)\n"
        )
        done, _seconds = self.manage("shell", "-c", code)
        self.expect(done, "een gepubliceerde bijlage zoeken")
        line = next(line for line in done.stdout.splitlines() if line.startswith("served: "))
        self.page, self.file, self.file_sha256 = line.split()[1:]

    def wait_for_archive(self, lsn):
        """Until the WAL up to `lsn` (writes after T) is in the archive: only then can a restore reach T."""
        deadline = time.monotonic() + ARCHIVE_TIMEOUT * 3
        while time.monotonic() < deadline:
            archived, segment = sql("SELECT last_archived_wal, pg_walfile_name(%s) FROM pg_stat_archiver", [lsn])[0]
            if archived and archived[8:] >= segment[8:]:
                return
            time.sleep(1)
        raise RuntimeError("De WAL van na T kwam niet in het archief.")

    def served(self):
        """Whether the practice and its file are served through the proxy, as before."""
        for name in SERVING:
            self.stack.start_part(name)
        base = self.stack.url
        with urllib.request.urlopen(base + self.page, timeout=30) as response:  # noqa: S310 - loopback
            page_ok = response.status == 200
        with urllib.request.urlopen(base + self.file, timeout=30) as response:  # noqa: S310 - loopback
            file_ok = hashlib.sha256(response.read()).hexdigest() == self.file_sha256
        if not (page_ok and file_ok):
            self.failures.append(f"niet bediend: pagina {page_ok}, bestand {file_ok}")
        return page_ok and file_ok

    def check(self, case, started):
        done, seconds = self.manage("integrity_check", str(MOMENT))
        if done.returncode:
            self.failures.append(f"{case}: {done.stderr.strip()}")
        said = (
            done.stdout
            if not done.returncode
            else "\n".join(
                line
                for line in done.stderr.splitlines()
                if not line.startswith("{")  # not the JSON log lines
            )
        )
        say(f"{case}: {said.strip()} ({seconds:.1f} s)")
        after = [w for w in self.writes() if datetime.datetime.fromisoformat(w["at"]) > self.t and w["what"] in CREATED]
        present = sum(map(self.is_back, after))
        if present:
            self.failures.append(f"{case}: {present} rijen van na T zijn er nog")
        ok = self.served()
        rto = time.monotonic() - started
        ok = self.archiving(case) and ok
        numbers = done.stdout.removeprefix("In orde: ").strip().rstrip(".")
        self.rows.append(
            (
                case,
                "T",
                f"0 s (tot T alles, {len(after)} schrijfacties van na T: {present} terug)",
                rto,
                numbers,
                "in orde" if not done.returncode and ok and not present else "NIET in orde",
            )
        )
        say(f"{case}: bediend; hersteltijd {rto:.1f} s.")

    def start_site(self):
        """Every part but the periodic runner: the drill runs the backup jobs itself, at its moments (the
        workload sends the alerts)."""
        for name in self.stack.parts():
            if name != "periodic" and name not in self.stack.processes:
                self.stack.start_part(name)

    def stop_site(self, *, kill=False):
        self.stop_workload()
        for name in reversed(list(self.stack.processes)):
            self.stack.stop_part(name, kill=kill)

    def after_t(self):
        """Writing goes on; a mistaken DELETE of every practice decision; writing goes on for longer than
        archive_timeout, so the archive moves on by itself as on any day."""
        time.sleep(10)
        after = sql("SELECT pg_current_wal_lsn()")[0][0]
        deleted = len(sql("DELETE FROM practices_decision RETURNING id"))
        say(f"Na T: een verkeerde DELETE wist alle {deleted} beslissingen over praktijkvoorbeelden.")
        time.sleep(ARCHIVE_TIMEOUT + 20)
        self.wait_for_archive(after)

    def lost_disk(self):
        """The data directory and the media folder gone (the cluster killed, no clean stop): restored from
        scratch to T and checked; then to the end of the archive, to see what a lost disk costs."""
        timeline = int(sql("SELECT pg_walfile_name(pg_current_wal_lsn())")[0][0][:8], 16)
        self.stop_site(kill=True)
        lost_at = datetime.datetime.now(datetime.UTC)
        archived, archived_at, failed = sql(
            "SELECT archived_count, last_archived_time, failed_count FROM pg_stat_archiver"
        )[0]
        self.archive_note = (
            f"{archived} WAL-bestanden gearchiveerd ({failed} mislukt), het laatste "
            f"{(lost_at - archived_at).total_seconds():.0f} s vóór het verlies"
        )
        sh("pg_ctlcluster", version(), CLUSTER, "stop", "-m", "immediate")
        shutil.rmtree(DATA)
        shutil.rmtree(PLACE.media)
        say("De datamap van de cluster en de map met bestanden zijn weg.")
        for case, target in (
            (
                "1. schijf en bestanden verloren, hersteld tot T",
                ["--type=time", f"--target={self.target}", "--target-action=promote"],
            ),
            # Along the timeline that was lost (the restore to T began another one).
            ("2. schijf verloren, hersteld tot het einde van het archief", [f"--target-timeline={timeline}"]),
        ):
            started = time.monotonic()
            if DATA.exists():
                sh("pg_ctlcluster", version(), CLUSTER, "stop", "-m", "fast")
                shutil.rmtree(DATA)
            DATA.mkdir(mode=0o700)
            shutil.chown(DATA, "postgres", "postgres")
            pgbackrest("restore", *target)
            self.start_cluster()
            if case.startswith("1."):
                restic = self.stack.env["BACKUP_RESTIC"].split()
                sh(*restic, "restore", "latest", "--tag", "vlaanderenhelpt", "--target", "/")
                self.check(case, started)
                self.stop_site()
            else:
                self.recovery_point(case, started, lost_at)

    def mistaken_delete(self):
        """The site runs on with the DELETE it got back from the end of the archive: restored in place
        (--delta: only what differs is rewritten) to T, and checked."""
        self.start_site()
        self.start_workload(600)
        time.sleep(10)
        self.stop_site()
        case = "3. verkeerde DELETE, ter plaatse hersteld tot T"
        started = time.monotonic()
        sh("pg_ctlcluster", version(), CLUSTER, "stop")
        pgbackrest("restore", "--delta", "--type=time", f"--target={self.target}", "--target-action=promote")
        self.start_cluster()
        self.check(case, started)
        self.stop_site()

    def archiving(self, case):
        """The restored cluster's new timeline goes to the archive too: a checkpoint first (until the first
        one after a restore, archive_timeout does not act), then `pgbackrest check` forces a WAL switch
        and waits until it is archived (README, restoring to a moment)."""
        sql("CHECKPOINT")
        done = pgbackrest("check", check=False)
        if done.returncode:
            self.failures.append(f"{case}: het archiveren werkt niet na het herstel: {done.stderr.strip()[-300:]}")
        return not done.returncode

    @staticmethod
    def is_back(write):
        table, where, value = CREATED[write["what"]]
        return bool(sql(f"SELECT 1 FROM {table} WHERE {where} LIMIT 1", [value.format(n=write["n"])]))  # noqa: S608

    def recovery_point(self, case, started, lost_at):
        """Restored to the end of the archive: the newest write that came back, and what did not."""
        ok = self.served()
        rto = time.monotonic() - started
        ok = self.archiving(case) and ok
        created = [w for w in self.writes() if w["what"] in CREATED]
        back = [w for w in created if self.is_back(w)]
        newest = max((datetime.datetime.fromisoformat(w["at"]) for w in back), default=self.t)
        lost = [w for w in created if datetime.datetime.fromisoformat(w["at"]) > newest]
        rpo = (lost_at - newest).total_seconds()
        self.rows.append(
            (
                case,
                "einde archief",
                f"{rpo:.0f} s ({len(lost)} schrijfactie{'' if len(lost) == 1 else 's'})",
                rto,
                "—",
                "in orde" if ok else "NIET in orde",
            )
        )
        say(
            f"{case}: {len(lost)} schrijfactie(s) van de laatste {rpo:.0f} s niet in het archief; "
            f"hersteltijd {rto:.1f} s."
        )
        self.stop_site()

    def report(self, total):
        lines = [
            f"# Back-upoefening {datetime.date.today().isoformat()}",
            "",
            f"archive_timeout {ARCHIVE_TIMEOUT} s; demo-inhoud plus schrijfwerk op de achtergrond; "
            f"de hele oefening duurde {total:.0f} s. Bij het verlies van de schijf: {self.archive_note}.",
            "",
            "| geval | hersteld tot | verloren (RPO) | hersteltijd (RTO) | nagekeken | uitkomst |",
            "|---|---|---|---|---|---|",
            *(
                f"| {c} | {to} | {lost} | {rto:.1f} s | {checked} | {result} |"
                for c, to, lost, rto, checked, result in self.rows
            ),
        ]
        if self.failures:
            lines += ["", "Verschillen:", *(f"- {failure}" for failure in self.failures)]
        text = "\n".join(lines) + "\n"
        print("\n" + text)
        out = ROOT / "bench" / "results" / f"backup-drill-{datetime.datetime.now():%Y%m%d-%H%M%S}.md"
        out.write_text(text)
        say(f"Resultaat in {out.relative_to(ROOT)}.")

    def run(self):
        started = time.monotonic()
        try:
            self.prepare()
            time.sleep(20)
            self.moment()
            self.after_t()
            self.lost_disk()
            self.mistaken_delete()
        finally:
            try:
                self.stop_site(kill=True)
            finally:
                self.drop_cluster()
                if self.redis:
                    self.redis.terminate()
                    self.redis.wait(timeout=10)
        self.report(time.monotonic() - started)
        return 1 if self.failures else 0


def main():
    missing = [
        tool for tool in ("pg_createcluster", "pgbackrest", "restic", "nginx", "redis-server") if not shutil.which(tool)
    ]
    if missing:
        sys.exit(
            f"Ontbreekt: {', '.join(missing)} (apt-get install postgresql-common pgbackrest restic nginx-light redis-server)."
        )
    if os.geteuid() != 0:
        sys.exit("De oefening maakt een eigen PostgreSQL-cluster aan: start ze als root.")
    sys.exit(Drill().run())


if __name__ == "__main__":
    main()
