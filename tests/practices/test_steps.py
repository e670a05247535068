"""The submission as a task list: each step saves only its own fields, the overview says what is
done and what is still needed, the check page submits, and the confirmation says how long review takes."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from practices import services
from practices.models import Action, Decision, Practice, Status, Theme
from tests.conftest import PDF_BYTES, gov


@pytest.fixture
def official(client, official_a):
    client.force_login(official_a)
    return client


def _step(client, practice, slug, data, button="next"):
    return client.post(f"/mijn-praktijken/{practice.pk}/bewerken/{slug}/", {**data, button: ""})


def test_a_new_practice_starts_with_its_first_step_and_saving_it_creates_the_draft(official):
    page = official.get("/mijn-praktijken/nieuw/").content.decode()
    assert "Stap 1 van 6" in page and 'id="id_description"' not in page and 'id="id_title"' in page
    response = official.post(
        "/mijn-praktijken/nieuw/",
        {"local_government": str(gov("Gent").pk), "title": "Buurtbellers", "kind": "initiatief", "next": ""},
    )
    practice = Practice.objects.get()
    assert response["Location"] == f"/mijn-praktijken/{practice.pk}/bewerken/aanpak/"
    assert practice.working_version.title == "Buurtbellers" and practice.status == Status.DRAFT


def test_a_step_changes_its_own_fields_and_leaves_the_others_as_they_were(official, make_practice):
    practice = make_practice(stage="draft", partners=["Leuven"], tags=["premie"], files=[("bestek.pdf", PDF_BYTES)])
    version = practice.working_version
    before = (
        version.summary,
        list(version.themes.all()),
        list(version.partners.all()),
        version.tag_names,
        list(version.attachments.all()),
    )
    response = _step(official, practice, "aanpak", {"description": "Nieuwe **aanpak**.", "resources": "Twee mensen."})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.description == "Nieuwe **aanpak**." and version.resources == "Twee mensen."
    after = (
        version.summary,
        list(version.themes.all()),
        list(version.partners.all()),
        version.tag_names,
        list(version.attachments.all()),
    )
    assert after == before


def test_the_overview_shows_what_is_complete_in_progress_needed_or_optional(official, official_a):
    official.post(
        "/mijn-praktijken/nieuw/",
        {"local_government": str(gov("Gent").pk), "title": "Half af", "kind": "initiatief", "overview": ""},
    )
    practice = Practice.objects.get()
    page = official.get(f"/mijn-praktijken/{practice.pk}/bewerken/").content.decode()
    status = {
        slug: page.split(f'id="task-{slug}-status"')[1].split("</span>")[0] for slug in ("basis", "aanpak", "contact")
    }
    assert "Bezig" in status["basis"]  # a title, but no summary or theme yet
    assert "Nodig om in te dienen" in status["aanpak"]
    assert "Niet ingevuld (niet verplicht)" in status["contact"]
    theme = Theme.objects.get(slug="solidariteit")
    _step(
        official,
        practice,
        "basis",
        {"title": "Half af", "summary": "Kort.", "kind": "initiatief", "themes": [str(theme.pk)]},
    )
    page = official.get(f"/mijn-praktijken/{practice.pk}/bewerken/").content.decode()
    assert "Voltooid" in page.split('id="task-basis-status"')[1].split("</span>")[0]


def test_partners_are_chosen_by_typing_their_name(official, make_practice):
    practice = make_practice(stage="draft", partners=["Leuven"])
    page = official.get(f"/mijn-praktijken/{practice.pk}/bewerken/context/").content.decode()
    assert page.count('name="partners"') == 1  # one box: the partner already chosen, never all 300
    assert '<datalist id="gemeenten">' in page and '<option value="Kortrijk">' in page
    leuven = str(gov("Leuven").pk)
    response = _step(
        official, practice, "context", {"partners": [leuven], "partner_names": "kortrijk, Brugge"}, button="add_partner"
    )
    assert response["Location"].endswith("/bewerken/context/#id_partner_names")
    names = sorted(practice.working_version.partners.values_list("name", flat=True))
    assert names == ["Brugge", "Kortrijk", "Leuven"]
    # Unticking removes; an unknown name is named in the error and nothing is saved.
    response = _step(official, practice, "context", {"partners": [], "partner_names": "Gentbrugge-aan-Zee"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geen gemeente gevonden met de naam “Gentbrugge-aan-Zee”." in html and "<title>Fout: " in html
    assert practice.working_version.partners.count() == 3


def test_the_check_page_names_what_is_missing_and_links_to_its_step(official, official_a):
    practice = services.create_practice(
        author=official_a,
        local_government=gov("Gent"),
        content=services.Content(fields={"title": "Zonder samenvatting", "kind": "initiatief"}),
    )
    page = official.get(f"/mijn-praktijken/{practice.pk}/controleren/").content.decode()
    assert f'href="/mijn-praktijken/{practice.pk}/bewerken/basis/#id_summary">Vul een samenvatting in.' in page
    assert f'href="/mijn-praktijken/{practice.pk}/bewerken/aanpak/#id_description">' in page
    assert 'name="submit"' not in page
    # A forged submit is refused by the service, with the error at the top.
    response = official.post(f"/mijn-praktijken/{practice.pk}/controleren/", {"submit": ""})
    assert "Vul nog aan voor u indient" in response.content.decode()
    assert Practice.objects.get(pk=practice.pk).status == Status.DRAFT


def test_submitting_from_the_check_page_sends_the_note_and_shows_the_confirmation(official, make_practice):
    practice = make_practice(stage="draft")
    page = official.get(f"/mijn-praktijken/{practice.pk}/controleren/").content.decode()
    assert 'Wijzigen<span class="visually-hidden"> de basis</span>' in page
    assert "<strong>waardebon</strong>" in page  # the text as it will be published
    response = official.post(
        f"/mijn-praktijken/{practice.pk}/controleren/", {"note_to_editors": "Cijfers volgen.", "submit": ""}
    )
    assert response["Location"] == f"/mijn-praktijken/{practice.pk}/ingediend/"
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED and practice.working_version.note_to_editors == "Cijfers volgen."
    confirmation = official.get(response["Location"]).content.decode()
    assert "Praktijkvoorbeeld ingediend" in confirmation
    assert "nog te weinig voorbeelden beoordeeld" in confirmation


def _reviewed(practice, official, editor, submitted, decided):
    Decision.objects.create(
        practice=practice,
        actor=official,
        action=Action.SUBMIT,
        from_state=Status.DRAFT,
        to_state=Status.SUBMITTED,
        created_at=submitted,
    )
    Decision.objects.create(
        practice=practice,
        actor=editor,
        action=Action.APPROVE,
        from_state=Status.SUBMITTED,
        to_state=Status.PUBLISHED,
        created_at=decided,
    )


def test_the_usual_review_time_counts_working_days_of_the_last_90_days(make_practice, official_a, editor):
    monday = timezone.make_aware(datetime(2026, 11, 2, 10))
    assert monday.weekday() == 0
    # Working days from submission to decision: 0 (same day), 1, 1 (Friday to Monday), 4, and 7 over the
    # ten days to Thursday 12 November (a weekend, and Armistice Day on the Wednesday, a public holiday).
    spans = [
        (monday, monday + timedelta(hours=3)),
        (monday, monday + timedelta(days=1)),
        (monday + timedelta(days=4), monday + timedelta(days=7)),
        (monday, monday + timedelta(days=4)),
        (monday, monday + timedelta(days=10)),
    ]
    for number, (submitted, decided) in enumerate(spans):
        _reviewed(make_practice(stage="draft", title=f"P{number}"), official_a, editor, submitted, decided)
    old = make_practice(stage="draft", title="Lang geleden")
    _reviewed(old, official_a, editor, monday - timedelta(days=200), monday - timedelta(days=100))
    since = monday - timedelta(days=30)
    assert sorted(Decision.objects.review_times(since)) == [0, 1, 1, 4, 7]
    # Four in five were decided within 4 working days; the one of 100 days ago is not counted.
    now = monday + timedelta(days=12)
    assert Decision.objects.usual_review_days(now=now) == 4
    assert Decision.objects.usual_review_days(now=now, minimum=6) is None


def test_a_published_practice_without_changes_has_nothing_to_submit(official, make_practice):
    practice = make_practice()
    page = official.get(f"/mijn-praktijken/{practice.pk}/controleren/").content.decode()
    assert "Er is nog niets gewijzigd tegenover de gepubliceerde versie." in page and 'name="submit"' not in page
    _step(
        official,
        practice,
        "basis",
        {
            "title": "Nieuwe titel",
            "summary": "Kort.",
            "kind": "initiatief",
            "themes": [str(Theme.objects.get(slug="economie").pk)],
        },
    )
    page = official.get(f"/mijn-praktijken/{practice.pk}/controleren/").content.decode()
    assert 'name="submit"' in page
    practice.refresh_from_db()
    assert practice.title != "Nieuwe titel"  # the live version stays until the update is approved
