"""Two app server processes sharing Redis and the database, reached with a forwarded client address as
the proxy sends it: rate limits, the login lock and sessions hold across processes, per visitor."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from practices.models import ProblemReport

pytestmark = [pytest.mark.service, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent
REDIS = "redis://127.0.0.1:6379/15"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_db():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not reachable at 127.0.0.1:6379")
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    yield client
    client.flushdb()


@pytest.fixture
def app_servers(redis_db, transactional_db, seeded):
    """Two gunicorn instances on the test database, as two app machines behind one proxy."""
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    else:
        url = f"sqlite:///{database['NAME']}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))},
        "DJANGO_TESTING": "true",
        "DATABASE_URL": url,
        "REDIS_URL": REDIS,
        "TRUSTED_PROXY_COUNT": "1",
    }
    servers = []
    for _ in range(2):
        port = _free_port()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "vlaanderenhelpt.wsgi",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append((process, f"http://127.0.0.1:{port}"))
    deadline = time.monotonic() + 60
    for process, base in servers:
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"the app server at {base} did not start")
                time.sleep(0.3)
    yield [base for _process, base in servers]
    for process, _base in servers:
        process.terminate()
        process.wait(timeout=10)


class Browser:
    """A visitor behind the proxy: their cookies, and the address the proxy forwards for them."""

    def __init__(self, address):
        self.address = address
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, url, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"X-Forwarded-For": f"10.9.9.9, {self.address}"})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_form(self, url, data):
        _status, html = self.open(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.open(url, {**data, "csrfmiddlewaretoken": token})


def test_a_rate_limit_counts_across_app_servers_per_forwarded_visitor(app_servers, make_practice):
    practice = make_practice()
    report = {"kind": "onjuist", "text": "Klopt niet.", "email": "", "website": ""}
    visitor = Browser("198.51.100.1")
    answers = [
        visitor.post_form(f"{app_servers[n % 2]}/praktijken/{practice.slug}/melden/", report)[0] for n in range(7)
    ]
    assert answers == [200] * 5 + [429] * 2  # a redirect followed to the thanks, then "Even geduld"
    other = Browser("198.51.100.2")
    assert other.post_form(f"{app_servers[1]}/praktijken/{practice.slug}/melden/", report)[0] == 200
    assert ProblemReport.objects.count() == 6


def test_a_login_holds_on_the_other_server_and_the_lock_counts_on_both(app_servers, official_a, official_b):
    from tests.conftest import PASSWORD

    official = Browser("198.51.100.7")
    status, _html = official.post_form(
        f"{app_servers[0]}/aanmelden/", {"username": "ambtenaar@gent.be", "password": PASSWORD}
    )
    assert status == 200
    status, html = official.open(f"{app_servers[1]}/profiel/")
    assert status == 200 and "Mijn profiel" in html

    for n in range(5):  # failures for one account through both servers, from five addresses
        Browser(f"203.0.113.{n}").post_form(
            f"{app_servers[n % 2]}/aanmelden/", {"username": "ambtenaar@leuven.be", "password": "fout"}
        )
    status, html = Browser("203.0.113.99").post_form(
        f"{app_servers[1]}/aanmelden/", {"username": "ambtenaar@leuven.be", "password": PASSWORD}
    )
    assert status == 429 and "Aanmelden tijdelijk geblokkeerd" in html


def _found(html):
    return int(re.search(r"(\d+) praktijkvoorbeeld(?:en)? gevonden", html).group(1))


def _theme_count(html, name):
    return int(re.search(rf"{name} <span class=\"count\">\((\d+)\)</span>", html).group(1))


def test_a_publication_changes_the_counts_on_the_next_request_on_every_app_server(
    app_servers, redis_db, make_practice, editor
):
    """Each server holds the facet index of the generation it last saw; a publication on one must show in
    the list and its counts on the very next request to either. (Each server is asked its own address,
    so neither answers from the other's cached page.)"""
    from tests.conftest import PASSWORD

    make_practice(themes=["economie"])
    waiting = make_practice(stage="submitted", themes=["economie"], title="Zomerterrassen voor de horeca")
    visitor = Browser("198.51.100.20")
    sorts = ("recent", "titel")
    for base, sort in zip(app_servers, sorts, strict=True):
        _status, html = visitor.open(f"{base}/praktijken/?sorteer={sort}")
        assert (_found(html), _theme_count(html, "Economie")) == (1, 1)

    editor_browser = Browser("198.51.100.21")
    editor_browser.post_form(f"{app_servers[0]}/aanmelden/", {"username": editor.email, "password": PASSWORD})
    _status, review = editor_browser.open(f"{app_servers[0]}/redactie/praktijken/{waiting.pk}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', review).group(1)
    status, _html = editor_browser.open(
        f"{app_servers[0]}/redactie/praktijken/{waiting.pk}/beslissen/",
        {"beslissing": "goedkeuren", "toelichting": "", "csrfmiddlewaretoken": token},
    )
    assert status == 200

    for base, sort in zip(reversed(app_servers), sorts, strict=True):
        _status, html = visitor.open(f"{base}/praktijken/?thema=economie&sorteer={sort}")
        assert (_found(html), _theme_count(html, "Economie")) == (2, 2)
        newest, oldest = html.index("Zomerterrassen voor de horeca"), html.index("Waardebonnen voor de lokale")
        assert (newest < oldest) == (sort == "recent")
    # Both generations' indexes were built once, by the servers, into the shared cache.
    assert len(redis_db.keys("*catalogue:facet-index:*")) == 2
