"""Input is cleaned where it enters: line endings, control characters and NUL bytes, on every public URL
that takes parameters and in the forms, on SQLite and on PostgreSQL (which refuses NUL in text)."""

import importlib

import pytest
from django.apps import apps

from guidance import services as guidance_services
from guidance.diff import compare
from guidance.models import Section
from guidance.services import SectionText as S
from practices.models import PracticeVersion, ProblemReport
from tests.guidance.test_editing import section_post
from vlaanderenhelpt.text import clean_multiline, clean_text

HOSTILE = ["\x00", "a\x00b", "\x01\x02\x1b[31m", "\x7f\x85", "\r\n", "٣", "²", "9" * 400, "x" * 5000]


def test_clean_text_keeps_words_and_drops_controls():
    assert clean_text("a\r\nb\rc\x00d\x1be\tf") == "a\nb\ncd" + "e\tf"
    assert clean_multiline("Eén  \nTwee   \n\nDrie \n") == "Eén  \nTwee\n\nDrie\n"


@pytest.fixture
def urls(make_practice, editor):
    practice = make_practice(tags=["premie"])
    guide = guidance_services.create_document(editor=editor, title="Gids", sections=[S("Deel", "Tekst.")])
    guidance_services.publish(draft=guide.versions.get(), editor=editor, change_note="", is_major=False)
    return [
        (
            "/praktijken/",
            ["q", "thema", "fase", "doelgroep", "soort", "provincie", "bestuur", "tag", "sorteer", "pagina"],
        ),
        ("/feeds/praktijken.atom", ["q", "thema", "fase", "doelgroep", "soort", "provincie", "bestuur", "tag"]),
        ("/open-data/praktijken.csv", ["q", "thema", "bestuur"]),
        ("/open-data/praktijken.json", ["q", "thema", "bestuur"]),
        ("/", ["q"]),
        ("/besturen/", ["q", "pagina"]),
        ("/besturen/44021/", ["pagina"]),
        (f"/praktijken/{practice.slug}/", ["q"]),
        (f"/handreikingen/{guide.slug}/vergelijk/", ["van", "naar"]),
        (f"/handreikingen/{guide.slug}/suggestie/", ["deel"]),
        ("/aanmelden/", ["next"]),
        ("/sitemap.xml", ["p"]),
        ("/sitemap-praktijken.xml", ["p"]),
    ]


def test_hostile_query_strings_never_give_a_server_error(client, urls):
    failures = []
    for url, params in urls:
        for param in params:
            for value in HOSTILE:
                response = client.get(url, {param: value})
                if response.status_code >= 500:
                    failures.append(f"{url}?{param}={value!r}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "path", ["/besturen/a%00b/", "/praktijken/%00/", "/handreikingen/suggestie-bevestigen/%00/", "/uitnodiging/%00/"]
)
def test_a_control_character_in_the_path_is_not_found(client, db, path):
    assert client.get(path).status_code == 404


def test_a_nul_byte_in_a_cookie_is_harmless(client, make_practice):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/praktijken/").status_code == 200


def test_forms_store_text_without_control_characters_or_crlf(client, make_practice):
    practice = make_practice()
    response = client.post(
        f"/praktijken/{practice.slug}/melden/",
        {"kind": "onjuist", "text": "Eerste regel\r\nTweede\x00 regel\x1b", "email": ""},
    )
    assert response.status_code in (200, 302)
    assert ProblemReport.objects.get().text == "Eerste regel\nTweede regel"


def test_a_draft_saved_from_a_browser_compares_as_unchanged(client, editor):
    """A browser posts CRLF; the site writes LF. Saving unchanged text must not show as a change."""
    body = "Eerste alinea.\n\n- punt een\n- punt twee"
    doc = guidance_services.create_document(editor=editor, title="Gids", sections=[S("Deel", body, "deel")])
    guidance_services.publish(draft=doc.versions.get(), editor=editor, change_note="", is_major=False)
    draft = guidance_services.start_draft(document=doc, editor=editor)
    client.force_login(editor)
    as_posted = body.replace("\n", "\r\n") + "  \r\n"
    client.post(
        f"/redactie/handreikingen/{doc.slug}/concept/", section_post([("deel", "Deel", as_posted, 1, False)], 0)
    )
    draft.refresh_from_db()
    assert draft.revision == 1
    assert draft.sections.get().body == body
    assert [row["kind"] for row in compare(doc.versions.get(number=1), draft)] == ["same"]


def test_the_data_migrations_repair_stored_crlf(make_practice, editor):
    practice = make_practice(stage="draft")
    PracticeVersion.objects.filter(pk=practice.working_version_id).update(description="Een\r\nTwee  \r\nDrie\r\n")
    doc = guidance_services.create_document(editor=editor, title="Gids", sections=[S("Deel", "x", "deel")])
    Section.objects.filter(version__document=doc).update(body="Een\r\nTwee\r\n")
    importlib.import_module("practices.migrations.0006_normalize_text").normalize(apps, None)
    importlib.import_module("guidance.migrations.0004_normalize_text").normalize(apps, None)
    assert PracticeVersion.objects.get(pk=practice.working_version_id).description == "Een\nTwee  \nDrie\n"
    assert Section.objects.get(version__document=doc).body == "Een\nTwee"
