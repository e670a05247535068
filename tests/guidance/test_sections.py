"""A guidance draft edited section by section: each section on its own page, moved with buttons, added
and removed from the overview, and never a lost update between two editors."""

import pytest
from django.test import Client

from guidance import services
from guidance.services import SectionText as S


@pytest.fixture
def draft(editor):
    doc = services.create_document(
        editor=editor,
        title="Veilig samenkomen",
        sections=[
            S("Sensibiliseren", "Leg uit waarom.", "sensibiliseren"),
            S("Handhaven", "Eerst aanspreken.", "handhaven"),
            S("Evalueren", "Kijk terug.", "evalueren"),
        ],
    )
    return doc.versions.get()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _order(draft):
    return list(draft.sections.values_list("anchor", flat=True))


def _url(draft, anchor=""):
    base = f"/redactie/handreikingen/{draft.document.slug}/concept/onderdelen/"
    return f"{base}{anchor}/" if anchor else base


def test_the_overview_lists_each_section_with_its_own_page_and_buttons(editor, draft):
    html = _client(editor).get(f"/redactie/handreikingen/{draft.document.slug}/concept/").content.decode()
    assert html.count('name="actie" value="omhoog"') == 2 and html.count('name="actie" value="omlaag"') == 2
    assert f'href="{_url(draft, "handhaven")}"' in html and 'name="revisie" value="0"' in html
    page = _client(editor).get(_url(draft, "handhaven")).content.decode()
    assert "Onderdeel 2 van 3" in page and "Eerst aanspreken." in page and 'name="revisie" value="0"' in page


def test_one_section_is_saved_on_its_own(editor, draft):
    response = _client(editor).post(
        _url(draft, "handhaven"), {"title": "Handhaven", "body": "**Eerst** praten.", "revisie": "0"}
    )
    assert response.status_code == 302 and response["Location"].endswith("concept/#onderdeel-handhaven")
    draft.refresh_from_db()
    assert draft.revision == 1 and draft.sections.get(anchor="handhaven").body == "**Eerst** praten."
    assert draft.sections.get(anchor="sensibiliseren").body == "Leg uit waarom."


def test_a_section_moved_by_one_editor_while_another_edits_it_keeps_both(editor, second_editor, draft):
    writer, mover = _client(editor), _client(second_editor)
    writer.get(_url(draft, "evalueren"))  # opened at revision 0
    assert mover.post(_url(draft), {"actie": "omhoog", "onderdeel": "evalueren", "revisie": "0"}).status_code == 302
    assert _order(draft) == ["sensibiliseren", "evalueren", "handhaven"]
    response = writer.post(
        _url(draft, "evalueren"), {"title": "Evalueren", "body": "Kijk samen terug.", "revisie": "0"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert _order(draft) == ["sensibiliseren", "evalueren", "handhaven"]  # the move stays
    assert draft.sections.get(anchor="evalueren").body == "Kijk samen terug."  # and so does the text
    assert draft.revision == 2


def test_an_edit_of_the_same_section_since_is_shown_and_nothing_is_lost(editor, second_editor, draft):
    first, second = _client(editor), _client(second_editor)
    second.post(
        _url(draft, "handhaven"), {"title": "Handhaven", "body": "Eerst aanspreken, dan beboeten.", "revisie": "0"}
    )
    response = first.post(_url(draft, "handhaven"), {"title": "Handhaven", "body": "Mijn eigen tekst.", "revisie": "0"})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Fout: " in html
    assert "Iemand anders wijzigde dit onderdeel intussen" in html and "dan beboeten." in html
    assert "Mijn eigen tekst." in html  # what this editor typed is still in the form
    assert 'name="revisie" value="1"' in html  # the next save is based on what is stored now
    assert draft.sections.get(anchor="handhaven").body == "Eerst aanspreken, dan beboeten."
    first.post(_url(draft, "handhaven"), {"title": "Handhaven", "body": "Samengevoegd.", "revisie": "1"})
    assert draft.sections.get(anchor="handhaven").body == "Samengevoegd."


def test_an_edit_elsewhere_does_not_block_saving_this_section(editor, second_editor, draft):
    _client(second_editor).post(
        _url(draft, "sensibiliseren"), {"title": "Sensibiliseren", "body": "Nieuw.", "revisie": "0"}
    )
    _client(editor).post(_url(draft, "evalueren"), {"title": "Evalueren", "body": "Ook nieuw.", "revisie": "0"})
    texts = dict(draft.sections.values_list("anchor", "body"))
    assert texts["sensibiliseren"] == "Nieuw." and texts["evalueren"] == "Ook nieuw."


def test_moves_additions_and_removals_are_refused_on_a_changed_draft(editor, second_editor, draft):
    _client(second_editor).post(_url(draft), {"actie": "omlaag", "onderdeel": "sensibiliseren", "revisie": "0"})
    client = _client(editor)
    for data in (
        {"actie": "omhoog", "onderdeel": "evalueren"},
        {"actie": "verwijderen", "onderdeel": "evalueren"},
        {"actie": "toevoegen", "nieuw-title": "Nieuw"},
        {"actie": "omhoog", "onderdeel": "evalueren", "revisie": "x"},
    ):
        response = client.post(_url(draft), {"revisie": "0", **data}, follow=True)
        assert "Het concept werd intussen gewijzigd." in response.content.decode()
    assert _order(draft) == ["handhaven", "sensibiliseren", "evalueren"]


def test_add_and_remove_a_section_from_the_overview(editor, draft):
    client = _client(editor)
    response = client.post(_url(draft), {"actie": "toevoegen", "nieuw-title": "Communiceren", "revisie": "0"})
    assert response["Location"] == _url(draft, "communiceren")
    assert _order(draft)[-1] == "communiceren"
    response = client.post(_url(draft), {"actie": "toevoegen", "nieuw-title": "", "revisie": "1"}, follow=True)
    assert "Geef het nieuwe onderdeel een titel." in response.content.decode()
    client.post(_url(draft), {"actie": "verwijderen", "onderdeel": "handhaven", "revisie": "1"})
    assert _order(draft) == ["sensibiliseren", "evalueren", "communiceren"]
    response = client.post(_url(draft), {"actie": "omhoog", "onderdeel": "sensibiliseren", "revisie": "2"}, follow=True)
    assert "helemaal bovenaan of onderaan" in response.content.decode()


def test_a_section_removed_while_another_editor_writes_it_keeps_the_text(editor, second_editor, draft):
    _client(second_editor).post(_url(draft), {"actie": "verwijderen", "onderdeel": "evalueren", "revisie": "0"})
    response = _client(editor).post(
        _url(draft, "evalueren"), {"title": "Evalueren", "body": "Mijn tekst.", "revisie": "0"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Dit onderdeel werd intussen uit het concept gehaald." in html
    assert "Mijn tekst." in html and "<title>Fout: " in html
    assert _order(draft) == ["sensibiliseren", "handhaven"]
    assert _client(editor).get(_url(draft, "evalueren")).status_code == 404
