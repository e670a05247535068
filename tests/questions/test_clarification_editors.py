"""The editors' screens for clarifications, through the forms as an editor fills them."""

import pytest
from django.test import Client

from questions import services
from questions.models import Clarification, ClarificationVersion, VersionStatus


@pytest.fixture
def answered(ask, official_b, leuven, desk):
    first = ask(title="Mag de raad in Gent digitaal vergaderen?")
    second = ask(official=official_b, government=leuven, title="Digitale raad?")
    for question in (first, second):
        services.answer(question=question, actor=desk, text="Tot 30 juni; bel gerust 02 553 40 00.")
    return first, second


def _form(**fields):
    data = {
        "actie": "bewaren",
        "title": "De gemeenteraad vergadert vanaf 1 juli weer fysiek",
        "body": "Vanaf 1 juli 2021 vergadert de raad weer fysiek.",
        "change_note": "",
        "regels-TOTAL_FORMS": "2",
        "regels-INITIAL_FORMS": "0",
        "regels-MIN_NUM_FORMS": "0",
        "regels-MAX_NUM_FORMS": "20",
        "regels-0-name": "Decreet over het lokaal bestuur",
        "regels-0-article": "art. 1",
        "regels-0-url": "https://codex.vlaanderen.be/",
        "regels-0-valid_from": "2019-01-01",
        "regels-0-valid_until": "",
    }
    data.update(fields)
    return data


def test_an_editor_drafts_from_two_questions_is_warned_and_a_second_editor_publishes(
    client, answered, editor, second_editor, official_a, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    unknown = client.post("/redactie/verduidelijkingen/", {"references": "V-2026-0001, V-1999-0042"}).content.decode()
    assert "Er is geen vraag met deze referentie: V-1999-0042." in unknown
    created = client.post("/redactie/verduidelijkingen/", {"references": "v-2026-0001 V-2026-0002"})
    clarification = Clarification.objects.get()
    assert created["Location"] == clarification.get_editor_url()
    page = client.get(created["Location"]).content.decode()
    assert "Persoonsgegevens in de tekst?" in page and "02 553 40 00" in page and "Gent" in page
    errors = client.post(
        created["Location"],
        _form(
            title="",
            **{"regels-1-article": "art. 2", "regels-1-valid_from": "2021-02-01", "regels-1-valid_until": "2020-01-01"},
        ),
    )
    html = errors.content.decode()
    assert errors.status_code == 200 and "Geef de verduidelijking een titel" in html
    assert "Geef de naam van de regelgeving." in html and "ligt vóór" in html
    assert clarification.versions.get().rules.count() == 0  # nothing half-saved
    client.post(created["Location"], _form())
    version = clarification.versions.get()
    assert version.title.startswith("De gemeenteraad") and version.rules.get().article == "art. 1"
    assert "Persoonsgegevens in de tekst?" not in client.get(created["Location"]).content.decode()
    client.post(created["Location"], _form(actie="aanbieden"))
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED
    assert "een andere redacteur keurt ze goed" in client.get(created["Location"]).content.decode()
    own = client.post(created["Location"], {"actie": "goedkeuren"}, follow=True).content.decode()
    assert "Een andere redacteur keurt goed wat u schreef." in own

    second = Client()
    second.force_login(second_editor)
    back = second.post(created["Location"], {"actie": "terugsturen", "reason": ""}).content.decode()
    assert "Zeg wat er anders moet." in back
    second.post(created["Location"], {"actie": "terugsturen", "reason": "Noem de datum in de titel."})
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    client.post(created["Location"], _form(actie="aanbieden", title="Vanaf 1 juli 2021 vergadert de raad weer fysiek"))
    with django_capture_on_commit_callbacks(execute=True):
        second.post(created["Location"], {"actie": "goedkeuren"})
    clarification.refresh_from_db()
    assert clarification.current.title == "Vanaf 1 juli 2021 vergadert de raad weer fysiek"
    assert clarification.slug == "vanaf-1-juli-2021-vergadert-de-raad-weer-fysiek"
    twice = second.post(created["Location"], {"actie": "goedkeuren"}, follow=True).content.decode()
    assert f"Hierover is al beslist door {second_editor} op " in twice
    corrected = client.post(created["Location"], {"actie": "corrigeren"}, follow=True).content.decode()
    assert "Versie 2 schrijven" in corrected
    assert ClarificationVersion.objects.filter(clarification=clarification, number=2, status="concept").exists()


def test_editors_see_the_themes_that_keep_producing_questions(client, ask, editor):
    for n in range(5):
        ask(theme="personeel", title=f"Telewerk {n}")
    ask(theme="financien", title="Belasting")
    client.force_login(editor)
    for url in ("/redactie/verduidelijkingen/", "/redactie/handreikingen/"):  # the guidance editors see it too
        page = client.get(url).content.decode()
        assert "Personeel: 5 vragen" in page and "Financiën" not in page, url
