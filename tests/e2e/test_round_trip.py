"""Every edit form of the portal, opened in the browser and saved unchanged, leaves the stored object
exactly as it was, field by field. A form a browser cannot read back (a localised date in a date field,
CRLF line endings) loses data on every save; this is where that shows."""

import datetime

import pytest
from playwright.sync_api import expect

from guidance import services as guidance_services
from guidance.diff import compare
from guidance.services import SectionText as S
from practices import periods, services
from practices.forms import STEPS
from practices.models import Practice, PracticeVersion
from tests.conftest import PDF_BYTES
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EVERY_FIELD = {
    "title": "Buurtbellers & vrijwilligers",
    "summary": "Vrijwilligers belden wekelijks alleenstaande ouderen.",
    "description": "We belden **3.200** mensen.\n\n- eerst de oudsten\n- dan wie alleen woont\n\nMet dank  \naan de OCMW's.",
    "resources": "Twee voltijdse medewerkers.",
    "results": "Negen op tien voelde zich minder alleen.",
    "difficulties": "Nummers vinden.",
    "transferability": "Begin klein.",
    "kind": "initiatief",
    "evidence": "gemeten",
    "started_on": datetime.date(2020, 3, 23),
    "ended_on": datetime.date(2020, 5, 4),
    "contact_name": "Jan Peeters",
    "contact_function": "Coördinator",
    "contact_email": "jan@gent.be",
    "contact_phone": "+32 9 123 45 67",
    "contact_consent": True,
    "links": [{"title": "Uitleg", "url": "https://www.gent.be/buurtbellers"}],
}


def snapshot(version):
    values = {name: getattr(version, name) for name in PracticeVersion.SCALAR_FIELDS}
    for name in PracticeVersion.RELATED_FIELDS:
        values[name] = sorted(getattr(version, name).values_list("pk", flat=True))
    values["tag_names"] = version.tag_names
    return values


def full_practice(make_practice, stage):
    from accounts.models import User

    editor = User.objects.filter(groups__name="Redactie").first()
    lockdown = periods.create_period(editor=editor, name="Eerste lockdown", starts_on=datetime.date(2020, 3, 18))
    practice = make_practice(
        stage="draft",
        periods=[lockdown],
        themes=["solidariteit", "zorg-en-opvang"],
        phases=["lockdown"],
        target_groups=["kwetsbare-groepen"],
        partners=["Destelbergen", "Lochristi"],
        tags=["eenzaamheid", "ouderen"],
        files=[("belscript.pdf", PDF_BYTES)],
        **EVERY_FIELD,
    )
    if stage != "draft":
        services.submit(practice=practice, actor=practice.created_by)
    return Practice.objects.get(pk=practice.pk)


@pytest.mark.parametrize("stage", ["draft", "published"])
def test_the_practice_form_saved_unchanged_changes_nothing(page, live_server, seeded, make_practice, editor, stage):
    practice = full_practice(make_practice, "submitted" if stage == "published" else "draft")
    if stage == "published":
        services.approve(practice=practice, actor=editor)
    practice.refresh_from_db()
    before = snapshot(practice.working_version or practice.published_version)
    assert before["started_on"] and before["partners"] and before["attachments"] and before["periods"]
    log_in(page, live_server, "ambtenaar@gent.be")
    for step in STEPS:  # every step of the task list, opened and saved as it is
        page.goto(f"{live_server.url}/mijn-praktijken/{practice.pk}/bewerken/{step.slug}/")
        page.get_by_role("button", name="Bewaren en naar het overzicht").click()
        expect(page.get_by_text(f"“{step.title}” is bewaard.")).to_be_visible()
    practice.refresh_from_db()
    assert snapshot(practice.working_version) == before
    if stage == "published":  # the update is a new version; the live one is untouched
        assert practice.working_version_id != practice.published_version_id
        assert snapshot(practice.published_version) == before


def test_the_editors_correction_form_saved_unchanged_changes_nothing(page, live_server, seeded, make_practice, editor):
    practice = full_practice(make_practice, "submitted")
    before = snapshot(practice.working_version)
    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    page.goto(f"{live_server.url}/redactie/praktijken/{practice.pk}/corrigeren/")
    page.get_by_role("button", name="Correctie bewaren").click()
    expect(page.get_by_text("Correctie bewaard")).to_be_visible()
    practice.refresh_from_db()
    assert practice.working_version.number == 2
    assert snapshot(practice.working_version) == before


def test_the_guidance_draft_saved_unchanged_changes_nothing(page, live_server, seeded, editor):
    body = "Eerste alinea met **nadruk**.\n\n- een punt\n- nog een punt\n\nEen regel  \nmet een harde overgang."
    doc = guidance_services.create_document(
        editor=editor,
        title="Veilig samenkomen",
        sections=[S("Sensibiliseren", body, "sensibiliseren"), S("Handhaven", "Eerst aanspreken.", "handhaven")],
    )
    guidance_services.publish(draft=doc.versions.get(), editor=editor, change_note="", is_major=False)
    draft = guidance_services.start_draft(document=doc, editor=editor)
    before = list(draft.sections.values_list("position", "anchor", "title", "body"))
    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    page.goto(f"{live_server.url}/redactie/handreikingen/{doc.slug}/concept/alles/")
    page.get_by_role("button", name="Concept bewaren").click()
    expect(page.get_by_text("Het concept is bewaard.")).to_be_visible()
    for anchor, title in (("sensibiliseren", "Sensibiliseren"), ("handhaven", "Handhaven")):  # each on its own page
        page.goto(f"{live_server.url}/redactie/handreikingen/{doc.slug}/concept/onderdelen/{anchor}/")
        page.get_by_role("button", name="Onderdeel bewaren").click()
        expect(page.get_by_text(f"“{title}” is bewaard.")).to_be_visible()
    draft.refresh_from_db()
    assert draft.revision == 3  # it was really saved, three times
    assert list(draft.sections.values_list("position", "anchor", "title", "body")) == before
    assert {row["kind"] for row in compare(doc.versions.get(number=1), draft)} == {"same"}


@pytest.mark.parametrize("notify", [True, False])
def test_the_profile_saved_unchanged_changes_nothing(page, live_server, seeded, editor, notify):
    editor.notify_new_submissions = notify
    editor.save(update_fields=["notify_new_submissions"])
    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    page.goto(f"{live_server.url}/profiel/")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_text("Uw voorkeur is bewaard.")).to_be_visible()
    editor.refresh_from_db()
    assert editor.notify_new_submissions is notify


def test_the_practice_links_of_a_section_saved_unchanged_change_nothing(
    page, live_server, seeded, make_practice, editor
):
    cited = [make_practice(title="Buurtbellers"), make_practice("Leuven", title="Waardebonnen")]
    doc = guidance_services.create_document(editor=editor, title="Gids", sections=[S("Deel", "Tekst.", "deel")])
    guidance_services.publish(draft=doc.versions.get(), editor=editor, change_note="", is_major=False)
    draft = guidance_services.start_draft(document=doc, editor=editor)
    guidance_services.cite_practices(draft=draft, editor=editor, anchor="deel", practices=cited)
    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    page.goto(f"{live_server.url}/redactie/handreikingen/{doc.slug}/concept/deel/praktijken/")
    page.get_by_role("button", name="Koppelingen bewaren").click()
    expect(page.get_by_text("De praktijkvoorbeelden bij “Deel” zijn bewaard.")).to_be_visible()
    assert sorted(draft.sections.get().practices.values_list("pk", flat=True)) == sorted(p.pk for p in cited)
