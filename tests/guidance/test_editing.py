"""The editors' guidance screens: drafts, sections with stable anchors, no lost update, publishing,
withdrawing, attachments and practice links."""

import pytest

from guidance import services
from guidance.models import DraftSave, GuidanceAttachment, GuidanceDecision, GuidanceDocument, PublishedVersionError
from guidance.services import SectionText as S
from practices import services as practice_services
from practices.models import Theme
from tests.conftest import PDF_BYTES
from vlaanderenhelpt.attachments import make_upload
from vlaanderenhelpt.models import ImmutableRecordError

PREFIX = "onderdelen"


@pytest.fixture
def published(editor):
    doc = services.create_document(
        editor=editor,
        title="Veilig samenkomen",
        summary="Sensibiliseren en handhaven.",
        sections=[
            S("Sensibiliseren", "Leg uit waarom.", "sensibiliseren"),
            S("Handhaven", "Eerst aanspreken.", "handhaven"),
        ],
    )
    services.publish(draft=doc.versions.get(), editor=editor, change_note="Eerste versie.", is_major=True)
    return doc


def section_post(rows, revision, *, initial=None):
    """The POST of the draft form: rows of (anchor, title, body, order, delete)."""
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PREFIX}-INITIAL_FORMS": str(initial if initial is not None else len(rows)),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
        "revisie": str(revision),
    }
    for i, (anchor, title, body, order, delete) in enumerate(rows):
        data.update(
            {
                f"{PREFIX}-{i}-anchor": anchor,
                f"{PREFIX}-{i}-title": title,
                f"{PREFIX}-{i}-body": body,
                f"{PREFIX}-{i}-ORDER": str(order),
            }
        )
        if delete:
            data[f"{PREFIX}-{i}-DELETE"] = "on"
    return data


def test_an_editor_creates_a_document_and_writes_its_first_draft(client, editor):
    client.force_login(editor)
    theme = Theme.objects.get(slug="economie")
    response = client.post(
        "/redactie/handreikingen/nieuw/", {"title": "Mondmaskers aankopen", "summary": "Bestek.", "themes": [theme.pk]}
    )
    doc = GuidanceDocument.objects.get(title="Mondmaskers aankopen")
    assert list(doc.themes.all()) == [theme]
    assert response["Location"] == f"/redactie/handreikingen/{doc.slug}/concept/"
    page = client.get(response["Location"]).content.decode()
    assert "Concept-versie 1" in page and "<h2>Inleiding</h2>" in page
    assert client.get(doc.get_absolute_url()).status_code == 404  # a draft is invisible to the public


def test_create_without_a_title_shows_the_error_at_the_field_and_on_top(client, editor):
    client.force_login(editor)
    html = client.post("/redactie/handreikingen/nieuw/", {"title": "", "summary": "x" * 501}).content.decode()
    assert 'class="error-summary"' in html and 'href="#id_title"' in html
    assert "Geef de handreiking een titel." in html and "niet meer dan 500 tekens bevat" in html
    assert not GuidanceDocument.objects.exists()


def test_sections_are_added_edited_renamed_reordered_and_removed_with_stable_anchors(client, editor, published):
    services.start_draft(document=published, editor=editor)
    client.force_login(editor)
    url = f"/redactie/handreikingen/{published.slug}/concept/"
    rows = [
        ("sensibiliseren", "Sensibiliseren", "Leg uit waarom.", 2, True),
        ("handhaven", "Handhaven op markten", "Eerst aanspreken, dan waarschuwen.", 1, False),
        ("", "Samenwerken met de politie", "Spreek af wie wat doet.", 3, False),
    ]
    response = client.post(url, section_post(rows, 0, initial=2))
    assert response["Location"] == url
    draft = published.versions.get(number=2)
    assert [(s.anchor, s.title, s.position) for s in draft.sections.all()] == [
        ("handhaven", "Handhaven op markten", 1),
        ("samenwerken-met-de-politie", "Samenwerken met de politie", 2),
    ]
    assert draft.revision == 1 and DraftSave.objects.filter(version=draft).count() == 2
    assert published.versions.get(number=1).sections.count() == 2  # the published version is untouched


def test_an_outdated_save_is_refused_shows_the_other_change_and_keeps_the_text(
    client, editor, second_editor, published
):
    draft = services.start_draft(document=published, editor=editor)
    url = f"/redactie/handreikingen/{published.slug}/concept/"
    base = [
        ("sensibiliseren", "Sensibiliseren", "Leg uit waarom.", 1, False),
        ("handhaven", "Handhaven", "Eerst aanspreken.", 2, False),
    ]
    client.force_login(second_editor)
    theirs = [base[0], ("handhaven", "Handhaven", "Eerst aanspreken, dan beboeten.", 2, False)]
    assert client.post(url, section_post(theirs, 0))["Location"] == url

    client.force_login(editor)
    mine = [("sensibiliseren", "Sensibiliseren", "Leg uit waarom, in eenvoudige taal.", 1, False), base[1]]
    response = client.post(url, section_post(mine, 0))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Uw wijzigingen zijn niet bewaard: Redacteur2 bewaarde dit concept intussen." in html
    assert '<ins><span class="visually-hidden">toegevoegd: </span>aanspreken, dan beboeten.</ins>' in html  # theirs
    assert "Leg uit waarom, in eenvoudige taal.</textarea>" in html  # the refused text stays in the form
    assert 'name="revisie" value="1"' in html  # merged by hand, the next save is based on the stored copy
    draft.refresh_from_db()
    assert draft.sections.get(anchor="handhaven").body == "Eerst aanspreken, dan beboeten."
    assert draft.sections.get(anchor="sensibiliseren").body == "Leg uit waarom."

    merged = [("sensibiliseren", "Sensibiliseren", "Leg uit waarom, in eenvoudige taal.", 1, False), theirs[1]]
    assert client.post(url, section_post(merged, 1))["Location"] == url
    assert draft.sections.get(anchor="sensibiliseren").body == "Leg uit waarom, in eenvoudige taal."


def test_a_forged_or_missing_revision_is_never_current(client, editor, published):
    draft = services.start_draft(document=published, editor=editor)
    client.force_login(editor)
    data = section_post([("handhaven", "Weg ermee", "", 1, False)], 0)
    data["revisie"] = "abc"
    html = client.post(f"/redactie/handreikingen/{published.slug}/concept/", data).content.decode()
    assert "niet bewaard" in html
    assert draft.sections.filter(title="Weg ermee").count() == 0


def test_the_service_refuses_an_outdated_save(editor, second_editor, published):
    draft = services.start_draft(document=published, editor=editor)
    services.save_sections(draft=draft, editor=second_editor, sections=[S("Eén deel", "x")], expected_revision=0)
    with pytest.raises(services.DraftConflict) as refused:
        services.save_sections(draft=draft, editor=editor, sections=[S("Ander deel", "y")], expected_revision=0)
    assert refused.value.saved_by == second_editor and refused.value.revision == 1
    assert [s["title"] for s in refused.value.current] == ["Eén deel"]
    assert [s.title for s in draft.sections.all()] == ["Eén deel"]


def test_removing_every_section_is_refused_with_a_message(client, editor, published):
    services.start_draft(document=published, editor=editor)
    client.force_login(editor)
    rows = [("sensibiliseren", "Sensibiliseren", "", 1, True), ("handhaven", "Handhaven", "", 2, True)]
    html = client.post(f"/redactie/handreikingen/{published.slug}/concept/", section_post(rows, 0)).content.decode()
    assert "minstens één onderdeel met een titel" in html
    assert published.versions.get(number=2).sections.count() == 2


def test_an_overlong_section_gets_a_clear_error(client, editor, published):
    services.start_draft(document=published, editor=editor)
    client.force_login(editor)
    rows = [("sensibiliseren", "x" * 201, "y" * 20001, 1, False)]
    html = client.post(f"/redactie/handreikingen/{published.slug}/concept/", section_post(rows, 0)).content.decode()
    assert "Onderdeel 1, titel van het onderdeel: Zorg dat deze waarde niet meer dan 200 tekens bevat" in html
    assert "Onderdeel 1, tekst: Zorg dat deze waarde niet meer dan 20000 tekens bevat" in html


def test_publishing_a_major_change_needs_a_change_note(client, editor, published):
    services.start_draft(document=published, editor=editor)
    client.force_login(editor)
    url = f"/redactie/handreikingen/{published.slug}/concept/publiceren/"
    html = client.post(url, {"kind": "groot", "change_note": " ", "revisie": "0"}).content.decode()
    assert 'class="error-summary"' in html and 'href="#id_change_note"' in html
    assert "bij een grote wijziging is die verplicht" in html
    assert not published.versions.get(number=2).is_published
    response = client.post(url, {"kind": "groot", "change_note": "Handhaving herschreven.", "revisie": "0"})
    assert response["Location"] == f"/handreikingen/{published.slug}/versies/2/"
    version = published.versions.get(number=2)
    assert version.is_major and version.change_note == "Handhaving herschreven." and version.published_by == editor
    decision = GuidanceDecision.objects.get(action="publish", version=version)
    assert (decision.actor, decision.from_state, decision.to_state) == (editor, "concept", "gepubliceerd")
    with pytest.raises(ImmutableRecordError):
        decision.delete()


def test_a_draft_saved_again_since_the_publish_page_was_opened_is_not_published_unseen(
    client, editor, second_editor, published
):
    draft = services.start_draft(document=published, editor=editor)
    services.save_sections(draft=draft, editor=second_editor, sections=[S("Handhaven", "Meteen beboeten.")])
    client.force_login(editor)
    url = f"/redactie/handreikingen/{published.slug}/concept/publiceren/"
    html = client.post(url, {"kind": "klein", "change_note": "", "revisie": "0"}).content.decode()
    assert "Het concept werd intussen opnieuw bewaard." in html and "Meteen beboeten." in html
    assert 'name="revisie" value="1"' in html
    assert not published.versions.get(number=2).is_published
    assert client.post(url, {"kind": "klein", "change_note": "", "revisie": "1"}).status_code == 302
    assert published.versions.get(number=2).is_published


def test_a_published_version_cannot_be_changed_through_the_editors_screens(client, editor, published):
    client.force_login(editor)
    # No draft: a forged POST changes nothing (the text comes back to be put in a new draft).
    url = f"/redactie/handreikingen/{published.slug}/concept/"
    assert client.get(url).status_code == 404
    assert client.post(url, section_post([("handhaven", "Gewijzigd", "", 1, False)], 0)).status_code == 200
    assert not published.versions.drafts().exists()
    told = client.post(f"{url}publiceren/", {"kind": "klein"}, follow=True).content.decode()
    assert "Hierover is al beslist door" in told and "versie 1 gepubliceerd" in told
    assert published.versions.get(number=1).sections.filter(title="Gewijzigd").count() == 0


def test_officials_cannot_post_to_the_editors_screens(client, official_a, published, editor):
    services.start_draft(document=published, editor=editor)
    client.force_login(official_a)
    base = f"/redactie/handreikingen/{published.slug}/"
    assert client.post(f"{base}concept/publiceren/", {"kind": "klein"}).status_code == 404
    assert client.post(f"{base}intrekken/", {"reason": "Weg."}).status_code == 404
    assert client.post(f"{base}concept/", section_post([("x", "Gekaapt", "", 1, False)], 0)).status_code == 404
    assert not published.versions.get(number=2).is_published
    assert not GuidanceDocument.objects.get(pk=published.pk).withdrawn_at


def test_withdrawing_keeps_the_document_readable_with_the_reason(client, editor, published):
    client.force_login(editor)
    url = f"/redactie/handreikingen/{published.slug}/intrekken/"
    html = client.post(url, {"reason": ""}).content.decode()
    assert "Schrijf waarom de handreiking ingetrokken wordt." in html and 'class="error-summary"' in html
    client.post(url, {"reason": "Vervangen door de nieuwe richtlijnen van 1 juli."})
    client.logout()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Deze handreiking is ingetrokken op" in page and "Vervangen door de nieuwe richtlijnen van 1 juli." in page
    assert "Een suggestie geven" not in page
    history = client.get(f"{published.get_absolute_url()}versies/").content.decode()
    assert "Deze handreiking is ingetrokken op" in history
    assert client.get(f"{published.get_absolute_url()}suggestie/").status_code == 404
    with pytest.raises(services.GuidanceError, match="ingetrokken"):
        services.start_draft(document=published, editor=editor)


def test_attachments_are_versioned_with_the_document(client, editor, published):
    draft = services.start_draft(document=published, editor=editor)
    client.force_login(editor)
    base = f"/redactie/handreikingen/{published.slug}/concept/"
    upload = make_upload("Bestek mondmaskers.pdf", PDF_BYTES)
    assert client.post(f"{base}bijlagen/", {"file": upload, "title": "Model bestek"})["Location"] == base
    attachment = draft.attachments.get()
    assert attachment.title == "Model bestek" and attachment.file.name.startswith("handreikingen/")
    client.logout()
    assert client.get(f"{published.get_absolute_url()}versies/2/bijlagen/{attachment.pk}/").status_code == 404
    services.publish(draft=draft, editor=editor, change_note="Model toegevoegd.", is_major=False)
    download = client.get(f"{published.get_absolute_url()}versies/2/bijlagen/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert download["Content-Disposition"] == 'attachment; filename="model-bestek.pdf"'
    with pytest.raises(PublishedVersionError):
        attachment.delete()
    with pytest.raises(PublishedVersionError):
        GuidanceAttachment.objects.filter(pk=attachment.pk).delete()

    # The next draft carries the file; taking it out there leaves version 2 as it was.
    third = services.start_draft(document=published, editor=editor)
    services.remove_attachment(draft=third, editor=editor, attachment_id=third.attachments.get().pk)
    assert GuidanceAttachment.objects.filter(version__number=2, version__document=published).count() == 1


def test_a_disguised_file_is_refused_at_the_field(client, editor, published):
    services.start_draft(document=published, editor=editor)
    client.force_login(editor)
    upload = make_upload("bestek.pdf", b"<script>alert(1)</script>")
    response = client.post(f"/redactie/handreikingen/{published.slug}/concept/bijlagen/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "De inhoud van het bestand komt niet overeen met een .pdf-bestand" in html
    assert 'class="error-summary"' in html and not GuidanceAttachment.objects.exists()


def test_practices_are_linked_through_search_and_named_on_their_page(client, editor, published, make_practice):
    practice = make_practice(title="Afstandsregels op de wekelijkse markt")
    other = make_practice(title="Waardebonnen voor de lokale handel")
    draft = services.start_draft(document=published, editor=editor)
    client.force_login(editor)
    url = f"/redactie/handreikingen/{published.slug}/concept/handhaven/praktijken/"
    found = client.get(url, {"q": "markt"}).content.decode()
    assert "Afstandsregels op de wekelijkse markt" in found and "Waardebonnen" not in found
    assert client.post(url, {"practices": [practice.pk]})["Location"].endswith("/concept/")
    assert list(draft.sections.get(anchor="handhaven").practices.all()) == [practice]
    services.publish(draft=draft, editor=editor, change_note="Voorbeeld toegevoegd.", is_major=False)

    client.logout()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Vermeld in handreiking" in page
    assert f'href="/handreikingen/{published.slug}/#handhaven">Veilig samenkomen, Handhaven</a>' in page
    assert "Vermeld in handreiking" not in client.get(other.get_absolute_url()).content.decode()
    doc_page = client.get(published.get_absolute_url()).content.decode()
    assert "Bronnen van de wijziging in versie 2" in doc_page and "Nieuwe praktijkvoorbeelden:" in doc_page

    practice_services.archive(practice=practice, actor=editor, reason="Afgelopen.")
    assert "Afstandsregels" not in client.get(published.get_absolute_url()).content.decode()
    assert published.versions.get(number=2).sections.get(anchor="handhaven").practices.filter(pk=practice.pk).exists()


def test_only_published_practices_can_be_linked(client, editor, published, make_practice):
    hidden = make_practice(stage="draft", title="Nog een concept")
    services.start_draft(document=published, editor=editor)
    client.force_login(editor)
    url = f"/redactie/handreikingen/{published.slug}/concept/handhaven/praktijken/"
    response = client.post(url, {"practices": [hidden.pk]}, follow=True)
    assert "Kies alleen gepubliceerde praktijkvoorbeelden" in response.content.decode()
    assert not published.versions.get(number=2).sections.get(anchor="handhaven").practices.exists()
    assert "Nog een concept" not in client.get(url, {"q": "concept"}).content.decode()


def test_the_preview_shows_the_draft_only_to_editors(client, editor, published):
    draft = services.start_draft(document=published, editor=editor)
    services.save_sections(draft=draft, editor=editor, sections=[S("Nieuw deel", "Nog geheim.")])
    client.force_login(editor)
    html = client.get(f"/redactie/handreikingen/{published.slug}/concept/voorbeeld/").content.decode()
    assert "Voorbeeld van concept-versie 2: nog niet gepubliceerd." in html and "Nog geheim." in html
    client.logout()
    assert "Nog geheim." not in client.get(published.get_absolute_url()).content.decode()


def test_the_draft_form_stays_within_its_query_budget(client, editor, published, django_assert_max_num_queries):
    draft = services.start_draft(document=published, editor=editor)
    services.save_sections(draft=draft, editor=editor, sections=[S(f"Deel {n}", "Tekst.") for n in range(12)])
    client.force_login(editor)
    with django_assert_max_num_queries(25):
        client.get(f"/redactie/handreikingen/{published.slug}/concept/")
    with django_assert_max_num_queries(25):
        client.get(f"/redactie/handreikingen/{published.slug}/concept/alles/")


def test_text_written_while_the_draft_was_published_is_kept(client, editor, second_editor, published):
    services.start_draft(document=published, editor=editor)
    url = f"/redactie/handreikingen/{published.slug}/concept/"
    services.publish(draft=published.versions.get(number=2), editor=second_editor, change_note="", is_major=False)
    client.force_login(editor)
    mine = section_post([("handhaven", "Handhaven", "Eerst aanspreken, dan waarschuwen.", 1, False)], 0)
    html = client.post(url, mine).content.decode()
    assert "Dit concept werd intussen gepubliceerd" in html and "gepubliceerd als versie 2" in html
    assert "Eerst aanspreken, dan waarschuwen.</textarea>" in html
    assert not published.versions.drafts().exists()

    response = client.post(url, {**mine, "nieuw_concept": "1"})
    assert response["Location"] == url
    third = published.versions.drafts().get()
    assert third.number == 3 and [s.body for s in third.sections.all()] == ["Eerst aanspreken, dan waarschuwen."]
