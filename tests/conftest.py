"""Personas and factories shared by the whole suite.

Personas: anonymous, an official of municipality A (Gent) and a colleague of theirs, an official of
municipality B (Leuven), an editor (group "Redactie"), a member of the question desk (group
"Vragendesk") and an administrator.
"""

import os
import shutil
import socket
import tempfile

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection

from accounts.models import EDITORS_GROUP, LocalGovernment, Membership, User
from accounts.services import load_local_governments
from practices import services
from practices.models import Phase, TargetGroup, Theme
from questions import services as question_services
from questions.models import DESK_GROUP, QuestionTheme
from vlaanderenhelpt.attachments import make_upload

PASSWORD = "een-lang-testwachtwoord-42"


def pytest_collection_modifyitems(config, items):
    # Browser and service tests flush the database when they end; run them last so nothing else loses its data.
    items.sort(
        key=lambda item: (
            "tests/e2e/" in str(item.path).replace(os.sep, "/") or item.get_closest_marker("service") is not None
        )
    )


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL); SQLite uses the plain search fallback")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_local_governments()


@pytest.fixture
def seeded():
    """A browser or service test flushes the database when it ends: put the reference data back first."""
    import importlib

    from django.apps import apps

    from accounts.services import load_local_governments

    for module in (
        "practices.migrations.0002_reference_lists_and_editors",
        "accounts.migrations.0004_editors_manage_access",
        "guidance.migrations.0002_editors_edit_guidance",
        "questions.migrations.0002_themes_and_desk",
        "questions.migrations.0004_editors_edit_clarifications",
    ):
        importlib.import_module(module).forwards(apps, None)
    load_local_governments()


@pytest.fixture(autouse=True, scope="session")
def _media_root():
    folder = tempfile.mkdtemp(prefix="vlaanderenhelpt-media-")
    from django.conf import settings

    settings.MEDIA_ROOT = folder
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def gov(name):
    return LocalGovernment.objects.active().municipalities().get(name=name)


def _user(email, *, governments=(), editor=False, desk=False, **extra):
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=email.split("@")[0].title(), **extra)
    for government in governments:
        Membership.objects.create(user=user, local_government=gov(government))
    if editor:
        user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    if desk:
        user.groups.add(Group.objects.get(name=DESK_GROUP))
    return user


@pytest.fixture
def gent(db):
    return gov("Gent")


@pytest.fixture
def leuven(db):
    return gov("Leuven")


@pytest.fixture
def official_a(db):
    return _user("ambtenaar@gent.be", governments=["Gent"])


@pytest.fixture
def official_b(db):
    return _user("ambtenaar@leuven.be", governments=["Leuven"])


@pytest.fixture
def editor(db):
    return _user("redacteur@vlaanderenhelpt.be", editor=True)


@pytest.fixture
def second_editor(db):
    return _user("redacteur2@vlaanderenhelpt.be", editor=True)


@pytest.fixture
def colleague_a(db):
    """A second official of municipality A: reads every question of A."""
    return _user("collega@gent.be", governments=["Gent"])


@pytest.fixture
def desk(db):
    """A member of ABB's question desk (group "Vragendesk"), not an editor."""
    return _user("vragendesk@vlaanderenhelpt.be", desk=True)


@pytest.fixture
def second_desk(db):
    return _user("vragendesk2@vlaanderenhelpt.be", desk=True)


@pytest.fixture
def administrator(db):
    return User.objects.create_superuser(email="beheer@vlaanderenhelpt.be", password=PASSWORD)


@pytest.fixture
def client_for(client):
    """A logged-in client for a persona, or the anonymous client for None."""

    def login(user):
        if user is not None:
            client.force_login(user)
        return client

    return login


def content(**fields):
    """Practice content for the services, with sensible defaults."""
    themes = fields.pop("themes", ["economie"])
    phases = fields.pop("phases", ["lockdown"])
    groups = fields.pop("target_groups", ["handelaars"])
    partners = fields.pop("partners", [])
    tags = fields.pop("tags", [])
    attachments = fields.pop("attachments", ())
    periods = fields.pop("periods", ())
    values = {
        "title": "Waardebonnen voor de lokale handel",
        "summary": "Elke inwoner kreeg een waardebon voor de lokale winkels.",
        "description": "We stuurden elke inwoner een **waardebon** van 20 euro.",
        "kind": "initiatief",
    }
    values.update(fields)
    return services.Content(
        fields=values,
        themes=tuple(Theme.objects.filter(slug__in=themes)),
        phases=tuple(Phase.objects.filter(slug__in=phases)),
        target_groups=tuple(TargetGroup.objects.filter(slug__in=groups)),
        partners=tuple(gov(name) for name in partners),
        attachments=tuple(attachments),
        periods=tuple(periods),
        tags=tuple(tags),
    )


@pytest.fixture
def make_practice(db, official_a, editor):
    """Create a practice through the services: published by default, or left at a given stage."""

    def make(government="Gent", *, author=None, stage="published", files=(), **fields):
        author = author or official_a
        local_government = gov(government)
        if not author.memberships.filter(local_government=local_government).exists() and not author.is_editor:
            Membership.objects.create(user=author, local_government=local_government)
        practice = services.create_practice(author=author, local_government=local_government, content=content(**fields))
        for name, data in files:
            services.add_attachment(practice=practice, author=author, uploaded=make_upload(name, data), title=name)
        if stage in ("submitted", "published"):
            services.submit(practice=practice, actor=author)
        if stage == "published":
            services.approve(practice=practice, actor=editor)
        practice.refresh_from_db()
        return practice

    return make


@pytest.fixture
def ask(official_a, gent):
    """Ask a question through the service, by official A of Gent unless said otherwise."""

    def make(*, official=None, government=None, theme="digitaal-vergaderen", **fields):
        values = {"title": "Mag de gemeenteraad na 30 juni nog digitaal vergaderen?", "text": "Onze raad wil dat."}
        values.update(fields)
        return question_services.ask(
            official=official or official_a,
            local_government=government or gent,
            theme=QuestionTheme.objects.get(slug=theme),
            **values,
        )

    return make


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


REFUSED = "weg@example.org"


class MailServer:
    """What a real mail server on loopback received: it refuses REFUSED, as one whose mailbox is gone does."""

    def __init__(self):
        self.accepted, self.refused, self.connections = [], 0, set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            self.refused += 1
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.accepted.extend(envelope.rcpt_tos)
        self.connections.add(session.peer)
        return "250 OK"


@pytest.fixture
def mail_server(settings):
    """The site's SMTP backend pointed at a MailServer."""
    handler = MailServer()
    controller = Controller(handler, hostname="127.0.0.1", port=closed_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "vlaanderenhelpt.mail.SMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    yield handler
    controller.stop()
