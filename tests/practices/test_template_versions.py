"""Templates with versions: a file replaced through an update keeps its series, the page offers the newest
and keeps the older ones downloadable in its history, and whoever follows the template gets one e-mail per
new version with what changed."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from practices import services
from practices.models import Attachment
from tests.conftest import PDF_BYTES

NEW_PDF = PDF_BYTES.replace(b"Catalog", b"Catalog /Versie 2")


@pytest.fixture
def template(make_practice):
    practice = make_practice(title="Bestekmodel mondmaskers", kind="sjabloon", files=[("bestek.pdf", PDF_BYTES)])
    return practice, practice.attachments.get()


def _replace(client, practice, old, data=NEW_PDF, name="bestek-v2.pdf", note="Boete verlaagd tot 0,3 % per dag."):
    return client.post(
        f"/mijn-praktijken/{practice.pk}/bewerken/bijlagen/",
        {
            "keep_attachments": [old.pk],
            f"replace_{old.pk}": SimpleUploadedFile(name, data),
            f"change_{old.pk}": note,
            "overview": "",
        },
    )


def _run(capture):
    with capture(execute=True):
        out = io.StringIO()
        call_command("send_alerts", stdout=out)
    return out.getvalue()


def test_a_new_version_without_a_change_note_or_of_a_disguised_file_is_refused_and_nothing_is_kept(
    client, official_a, template
):
    practice, old = template
    client.force_login(official_a)
    html = _replace(client, practice, old, note="  ").content.decode()
    assert 'class="error-summary"' in html and html.count("Schrijf kort wat er veranderd is") == 2
    html = _replace(client, practice, old, data=b"MZ\x90\x00 renamed executable").content.decode()
    assert "komt niet overeen" in html
    assert Attachment.objects.count() == 1
    practice.refresh_from_db()
    assert practice.working_version is None  # not even a draft copy was started


def test_the_page_offers_the_newest_version_and_keeps_the_older_one_in_its_history(
    client, official_a, editor, template
):
    practice, old = template
    client.force_login(official_a)
    assert _replace(client, practice, old).status_code == 302
    practice.refresh_from_db()
    new = practice.working_version.attachments.get()
    assert (new.series, new.series_number, new.title, new.first_published_at) == (old.series, 2, old.title, None)
    assert new.change_note == "Boete verlaagd tot 0,3 % per dag."
    # Replaced again before it was published: it is still the second version.
    _replace(client, practice, new, name="bestek-v2b.pdf", note="Tikfout in artikel 6 verbeterd.")
    practice.refresh_from_db()
    newer = practice.working_version.attachments.get()
    assert newer.series_number == 2

    client.logout()
    assert client.get(f"/praktijken/{practice.slug}/bijlagen/{newer.pk}/").status_code == 404  # not yet public
    services.submit(practice=practice, actor=official_a)
    services.approve(practice=practice, actor=editor)

    html = client.get(practice.get_absolute_url()).content.decode()
    assert f"/bijlagen/{newer.pk}/" in html and "versie 2 van 2" in html
    assert "Nieuw in deze versie: Tikfout in artikel 6 verbeterd." in html
    assert re.search(rf'/bijlagen/{old.pk}/" download>versie 1 van 2</a>, vervangen op \d+ \w+ \d{{4}}', html)
    assert f"/bijlagen/{new.pk}/" not in html  # the draft in between was never published
    assert client.get(f"/praktijken/{practice.slug}/bijlagen/{old.pk}/").status_code == 200
    assert client.get(f"/praktijken/{practice.slug}/bijlagen/{newer.pk}/").status_code == 200
    assert client.get(f"/praktijken/{practice.slug}/bijlagen/{new.pk}/").status_code == 404


def test_a_file_removed_rather_than_replaced_is_no_longer_public(client, official_a, editor, template):
    practice, old = template
    services.save_draft(practice=practice, author=official_a, content=services.Content(fields={}, attachments=()))
    services.submit(practice=practice, actor=official_a)
    services.approve(practice=practice, actor=editor)
    assert client.get(f"/praktijken/{practice.slug}/bijlagen/{old.pk}/").status_code == 404


def test_followers_hear_once_of_each_new_version(
    client, official_a, official_b, editor, template, django_capture_on_commit_callbacks
):
    practice, old = template
    # A reader leaves an address and confirms it; a logged-in official ticks the box on the page.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/meldingen/nieuw/?sjabloon={old.pk}", {"email": "aankoper@example.org", "frequency": "direct"})
    (confirmation,) = mail.outbox
    client.post(re.search(r"/meldingen/bevestigen/\S+/", confirmation.body).group(0))
    client.force_login(official_b)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert f'action="/meldingen/nieuw/?sjabloon={old.pk}"' in page and "Laat me weten als “bestek.pdf” wijzigt" in page
    response = client.post(f"/meldingen/nieuw/?sjabloon={old.pk}", {"email": official_b.email, "frequency": "direct"})
    assert response["Location"] == "/meldingen/nieuw/verstuurd/?bevestigd=1"

    mail.outbox.clear()
    assert "0 e-mails verstuurd" in _run(django_capture_on_commit_callbacks)  # nothing new yet
    with pytest.raises(services.PracticeError, match="Bewaar eerst een concept"):
        # Never on the published version itself: only through an update.
        services.replace_attachment(
            practice=practice,
            author=official_a,
            old=old,
            uploaded=SimpleUploadedFile("b.pdf", NEW_PDF),
            change_note="Boete verlaagd.",
        )
    services.save_draft(
        practice=practice,
        author=official_a,
        content=services.Content(fields={}),
        replacements=[(old, SimpleUploadedFile("b.pdf", NEW_PDF), "Boete verlaagd.")],
    )
    services.submit(practice=practice, actor=official_a)
    assert "0 e-mails verstuurd" in _run(django_capture_on_commit_callbacks)  # in review: not yet
    services.approve(practice=practice, actor=editor)
    assert "2 e-mails verstuurd" in _run(django_capture_on_commit_callbacks)
    assert "0 e-mails verstuurd" in _run(django_capture_on_commit_callbacks)  # run again: none twice
    assert sorted(m.to[0] for m in mail.outbox) == ["aankoper@example.org", official_b.email]
    message = mail.outbox[0]
    assert message.subject == "Nieuwe versie van het sjabloon “bestek.pdf”"
    newest = practice.attachments.get()
    assert "Versie 2" in message.body and "Boete verlaagd." in message.body
    assert f"/praktijken/{practice.slug}/bijlagen/{newest.pk}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    manage = re.search(r"/meldingen/beheren/\S+/", message.body).group(0)
    html = client.get(manage).content.decode()
    assert "Sjabloon: bestek.pdf" in html and "Eén e-mail bij elke nieuwe versie van dit sjabloon." in html
    assert 'name="action" value="opslaan"' not in html  # no choice of how often: each version is news


def test_only_an_online_template_can_be_followed(client, make_practice):
    draft = make_practice(stage="draft", title="Concept", files=[("concept.pdf", PDF_BYTES)])
    pk = draft.working_version.attachments.get().pk
    assert client.get(f"/meldingen/nieuw/?sjabloon={pk}").status_code == 404
    assert client.get("/meldingen/nieuw/?sjabloon=9%00").status_code == 404
    assert client.get("/meldingen/nieuw/?sjabloon=99999999999999999999999").status_code == 404
