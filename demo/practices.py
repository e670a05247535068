"""Demo users and demo content, through the same service functions a real user goes through."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import EDITORS_GROUP, LocalGovernment, Membership
from alerts import services as alerts
from practices import adoptions, periods, services
from practices.models import Adoption, MeasurePeriod, Phase, Practice, TargetGroup, Theme
from vlaanderenhelpt.attachments import make_upload

from .files import build
from .practice_data import PERIODS, PRACTICES, UNPUBLISHED, UPDATE_IN_REVIEW

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - only ever created in debug
DEMO_USERS = [
    # (e-mail, name, function, local governments, editor?)
    ("redactie@vlaanderenhelpt.be", "Ria Redactie", "Redacteur ABB", [], True),
    ("redactie2@vlaanderenhelpt.be", "Rik Redactie", "Redacteur ABB", [], True),
    ("ambtenaar@gent.be", "Griet Gentenaar", "Beleidsmedewerker", ["Gent"], False),
    ("ambtenaar@leuven.be", "Lukas Leuvenaar", "Diensthoofd economie", ["Leuven", "Tienen"], False),
    ("ambtenaar@kortrijk.be", "Katrien Kortrijk", "Communicatie", ["Kortrijk"], False),
]


class DemoRefused(Exception):
    pass


def _government(name):
    return LocalGovernment.objects.active().municipalities().get(name=name)


def _users():
    User = get_user_model()
    editors = Group.objects.get(name=EDITORS_GROUP)
    users = {}
    for email, name, function, governments, editor in DEMO_USERS:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name, "function": function})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if editor:
            user.groups.add(editors)
        for government in governments:
            Membership.objects.get_or_create(user=user, local_government=_government(government))
        users[email] = user
    admin, created = User.objects.get_or_create(email="beheer@vlaanderenhelpt.be", defaults={"full_name": "Beheerder"})
    if created:
        admin.is_staff = admin.is_superuser = True
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    return users


def _content(item):
    def date(value):
        return datetime.date.fromisoformat(value) if value else None

    return services.Content(
        fields={
            "title": item["title"],
            "summary": item["summary"],
            "description": item["what"],
            "resources": item.get("means", ""),
            "results": item.get("results", ""),
            "difficulties": item.get("lessons", ""),
            "transferability": item.get("tips", ""),
            "kind": item.get("kind", "initiatief"),
            "evidence": item.get("evidence", "gemeten"),
            "started_on": date(item.get("start")),
            "ended_on": date(item.get("end")),
            "contact_name": "Demo Contactpersoon",
            "contact_function": "Projectverantwoordelijke",
            "contact_email": "contact@example.org",
            "contact_phone": "09 123 45 67",
            "contact_consent": True,
        },
        themes=tuple(Theme.objects.filter(slug__in=item.get("themes", []))),
        phases=tuple(Phase.objects.filter(slug__in=item.get("phases", []))),
        target_groups=tuple(TargetGroup.objects.filter(slug__in=item.get("groups", []))),
        partners=tuple(_government(name) for name in item.get("partners", [])),
        periods=tuple(MeasurePeriod.objects.filter(name__in=item.get("periods", []))),
        tags=tuple(item.get("tags", [])),
    )


def _author_for(government, users, editor):
    for user in users.values():
        if user.memberships.filter(local_government=government).exists():
            return user
    return editor


@transaction.atomic
def load_demo_content():
    """Create demo users and practices. Idempotent: what exists already is left alone."""
    if not settings.DEMO_CONTENT:
        raise DemoRefused("Demo-inhoud wordt alleen geladen met DJANGO_DEBUG=true.")
    users = _users()
    editor, second_editor = users["redactie@vlaanderenhelpt.be"], users["redactie2@vlaanderenhelpt.be"]
    created = 0
    _periods(editor)
    for item in PRACTICES:
        if Practice.objects.filter(title=item["title"]).exists():
            continue
        government = _government(item["gov"])
        author = _author_for(government, users, editor)
        practice = services.create_practice(author=author, local_government=government, content=_content(item))
        for name in item.get("files", []):
            title, data = build(name)
            services.add_attachment(practice=practice, author=author, uploaded=make_upload(name, data), title=title)
        services.submit(practice=practice, actor=author)
        services.approve(practice=practice, actor=second_editor if author == editor else editor)
        created += 1

    for item in UNPUBLISHED:
        if Practice.objects.filter(working_version__title=item["title"]).exists():
            continue
        government = _government(item["gov"])
        author = _author_for(government, users, editor)
        practice = services.create_practice(author=author, local_government=government, content=_content(item))
        if item["state"] in ("submitted", "changes_requested"):
            services.submit(practice=practice, actor=author)
        if item["state"] == "changes_requested":
            services.request_changes(practice=practice, actor=editor, reason="Kunt u de resultaten met cijfers staven?")
        created += 1

    live = Practice.objects.get(title=UPDATE_IN_REVIEW["practice"])
    if live.working_version is None:
        author = _author_for(live.local_government, users, editor)
        source = next(item for item in PRACTICES if item["title"] == live.title)
        content = _content({**source, "title": UPDATE_IN_REVIEW["title"], "summary": UPDATE_IN_REVIEW["summary"]})
        content.attachments = tuple(live.attachments.all())
        services.save_draft(practice=live, author=author, content=content)
        services.submit(practice=live, actor=author)
    _adoptions(users, editor)
    _close_periods(editor)
    _template_versions(users, editor, second_editor)
    return created


TEMPLATE = (
    "Bestekmodel voor de aankoop van mondmaskers",
    "bestekmodel-mondmaskers-v2.pdf",
    "Technische eisen volgen nu NBN/DTD S65-001:2020 (30 wasbeurten); de boete is 0,3 % per dag, hoogstens 10 %.",
)


def _template_versions(users, editor, second_editor):
    """A template with two versions: the corrected one online, the first in its history, and an official
    of Leuven following it."""
    practice = Practice.objects.get(title=TEMPLATE[0])
    current = practice.attachments.get()
    if current.series_number == 1:
        author = _author_for(practice.local_government, users, editor)
        _title, data = build(TEMPLATE[1])
        replacement = (current, make_upload("bestekmodel-mondmaskers.pdf", data), TEMPLATE[2])
        services.save_draft(
            practice=practice, author=author, content=services.Content(fields={}), replacements=[replacement]
        )
        services.submit(practice=practice, actor=author)
        services.approve(practice=practice, actor=second_editor if author == editor else editor)
        current = practice.attachments.get()
    follower = users["ambtenaar@leuven.be"]
    alerts.subscribe(email=follower.email, frequency="direct", template=current, user=follower)


def _periods(editor):
    """The periods of measures, open at first: the practices are tied to them before any closes."""
    for name, description, start, _end, _why in PERIODS:
        if not MeasurePeriod.objects.filter(name=name).exists():
            periods.create_period(
                editor=editor, name=name, description=description, starts_on=datetime.date.fromisoformat(start)
            )


def _close_periods(editor):
    """Close the periods that ended: their practices then show the warning "mogelijk verouderd"."""
    for name, _description, _start, end, why in PERIODS:
        period = MeasurePeriod.objects.get(name=name)
        if end and period.closed_at is None:
            periods.close_period(period=period, editor=editor, ends_on=datetime.date.fromisoformat(end), note=why)


# (practice title, adopting government, way, since, note, published?)
ADOPTIONS = [
    (
        "Boodschappendienst door vrijwilligers voor risicogroepen",
        "Leuven",
        "aangepast",
        "2020-04-06",
        "Wij lieten de vrijwilligers via de buurtwerkers lopen in plaats van via een eigen telefoonlijn.",
        True,
    ),
    ("Boodschappendienst door vrijwilligers voor risicogroepen", "Tienen", "ongewijzigd", "2020-04-14", "", True),
    (
        "Relancepremie voor handelaars die zich digitaal versterken",
        "Kortrijk",
        "aangepast",
        "2020-09-01",
        "Een premie van 500 euro in plaats van 1.000, ook voor ambulante handelaars.",
        True,
    ),
    (
        "Relancepremie voor handelaars die zich digitaal versterken",
        "Gent",
        "aangepast",
        "2021-02-15",
        "Gekoppeld aan ons bestaande e-commerceloket.",
        False,
    ),
]


def _adoptions(users, editor):
    """Adoptions between the demo governments: three published, one waiting for the editors."""
    for title, name, way, since, note, published in ADOPTIONS:
        practice = Practice.objects.published().filter(title=title).first()
        government = _government(name)
        if practice is None or Adoption.objects.filter(practice=practice, local_government=government).exists():
            continue
        author = _author_for(government, users, editor)
        adoption = adoptions.record(
            practice=practice,
            local_government=government,
            author=author,
            way=way,
            adopted_on=datetime.date.fromisoformat(since),
            note=note,
        )
        if published:
            adoptions.approve(adoption=adoption, editor=editor)
