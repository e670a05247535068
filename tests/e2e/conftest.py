"""Browser tests: Debian's Chromium driven by Playwright against the live test server."""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
import warnings
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from fixtures are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is missing at {CHROMIUM}; CI installs it with apt (see .ci/run).")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


VNU_JAR = Path(
    os.environ.get("VNU_JAR", Path(__file__).resolve().parents[2] / ".tools/node_modules/vnu-jar/build/dist/vnu.jar")
)


@pytest.fixture(scope="session")
def nu_checker():
    """The Nu HTML checker as a local service (vnu-jar, started once), or None where it is not installed
    outside CI. Every page a browser test is served is checked against it."""
    if not VNU_JAR.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"The Nu HTML checker is missing at {VNU_JAR}; CI installs it with npm (see .ci/run).")
        warnings.warn(f"Nu HTML checker not installed at {VNU_JAR} (make vnu): pages are not checked", stacklevel=1)
        yield None
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            "java",
            "-Xss4m",
            "-Dnu.validator.servlet.bind-address=127.0.0.1",
            "-cp",
            str(VNU_JAR),
            "nu.validator.servlet.Main",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/?out=json"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("The Nu HTML checker did not start")
            time.sleep(0.5)
    yield url
    process.terminate()
    process.wait(timeout=10)


def nu_errors(checker, html):
    request = urllib.request.Request(
        checker, data=html.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        messages = json.load(answer)["messages"]
    return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


def _checked_page(browser, checker, **options):
    """A page in a fresh context; every HTML document it is served, as the server sent it, goes to the Nu
    checker when the test ends."""
    context = browser.new_context(locale="nl-BE", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    served = []

    def keep(response):
        if response.request.resource_type == "document" and "text/html" in response.headers.get("content-type", ""):
            with contextlib.suppress(Exception):  # a redirect or an aborted navigation has no body
                served.append((response.url, response.text()))

    if checker:
        page.on("response", keep)
    yield page
    context.close()
    problems = [
        f"{url} line {error.get('lastLine')}: {error['message']}"
        for url, html in served
        for error in nu_errors(checker, html)
    ]
    assert not problems, "The Nu HTML checker found errors:\n" + "\n".join(dict.fromkeys(problems))


@pytest.fixture
def page(browser, nu_checker):
    # bypass_csp lets axe-core be injected; the site itself never needs inline script.
    yield from _checked_page(browser, nu_checker, bypass_csp=True, accept_downloads=True)


@pytest.fixture
def page_without_js(browser, nu_checker):
    yield from _checked_page(browser, nu_checker, java_script_enabled=False)


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def check(page):
        options = {
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
            },
            "resultTypes": ["violations"],
        }
        results = checker.run(page, options=options)
        violations = results.response["violations"]
        report = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations
        )
        assert not violations, f"axe found {len(violations)} violation(s) on {page.url}:\n{report}"

    return check


def log_in(page, live_server, email):
    """Log in through the form, as a person would (the session of a previous user is dropped first)."""
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD

    page.context.clear_cookies()
    page.goto(live_server.url + "/aanmelden/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()


def write_practice(page, live_server, *, title, summary, description, theme="Solidariteit", files=()):
    """Write a new practice through its steps, as an official would, and end at its task list."""
    from playwright.sync_api import expect

    page.goto(live_server.url + "/mijn-praktijken/nieuw/")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Samenvatting").fill(summary)
    page.get_by_label(theme).check()
    page.get_by_role("button", name="Bewaren en verder").click()
    page.get_by_label("Wat hebben we gedaan?").fill(description)
    page.get_by_role("button", name="Bewaren en naar het overzicht").click()
    if files:
        page.get_by_role("link", name="Sjablonen en bijlagen").click()
        page.get_by_label("Bijlagen toevoegen").set_input_files([str(f) for f in files])
        page.get_by_role("button", name="Bewaren en naar het overzicht").click()
    expect(page.get_by_role("link", name="Controleren en indienen")).to_be_visible()


def submit_from_task_list(page):
    """From the task list: the check page, then the submission and its confirmation."""
    from playwright.sync_api import expect

    page.get_by_role("link", name="Controleren en indienen").click()
    page.get_by_role("button", name="Indienen bij de redactie").click()
    expect(page.locator(".panel-confirmation h1")).to_contain_text("ingediend")
