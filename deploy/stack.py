"""Production on this machine, in one command: nginx in front of one or two gunicorn app servers, the
task worker and a local SMTP sink, on the machine's PostgreSQL and Redis, with production settings
(debug off, collected static files in compressed manifest storage). `make prod` runs it; Ctrl-C stops.

The fault script (bench/faults.py) drives the same Stack and takes its parts down one by one."""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Place:
    """Where one stack runs: its folder (logs, media, the SMTP sink's mailbox), its ports, its database
    and its Redis. `make prod` runs at PRODUCTION; the backup drill at a place of its own."""

    run: Path = ROOT / ".prod"
    proxy_port: int = 8080
    app_ports: tuple = (8101, 8102)
    smtp_port: int = 8025
    database: str = "postgres://postgres@127.0.0.1:5432/vlaanderenhelpt_prod"
    redis: str = "redis://127.0.0.1:6379/1"

    @property
    def mailbox(self):
        return self.run / "mail"  # a Maildir: one file per message the SMTP sink received

    @property
    def media(self):
        return self.run / "media"


PRODUCTION = Place()
APP_PORTS, MAILBOX = PRODUCTION.app_ports, PRODUCTION.mailbox  # what the fault script reads


def environment(place=PRODUCTION):
    """The production settings, as the README's production example sets them, for this machine."""
    place.run.mkdir(parents=True, exist_ok=True)
    secret = place.run / "secret"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(64))
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    return {
        **inherited,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secret.read_text().strip(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{place.proxy_port}",
        # TLS ends at the real proxy; on loopback here the proxy speaks plain HTTP.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "SITE_URL": f"http://127.0.0.1:{place.proxy_port}",
        "DATABASE_URL": place.database,
        "REDIS_URL": place.redis,
        "TRUSTED_PROXY_COUNT": "1",
        "MEDIA_ROOT": str(place.media),
        "OPEN_DATA_ACCEL_REDIRECT": "/_open-data/",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(place.smtp_port),
        "LOG_FORMAT": "json",
        "REQUEST_LOG_LEVEL": "WARNING",
    }


def _wait_for(url, seconds=60, expect=200):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - a local server
                if response.status == expect:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


class Stack:
    """The processes of one production stack: start, stop, or take down one part."""

    def __init__(self, *, apps=1, workers=3, place=PRODUCTION):
        self.apps, self.workers, self.place = apps, workers, place
        self.env = environment(place)
        self.processes = {}
        self.url = f"http://127.0.0.1:{place.proxy_port}"

    def manage(self, *args, env=None, output=None):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env,
            check=True,
            stdout=output,
            stderr=output and subprocess.STDOUT,
        )

    def prepare(self, *, demo=False, quiet=False):
        """Database, reference data, static files; the demo content when asked (loaded as on a
        developer's machine, since demo logins exist only there). `quiet`: what they say goes to
        prepare.log in the stack's folder."""
        self.place.run.mkdir(parents=True, exist_ok=True)
        with open(self.place.run / "prepare.log", "ab") if quiet else nullcontext() as output:
            self._prepare(demo, output)

    def _prepare(self, demo, output):
        import psycopg

        server, _slash, name = self.place.database.rpartition("/")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                connection.execute(f'CREATE DATABASE "{name}"')
        self.manage("migrate", "--noinput", "-v", "0", output=output)
        self.manage("load_local_governments", output=output)
        self.manage("collectstatic", "--noinput", "-v", "0", output=output)
        if demo:
            quiet = {
                **self.env,
                "DJANGO_DEBUG": "true",
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            }
            self.manage("load_demo", env=quiet, output=output)

    def _spawn(self, name, command):
        log = open(self.place.run / f"{name}.log", "ab")  # noqa: SIM115 - the process keeps it open
        self.processes[name] = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self.processes[name]

    def start_part(self, name):
        if name == "smtp":
            self._spawn(
                "smtp",
                [
                    sys.executable,
                    "-m",
                    "aiosmtpd",
                    "-n",
                    "-l",
                    f"127.0.0.1:{self.place.smtp_port}",
                    "-c",
                    "aiosmtpd.handlers.Mailbox",
                    str(self.place.mailbox),
                ],
            )
        elif name.startswith("app-"):
            port = self.place.app_ports[int(name[4:]) - 1]
            self._spawn(
                name,
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "vlaanderenhelpt.wsgi",
                    "-w",
                    str(self.workers),
                    "-b",
                    f"127.0.0.1:{port}",
                    "--graceful-timeout",
                    "5",
                    "--timeout",
                    "60",
                ],
            )
            _wait_for(f"http://127.0.0.1:{port}/healthz")
        elif name == "worker":
            self._spawn(
                "worker", [sys.executable, "manage.py", "task_worker", "--worker-id", "worker-1", "--interval", "0.5"]
            )
        elif name == "background":
            # The slow work after a publication (words, open data): never ahead of an index build or an e-mail.
            command = ["task_worker", "--worker-id", "worker-2", "--queue-name", "background", "--interval", "1"]
            self._spawn("background", [sys.executable, "manage.py", *command])
        elif name == "periodic":
            # What cron does in production: the runner of periodic work every minute (safe to overlap).
            loop = f"while true; do {sys.executable} manage.py run_periodic; sleep 60; done"
            self._spawn("periodic", ["/bin/sh", "-c", loop])
        elif name == "proxy":
            run = self.place.run
            (run / "nginx").mkdir(exist_ok=True)
            upstreams = "\n".join(
                f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;"
                for port in self.place.app_ports[: self.apps]
            )
            config = (
                (ROOT / "deploy" / "nginx.conf")
                .read_text()
                .format(
                    run=run,
                    upstreams=upstreams,
                    port=self.place.proxy_port,
                    static=ROOT / "staticfiles",
                    media=self.place.media,
                )
            )
            (run / "nginx.conf").write_text(config)
            self._spawn("proxy", ["nginx", "-p", str(run), "-c", str(run / "nginx.conf")])
            _wait_for(f"{self.url}/healthz/ready")

    def stop_part(self, name, *, kill=False):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def parts(self):
        return ["smtp", *(f"app-{n}" for n in range(1, self.apps + 1)), "worker", "background", "periodic", "proxy"]

    def start(self):
        for name in self.parts():
            self.start_part(name)
        return self

    def stop(self):
        for name in reversed(list(self.processes)):
            self.stop_part(name)


def _interrupt(signum, frame):
    # A stop from outside (kill, a time limit) stops every part too, as Ctrl-C does.
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, choices=(1, 2), default=1, help="app servers behind the proxy")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per app server")
    parser.add_argument("--demo", action="store_true", help="load the demo content and logins")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupt)
    stack = Stack(apps=args.apps, workers=args.workers)
    stack.prepare(demo=args.demo)
    try:
        stack.start()
    except BaseException:
        stack.stop()
        raise
    print(f"Vlaanderen helpt draait op {stack.url}/ (mail: {MAILBOX}, logs: {PRODUCTION.run}/). Ctrl-C stopt alles.")
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
