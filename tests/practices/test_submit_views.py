"""The submitter's screens, walked by the personas."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practices import services
from practices.models import Attachment, Practice, Status
from tests.conftest import PDF_BYTES, gov


def form_data(**overrides):
    data = {
        "local_government": str(gov("Gent").pk),
        "title": "Buurtbellers tegen eenzaamheid",
        "summary": "Vrijwilligers belden wekelijks alleenstaande ouderen.",
        "description": "We belden **3.200** mensen.",
        "kind": "initiatief",
        "themes": [],
        "tags": "eenzaamheid, ouderen",
        "links": "Meer uitleg | https://www.gent.be/buurtbellers",
        "contact_name": "Jan",
        "contact_email": "jan@gent.be",
        "contact_consent": "on",
    }
    from practices.models import Theme

    data["themes"] = [str(Theme.objects.get(slug="solidariteit").pk)]
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def official(client, official_a):
    client.force_login(official_a)
    return client


def test_urls_need_a_login(client, db):
    for path in ["/mijn-praktijken/", "/mijn-praktijken/nieuw/", "/mijn-praktijken/1/", "/mijn-praktijken/1/bewerken/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/aanmelden/?next=")


def test_save_an_incomplete_draft(official):
    response = official.post("/mijn-praktijken/nieuw/", form_data(summary="", description="", themes=None, save=""))
    practice = Practice.objects.get()
    assert response["Location"] == f"/mijn-praktijken/{practice.pk}/"
    assert practice.status == Status.DRAFT
    version = practice.working_version
    assert (version.title, version.tag_names) == ("Buurtbellers tegen eenzaamheid", ["eenzaamheid", "ouderen"])
    assert version.links == [{"title": "Meer uitleg", "url": "https://www.gent.be/buurtbellers"}]


def test_submitting_an_incomplete_form_keeps_text_and_files_as_a_draft_and_shows_every_error(official):
    upload = SimpleUploadedFile("bestek.pdf", PDF_BYTES, content_type="application/pdf")
    data = {**form_data(summary="", description="", themes=None, submit=""), "new_files": [upload]}
    response = official.post("/mijn-praktijken/nieuw/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in html
    for message in ("Vul een samenvatting in.", "Beschrijf wat u gedaan hebt.", "Kies ten minste één thema."):
        assert html.count(message) == 2, message  # in the summary and at the field
    assert 'value="Buurtbellers tegen eenzaamheid"' in html  # what was typed is kept
    assert "Uw concept en bijlagen zijn bewaard." in html
    practice = Practice.objects.get()
    assert practice.status == Status.DRAFT  # saved as a draft, not submitted
    attachment = practice.working_version.attachments.get()
    checkbox = re.search(rf'<input[^>]*name="keep_attachments"[^>]*value="{attachment.pk}"[^>]*>', html).group(0)
    assert "checked" in checkbox  # the uploaded file stays with the draft
    assert f'action="/mijn-praktijken/{practice.pk}/bewerken/"' in html  # the next post edits this draft


def test_a_submission_with_a_malformed_field_saves_nothing(official):
    response = official.post("/mijn-praktijken/nieuw/", form_data(contact_email="geen-adres", summary="", submit=""))
    assert "Voer een geldig e-mailadres in." in response.content.decode()
    assert not Practice.objects.exists()


def test_submit_a_complete_practice_with_an_attachment(official):
    upload = SimpleUploadedFile("bestek.pdf", PDF_BYTES, content_type="application/pdf")
    response = official.post("/mijn-praktijken/nieuw/", {**form_data(submit=""), "new_files": [upload]})
    practice = Practice.objects.get()
    assert response["Location"] == f"/mijn-praktijken/{practice.pk}/"
    assert practice.status == Status.SUBMITTED
    assert [a.original_name for a in practice.working_version.attachments.all()] == ["bestek.pdf"]
    assert not Practice.objects.published().exists()
    page = official.get(response["Location"]).content.decode()
    assert "Ingediend, wacht op beoordeling" in page
    assert "<strong>3.200</strong>" in page  # the preview, rendered as it will be published


def test_a_disguised_file_is_refused_at_the_field_and_nothing_is_stored(official):
    upload = SimpleUploadedFile("bestek.pdf", b"MZ\x90\x00 renamed program", content_type="application/pdf")
    response = official.post("/mijn-praktijken/nieuw/", {**form_data(save=""), "new_files": [upload]})
    html = response.content.decode()
    assert "bestek.pdf: De inhoud van het bestand komt niet overeen met een .pdf-bestand" in html
    assert not Practice.objects.exists() and not Attachment.objects.exists()


def test_a_forged_local_government_is_refused(official):
    response = official.post("/mijn-praktijken/nieuw/", form_data(local_government=str(gov("Leuven").pk), save=""))
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Practice.objects.exists()


def test_javascript_links_are_refused(official):
    response = official.post("/mijn-praktijken/nieuw/", form_data(links="klik | javascript:alert(1)", save=""))
    assert "Regel 1 bevat geen geldig webadres" in response.content.decode()
    assert not Practice.objects.exists()


def test_another_government_gets_404_everywhere(client, make_practice, official_b):
    practice = make_practice(stage="draft")
    client.force_login(official_b)
    for path in ("", "bewerken/"):
        assert client.get(f"/mijn-praktijken/{practice.pk}/{path}").status_code == 404
    for path in ("indienen/", "intrekken/", "bewerken/"):
        assert client.post(f"/mijn-praktijken/{practice.pk}/{path}", form_data(save="")).status_code == 404
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT
    assert practice.title not in client.get("/mijn-praktijken/").content.decode()


def test_colleagues_see_each_others_practices_with_status_and_next_step(client, make_practice, official_a):
    from tests.conftest import _user

    make_practice(stage="submitted", title="Werk van een collega")
    colleague = _user("collega@gent.be", governments=["Gent"])
    client.force_login(colleague)
    html = client.get("/mijn-praktijken/").content.decode()
    assert "Werk van een collega" in html
    assert "Ingediend, wacht op beoordeling" in html
    assert "U kunt de indiening nog intrekken." in html


def test_changes_requested_shows_the_comment_and_resubmitting_makes_a_new_version(official, make_practice, editor):
    practice = make_practice(stage="submitted", title="Eerste versie")
    services.request_changes(practice=practice, actor=editor, reason="Voeg cijfers toe over het bereik.")
    page = official.get(f"/mijn-praktijken/{practice.pk}/").content.decode()
    assert "De redactie vraagt een aanpassing" in page and "Voeg cijfers toe over het bereik." in page

    edit_page = official.get(f"/mijn-praktijken/{practice.pk}/bewerken/basis/").content.decode()
    assert 'value="Eerste versie"' in edit_page
    official.post(f"/mijn-praktijken/{practice.pk}/bewerken/", form_data(title="Tweede versie", submit=""))
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert list(practice.versions.values_list("number", "title")) == [(1, "Eerste versie"), (2, "Tweede versie")]


def test_an_update_leaves_the_public_page_unchanged(official, client, make_practice):
    practice = make_practice(title="Gepubliceerde titel")
    official.post(f"/mijn-praktijken/{practice.pk}/bewerken/", form_data(title="Voorgestelde titel", submit=""))
    practice.refresh_from_db()
    assert practice.status == Status.UPDATE_SUBMITTED
    official.logout()
    public = client.get(practice.get_absolute_url()).content.decode()
    assert "Gepubliceerde titel" in public and "Voorgestelde titel" not in public


def test_withdraw_is_post_only(official, make_practice):
    practice = make_practice(stage="submitted")
    assert official.get(f"/mijn-praktijken/{practice.pk}/intrekken/").status_code == 405
    official.post(f"/mijn-praktijken/{practice.pk}/intrekken/")
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_script_in_a_draft_stays_inert_in_the_preview(official):
    hostile = "<script>alert(1)</script>"
    official.post("/mijn-praktijken/nieuw/", form_data(title=hostile, description=hostile, summary=hostile, preview=""))
    practice = Practice.objects.get()
    html = official.get(reverse("practices:mine_detail", args=[practice.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_official_without_a_government_is_told_what_to_do(client, db):
    from accounts.models import User

    user = User.objects.create_user(email="los@example.org", password="x" * 20)
    client.force_login(user)
    response = client.get("/mijn-praktijken/nieuw/", follow=True)
    assert "Vraag de redactie om toegang." in response.content.decode()


def test_editor_can_enter_a_practice_on_behalf_of_a_government(client, editor):
    client.force_login(editor)
    client.post("/mijn-praktijken/nieuw/", form_data(local_government=str(gov("Leuven").pk), submit=""))
    practice = Practice.objects.get()
    assert practice.local_government.name == "Leuven"
    assert practice.status == Status.SUBMITTED


@pytest.mark.parametrize("count", [1, 20])
def test_dashboard_query_budget(official, make_practice, count, django_assert_max_num_queries):
    for n in range(count):
        make_practice(stage="draft", title=f"Concept {n}")
    with django_assert_max_num_queries(8):
        official.get("/mijn-praktijken/")


def test_an_official_archives_their_published_practice_and_editors_are_told(
    official, make_practice, editor, django_capture_on_commit_callbacks
):
    from django.core import mail

    practice = make_practice(title="Afgelopen initiatief")
    response = official.post(f"/mijn-praktijken/{practice.pk}/archiveren/", {"reden": ""}, follow=True)
    assert "Geef een toelichting bij deze beslissing." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        official.post(f"/mijn-praktijken/{practice.pk}/archiveren/", {"reden": "Het project is afgelopen."})
    practice.refresh_from_db()
    assert practice.status == Status.ARCHIVED
    assert not Practice.objects.published().filter(pk=practice.pk).exists()
    told = [m for m in mail.outbox if m.subject == "Gearchiveerd: Afgelopen initiatief"]
    assert [m.to for m in told] == [["redacteur@vlaanderenhelpt.be"]]
    assert "Het project is afgelopen." in told[0].body


def test_text_typed_after_the_session_ended_is_not_lost(client, make_practice, official_a):
    from tests.conftest import PASSWORD

    practice = make_practice(stage="draft", title="Lang bewerkt")
    long_text = "Een lange tekst die een uur lang getypt werd. " * 50
    client.force_login(official_a)
    client.get(f"/mijn-praktijken/{practice.pk}/bewerken/")  # the form is opened while logged in
    client.session.flush()
    client.cookies.pop("sessionid")  # ... and the session ends while they type
    response = client.post(f"/mijn-praktijken/{practice.pk}/bewerken/", form_data(description=long_text, save=""))
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith("/aanmelden/?next=") and "herstel" in login_url
    practice.refresh_from_db()
    assert practice.working_version.description != long_text  # nothing saved without a login

    from urllib.parse import parse_qs, urlparse

    next_url = parse_qs(urlparse(login_url).query)["next"][0]
    client.post("/aanmelden/", {"username": "ambtenaar@gent.be", "password": PASSWORD})
    html = client.get(next_url).content.decode()
    assert "Wat u typte, is teruggezet." in html
    assert long_text.strip()[:60] in html
    assert 'value="Buurtbellers tegen eenzaamheid"' in html
    assert "checked" in html.split('value="' + form_data()["themes"][0] + '"')[1][:40]


def test_a_save_refused_because_an_editor_just_decided_keeps_the_text(official, make_practice, official_a, editor):
    practice = make_practice(title="Online voorbeeld")
    official.get(f"/mijn-praktijken/{practice.pk}/bewerken/")  # the official opens the form …
    services.archive(practice=practice, actor=editor, reason="Dubbel met een ander voorbeeld.")  # … an editor acts
    response = official.post(
        f"/mijn-praktijken/{practice.pk}/bewerken/", form_data(description="Mijn uitgebreide nieuwe tekst.", save="")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "kan nu niet bewerkt worden (status: Gearchiveerd)" in html
    assert "Mijn uitgebreide nieuwe tekst." in html  # nothing typed is lost


def test_the_form_suggests_tags_already_in_use(official, make_practice):
    make_practice(title="Een", tags=["premie", "terrassen"])
    practice = make_practice(title="Twee", tags=["premie"])
    html = official.get(f"/mijn-praktijken/{practice.pk}/bewerken/context/").content.decode()
    assert "Veel gebruikt: premie, terrassen. Hoogstens 500 tekens." in html


def test_the_live_preview_renders_sanitized_markdown_for_logged_in_users_only(client, official_a):
    url = "/mijn-praktijken/voorbeeld/"
    assert client.post(url, {"text": "**vet**"}).status_code == 302
    client.force_login(official_a)
    assert client.get(url).status_code == 405
    html = client.post(url, {"text": "**vet** <script>alert(1)</script> [x](javascript:alert(2))"}).content.decode()
    assert "<strong>vet</strong>" in html
    assert "<script" not in html and "javascript:" not in html


def test_too_many_files_are_refused_at_the_field(official, settings):
    from practices import forms as practice_forms

    files = [SimpleUploadedFile(f"bijlage-{n}.pdf", PDF_BYTES) for n in range(practice_forms.MAX_ATTACHMENTS + 1)]
    response = official.post("/mijn-praktijken/nieuw/", {**form_data(save=""), "new_files": files})
    assert "Een praktijkvoorbeeld heeft hoogstens 15 bijlagen." in response.content.decode()
    assert not Practice.objects.exists() and not Attachment.objects.exists()


def test_an_empty_file_is_refused_at_the_field(official):
    response = official.post(
        "/mijn-praktijken/nieuw/", {**form_data(save=""), "new_files": [SimpleUploadedFile("leeg.pdf", b"")]}
    )
    html = response.content.decode()
    assert "Het verstuurde bestand is leeg." in html and not Practice.objects.exists()


def _kept_key(response):
    from urllib.parse import parse_qs, urlparse

    next_url = parse_qs(urlparse(response["Location"]).query)["next"][0]
    return parse_qs(urlparse(next_url).query).get("herstel", [None])[0]


def test_an_anonymous_post_is_never_kept_and_cannot_be_planted_in_a_form(client, official_a):
    """Otherwise anyone could post a form and send an official a link that pre-fills theirs."""
    planted = client.post("/mijn-praktijken/nieuw/", form_data(title="Geplant", save=""))
    assert planted.status_code == 302 and _kept_key(planted) is None
    # A forged owner cookie is not believed either.
    client.cookies["formulier_van"] = f"{official_a.pk}:vervalst:handtekening"
    forged = client.post("/mijn-praktijken/nieuw/", form_data(title="Geplant", save=""))
    assert _kept_key(forged) is None


def test_a_kept_form_comes_back_only_for_the_account_that_opened_it(client, official_a, official_b):
    client.force_login(official_a)
    client.get("/mijn-praktijken/nieuw/")
    client.cookies.pop("sessionid")
    response = client.post("/mijn-praktijken/nieuw/", form_data(title="Van Gent", save=""))
    key = _kept_key(response)
    assert key
    client.force_login(official_b)
    html = client.get(f"/mijn-praktijken/nieuw/?herstel={key}").content.decode()
    assert "Van Gent" not in html and "Wat u typte, is teruggezet." not in html
    client.force_login(official_a)
    assert "Van Gent" in client.get(f"/mijn-praktijken/nieuw/?herstel={key}").content.decode()


def test_an_oversized_post_is_not_kept(client, official_a):
    client.force_login(official_a)
    client.get("/mijn-praktijken/nieuw/")
    client.cookies.pop("sessionid")
    response = client.post("/mijn-praktijken/nieuw/", form_data(description="x" * 250_000, save=""))
    assert _kept_key(response) is None
