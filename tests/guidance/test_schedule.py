"""Guidance reminders and scheduled publishing, run by their periodic jobs."""

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from guidance import services
from guidance.models import GuidanceDecision, GuidanceDocument
from guidance.services import SectionText as S


@pytest.fixture
def document(editor):
    doc = services.create_document(
        editor=editor,
        title="Lokale besturen als motor van post-corona herstel",
        sections=[S("Inleiding", "Herstel.", "inleiding")],
    )
    services.publish(draft=doc.versions.get(), editor=editor, change_note="Eerste versie.", is_major=True)
    return doc


def _run(capture):
    with capture(execute=True):
        for job in ("publish_planned_guidance", "send_review_reminders", "send_alerts"):
            call_command(job, stdout=io.StringIO())


def test_a_scheduled_draft_is_published_once_when_its_moment_comes(
    client, document, editor, django_capture_on_commit_callbacks
):
    draft = services.start_draft(document=document, editor=editor)
    client.force_login(editor)
    url = f"/redactie/handreikingen/{document.slug}/concept/publiceren/"
    html = client.post(url, {"kind": "groot", "change_note": "", "publish_at": "2099-01-01T10:00"}).content.decode()
    assert 'class="error-summary"' in html and "bij een grote wijziging is die verplicht" in html
    html = client.post(url, {"kind": "klein", "change_note": "", "publish_at": "2020-01-01T10:00"}).content.decode()
    assert 'class="error-summary"' in html and "Kies een moment in de toekomst." in html
    html = client.post(url, {"kind": "klein", "change_note": "", "publish_at": "morgen"}).content.decode()
    assert 'class="error-summary"' in html and GuidanceDecision.objects.filter(action="schedule").count() == 0
    soon = timezone.localtime() + timedelta(hours=2)
    response = client.post(
        url, {"kind": "klein", "change_note": "Taal nagekeken.", "publish_at": soon.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response["Location"] == f"/redactie/handreikingen/{document.slug}/"
    draft.refresh_from_db()
    assert draft.scheduled_for is not None and draft.scheduled_by == editor and draft.published_at is None

    _run(django_capture_on_commit_callbacks)
    draft.refresh_from_db()
    assert draft.published_at is None  # not yet

    services.publish_scheduled(now=timezone.now() + timedelta(hours=3))
    services.publish_scheduled(now=timezone.now() + timedelta(hours=3))  # a second run publishes nothing again
    draft.refresh_from_db()
    assert draft.published_at is not None and draft.scheduled_for is None and draft.change_note == "Taal nagekeken."
    assert document.versions.current() == draft and draft.number == 2
    actions = list(document.decisions.filter(version=draft).values_list("action", "actor"))
    assert actions == [("schedule", editor.pk), ("publish", editor.pk)]  # recorded like a manual publication


def test_a_plan_can_be_cancelled_and_a_withdrawn_document_is_not_published(client, document, editor):
    draft = services.start_draft(document=document, editor=editor)
    services.schedule(
        draft=draft, editor=editor, publish_at=timezone.now() + timedelta(hours=1), change_note="", is_major=False
    )
    client.force_login(editor)
    client.post(f"/redactie/handreikingen/{document.slug}/concept/publiceren/", {"action": "annuleren"})
    draft.refresh_from_db()
    assert draft.scheduled_for is None
    services.schedule(
        draft=draft, editor=editor, publish_at=timezone.now() + timedelta(hours=1), change_note="", is_major=False
    )
    services.withdraw(document=document, editor=editor, reason="Niet meer van toepassing.")
    assert services.publish_scheduled(now=timezone.now() + timedelta(hours=2)) == (0, 1)
    draft.refresh_from_db()
    assert draft.published_at is None
    assert GuidanceDecision.objects.filter(action="unschedule").count() == 1


def test_the_editors_are_reminded_once_a_week_before_the_review_date_and_see_overdue_documents_first(
    client, document, editor, django_capture_on_commit_callbacks
):
    other = services.create_document(editor=editor, title="Aaa, een tweede handreiking", sections=[S("Deel", "Tekst.")])
    services.publish(draft=other.versions.get(), editor=editor, change_note="", is_major=False)
    client.force_login(editor)
    client.post(
        f"/redactie/handreikingen/{document.slug}/herzien/",
        {"review_before": (timezone.localdate() + timedelta(days=30)).isoformat()},
    )
    assert GuidanceDocument.objects.get(pk=document.pk).review_before == timezone.localdate() + timedelta(days=30)
    _run(django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if m.subject.startswith("Herzien vóór")]  # a month away
    services.set_review_before(document=document, editor=editor, review_before=timezone.localdate() + timedelta(days=6))
    _run(django_capture_on_commit_callbacks)
    _run(django_capture_on_commit_callbacks)
    reminders = [m for m in mail.outbox if m.subject.startswith("Herzien vóór")]
    assert len(reminders) == 1 and reminders[0].to == [editor.email]
    assert f"/redactie/handreikingen/{document.slug}/" in reminders[0].body

    services.set_review_before(document=document, editor=editor, review_before=date(2020, 1, 1))
    titles = [d.title for d in GuidanceDocument.objects.overview()]
    assert titles == [
        "Lokale besturen als motor van post-corona herstel",
        "Aaa, een tweede handreiking",
    ]  # overdue first
    assert "te laat" in client.get("/redactie/handreikingen/").content.decode()
    html = client.post(
        f"/redactie/handreikingen/{document.slug}/herzien/", {"review_before": "31-31-2027"}, follow=True
    ).content.decode()
    assert "Vul een geldige datum in" in html


def test_a_refused_date_comes_back_as_text_to_correct_never_as_an_invalid_date_input(client, document, editor):
    client.force_login(editor)
    html = client.post(
        f"/redactie/handreikingen/{document.slug}/herzien/", {"review_before": "31-02-2027"}
    ).content.decode()
    assert 'class="error-summary"' in html and 'type="text" name="review_before" value="31-02-2027"' in html
    html = client.get(f"/redactie/handreikingen/{document.slug}/").content.decode()
    assert 'type="date" name="review_before"' in html
