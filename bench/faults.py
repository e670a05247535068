"""Faults survived, measured.

Starts the production stack of `make prod` (deploy/stack.py) with two app servers behind nginx, puts
a steady load on it through the proxy (the list, a search, a detail page and a logged-in form post, at
a fixed rate), and takes its parts down in turn: PostgreSQL restarts, Redis stops for 20 s, a gunicorn
worker is killed, the mail server stops for a minute while e-mails are due, the task worker is killed
in the middle of a batch. Per fault it reports the requests that failed, the seconds until every
request succeeds again after the part is back, whether errors persist, and whether every due e-mail
reached the SMTP sink exactly once. Then it checks what two app servers must share.

Run: make faults (about ten minutes; needs nginx, PostgreSQL and Redis on this machine). Only
loopback addresses are contacted. The table goes to stdout and bench/results/faults-<date>.md.
"""

import datetime
import mailbox
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.stack import APP_PORTS, MAILBOX, Stack  # noqa: E402

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - the demo logins of `make prod`
RATE = 20  # requests per second, in all
SETTLE = 10  # seconds of load after a part is back in which no request may fail


class Client:
    """One visitor: cookies kept by hand (the site's cookies are Secure; here the proxy speaks HTTP)."""

    def __init__(self, base, forwarded=None):
        self.base, self.cookies, self.forwarded = base, {}, forwarded

    def request(self, path, data=None, *, files=None, timeout=10):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Referer": self.base + path}
        if self.forwarded:
            headers["X-Forwarded-For"] = self.forwarded
        body = None
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in (data or {}).items():
                for item in value if isinstance(value, list) else [value]:
                    parts.append(
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode()
                    )
            for name, (filename, content) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    f"Content-Type: application/octet-stream\r\n\r\n".encode()
                    + content
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.read().decode("utf-8", "replace"), response.headers

    def csrf(self, path):
        _status, html, _headers = self.request(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post_form(self, path, data, **kwargs):
        return self.request(path, {**data, "csrfmiddlewaretoken": self.csrf(path)}, **kwargs)

    def log_in(self, email):
        status, _html, _headers = self.post_form("/aanmelden/", {"username": email, "password": DEMO_PASSWORD})
        assert status == 302, f"log-in as {email} failed ({status})"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Load:
    """Requests at a fixed rate, each recorded as (time, kind, ok)."""

    def __init__(self, base):
        self.records, self.running = [], False
        self.editor = Client(base)
        self.editor.log_in("redactie@vlaanderenhelpt.be")
        self.token = self.editor.csrf("/profiel/")
        _status, html, _h = Client(base).request("/praktijken/")
        self.slug = re.search(r'href="/praktijken/([a-z0-9-]+)/"', html).group(1)
        self.anonymous = Client(base)
        self.words = ["markt", "mondmaskers", "vrijwilligers", "horeca", "buurt", "premie", "jongeren"]

    def one(self, n):
        kind = ("list", "search", "detail", "post")[n % 4]
        try:
            if kind == "list":
                status = self.anonymous.request("/praktijken/")[0]
            elif kind == "search":
                status = self.anonymous.request(f"/praktijken/?q={self.words[n % len(self.words)]}&pagina={n % 3 + 1}")[
                    0
                ]
            elif kind == "detail":
                status = self.anonymous.request(f"/praktijken/{self.slug}/")[0]
            else:
                data = {"csrfmiddlewaretoken": self.token, **({"notify_new_submissions": "on"} if n % 8 else {})}
                status = self.editor.request("/profiel/", data)[0]
            ok = status == (302 if kind == "post" else 200)
        except OSError:
            ok = False
        self.records.append((time.monotonic(), kind, ok))

    def run(self):
        self.running, n, start = True, 0, time.monotonic()
        while self.running:
            threading.Thread(target=self.one, args=(n,), daemon=True).start()
            n += 1
            time.sleep(max(0.0, start + n / RATE - time.monotonic()))

    def start(self):
        threading.Thread(target=self.run, daemon=True).start()
        return self

    def stop(self):
        self.running = False

    def failures(self, since, until=None):
        return [r for r in self.records if r[0] >= since and (until is None or r[0] <= until) and not r[2]]


def mails(prefix):
    """{subject: [Message-ID of each copy received]} for the test e-mails with this prefix."""
    if not MAILBOX.exists():
        return {}
    received = {}
    for message in mailbox.Maildir(MAILBOX, create=False):
        subject = message["subject"] or ""
        if subject.startswith(prefix):
            received.setdefault(subject, []).append(message["Message-ID"])
    return received


def enqueue_mails(stack, prefix, count, *, batch=False):
    """`count` test e-mails: one task each, or (`batch`) one task for them all, as the alerts queue them."""
    if batch:
        code = (
            "from vlaanderenhelpt.mail import queue_emails\n"
            f"queue_emails([dict(subject=f'{prefix}-{{n:03d}}', body='Storingstest.', to=['test@example.org'])"
            f" for n in range({count})])\n"
        )
    else:
        code = (
            "from vlaanderenhelpt.mail import queue_email\n"
            f"for n in range({count}):\n"
            f"    queue_email(subject=f'{prefix}-{{n:03d}}', body='Storingstest.', to=['test@example.org'])\n"
        )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=stack.env, check=True)


def wait_for_mails(prefix, count, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(mails(prefix)) < count:
        time.sleep(1)
    return mails(prefix)


def redis_down():
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True)


def redis_up():
    subprocess.run(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            "6379",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
        ],
        check=True,
        capture_output=True,
    )
    while subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True, text=True).stdout.strip() != "PONG":
        time.sleep(0.1)


def postgres_restart():
    cluster = subprocess.run(["ls", "/etc/postgresql"], capture_output=True, text=True).stdout.split()[0]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)


def gunicorn_worker(stack, name="app-1"):
    master = stack.processes[name].pid
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return int(children[0])


def measure(load, name, fault, *, mail_check=None):
    """Run one fault under the load: (name, failed requests, seconds to recover, persistent, e-mail)."""
    down = time.monotonic()
    back = fault()
    deadline = back + 60
    while time.monotonic() < deadline:  # recovered: SETTLE seconds after the return without a failure
        last = load.failures(down)
        quiet_since = max(back, last[-1][0]) if last else back
        if time.monotonic() - quiet_since >= SETTLE:
            break
        time.sleep(0.5)
    failed = load.failures(down)
    after_back = [r for r in failed if r[0] > back]
    recovery = round(after_back[-1][0] - back, 1) if after_back else 0.0
    persistent = bool(load.failures(time.monotonic() - SETTLE))
    return {
        "fault": name,
        "failed": len(failed),
        "recovery": recovery,
        "persistent": persistent,
        "mail": mail_check() if mail_check else "–",
    }


def exactly_once(received, expected):
    lost = expected - len(received)
    duplicated = sum(len(ids) - 1 for ids in received.values())
    same_id = sum(len(ids) - 1 for ids in received.values() if len(set(ids)) == 1)
    text = f"{len(received)}/{expected} aangekomen, {lost} verloren, {duplicated} dubbel"
    return text + (f" (met dezelfde Message-ID: {same_id})" if duplicated else "")


def run_faults(stack, load):
    rows = []

    rows.append(measure(load, "PostgreSQL herstart", lambda: (postgres_restart(), time.monotonic())[1]))

    def redis_fault():
        redis_down()
        time.sleep(20)
        redis_up()
        return time.monotonic()

    rows.append(measure(load, "Redis 20 s weg", redis_fault))

    def worker_fault():
        subprocess.run(["kill", "-9", str(gunicorn_worker(stack))], check=True)
        return time.monotonic()

    rows.append(measure(load, "gunicorn-worker gedood", worker_fault))

    smtp_back = []

    def smtp_fault():
        stack.stop_part("smtp")
        enqueue_mails(stack, "smtp", 20)
        time.sleep(60)
        stack.start_part("smtp")
        smtp_back.append(time.monotonic())
        return smtp_back[0]

    smtp_row = measure(load, "mailserver 60 s weg", smtp_fault)
    counts = wait_for_mails("smtp", 20, 300)
    # An e-mail that failed waits for its next try (after 1, then 2 minutes): delivery follows the return.
    last = round(time.monotonic() - smtp_back[0])
    smtp_row["mail"] = exactly_once(counts, 20) + f", alle binnen {last} s na de terugkeer"
    rows.append(smtp_row)

    def task_worker_fault():
        enqueue_mails(stack, "worker", 60, batch=True)  # one batch: the worker is killed halfway through it
        deadline = time.monotonic() + 60
        while len(mails("worker")) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        stack.stop_part("worker", kill=True)
        time.sleep(2)
        stack.start_part("worker")
        return time.monotonic()

    worker_row = measure(load, "taakworker gedood tijdens een reeks", task_worker_fault)
    worker_row["mail"] = exactly_once(wait_for_mails("worker", 60, 120), 60)
    rows.append(worker_row)
    return rows


def two_servers(stack):
    """What two app servers behind one proxy must share, checked against each server directly."""
    one, two = (f"http://127.0.0.1:{port}" for port in APP_PORTS)
    checks = []
    # A login through one holds on the other (sessions in the database).
    official = Client(one, forwarded="198.51.100.20")
    official.log_in("ambtenaar@gent.be")
    official.base = two
    checks.append(("aanmelding via app 1 geldt op app 2", official.request("/profiel/")[0] == 200))
    # An upload through one downloads through the other (one MEDIA_ROOT): a practice submitted with a file.
    official.base = one
    token = f"storingstest{secrets.token_hex(4)}"
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    _s, html, _h = official.request("/mijn-praktijken/nieuw/")
    form = {
        "title": f"Ontmoetingsplek {token}",
        "summary": "Een plek om elkaar te zien.",
        "kind": "initiatief",
        "description": "Wat we deden.",
        "submit": "",
        "local_government": re.search(r'name="local_government"[^>]*>\s*<option value="(\d+)"', html).group(1),
        "themes": re.search(r'name="themes" value="(\d+)"', html).group(1),
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1),
    }
    _status, _html, headers = official.request(
        "/mijn-praktijken/nieuw/", form, files={"new_files": ("bijlage.pdf", pdf)}
    )
    official.base = two
    _s, detail, _h = official.request(headers["Location"])
    link = re.search(r'href="(/praktijken/[^"]+/bijlagen/\d+/)"', detail).group(1)
    status, body, _h = official.request(link)
    checks.append(("upload via app 1 te downloaden via app 2", status == 200 and body.startswith("%PDF")))
    submitted = headers["Location"].rstrip("/").rsplit("/", 1)[1]
    # Rate limits count across both, per forwarded visitor.
    anonymous = Client(one, forwarded=f"203.0.113.{secrets.randbelow(250) + 1}")  # a new visitor each run
    _s, html, _h = anonymous.request("/praktijken/")
    slug = re.search(r'href="/praktijken/([a-z0-9-]+)/"', html).group(1)
    answers = []
    for n in range(6):
        anonymous.base = (one, two)[n % 2]
        report = {"kind": "onjuist", "text": "Storingstest.", "email": "", "website": ""}
        answers.append(anonymous.post_form(f"/praktijken/{slug}/melden/", report)[0])
    checks.append(("meldlimiet telt over beide (5 × 302, dan 429)", answers == [302] * 5 + [429]))
    # A publication through one is visible through the other at once (shared catalogue generation).
    editor = Client(one, forwarded="198.51.100.40")
    editor.log_in("redactie@vlaanderenhelpt.be")
    review = f"/redactie/praktijken/{submitted}/"
    _s, page, _h = editor.request(review)
    decision = {
        "beslissing": "goedkeuren",
        "toelichting": "",
        "versie": re.search(r'name="versie" value="(\d+)"', page).group(1),
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1),
    }

    def found():
        html = Client(two).request(f"/praktijken/?q={token}")[1]
        return int(re.search(r"(\d+) praktijkvoorbeeld(?:en)? gevonden", html).group(1))

    before = found()
    status, _html, _h = editor.request(f"{review}beslissen/", decision)
    # The lists serve the last index built until the new one is (one build behind): seconds, not at once.
    approved, seen = time.monotonic(), None
    while seen is None and time.monotonic() < approved + 10:
        if found() > 0:
            seen = time.monotonic() - approved
        time.sleep(0.2)
    checks.append(
        (
            "publicatie via app 1 binnen 10 s zichtbaar via app 2"
            + (f" (na {seen:.1f} s)" if seen is not None else ""),
            status == 302 and before == 0 and seen is not None,
        )
    )
    return checks


def main():
    stack = Stack(apps=2, workers=2)
    stack.prepare(demo=True)
    shutil.rmtree(MAILBOX, ignore_errors=True)
    stack.start()
    try:
        load = Load(stack.url).start()
        time.sleep(5)
        rows = run_faults(stack, load)
        load.stop()
        checks = two_servers(stack)
    finally:
        stack.stop()
    lines = [
        f"Storingen onder {RATE} verzoeken/s via nginx, twee app-servers ({datetime.date.today()}):",
        "",
        "| storing | mislukte verzoeken | s tot herstel | blijvende fouten | e-mail |",
        "|---|---:|---:|---|---|",
        *(
            f"| {r['fault']} | {r['failed']} | {r['recovery']} | {'ja' if r['persistent'] else 'nee'} | {r['mail']} |"
            for r in rows
        ),
        "",
        "| twee app-servers | |",
        "|---|---|",
        *(f"| {name} | {'ja' if ok else 'NEE'} |" for name, ok in checks),
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"faults-{datetime.date.today()}.md").write_text(report)


if __name__ == "__main__":
    main()
