"""Results over time: an evidence level on every practice (a tag and a filter), the date its results last
changed, the government asked for results after six and twelve months, and the editors' overdue list."""

import io
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from catalogue.listing import Catalogue
from catalogue.query import CatalogueQuery
from practices import followups, services
from practices.followups import months_before
from practices.models import Practice, ResultsRequest
from tests.conftest import content


def _published_months_ago(practice, months, now=None):
    moment = months_before(now or timezone.now(), months) - timedelta(hours=1)
    Practice.objects.filter(pk=practice.pk).update(
        first_published_at=moment, last_published_at=moment, results_updated_at=moment
    )
    practice.refresh_from_db()
    return practice


def _run(capture):
    with capture(execute=True):
        out = io.StringIO()
        call_command("ask_for_results", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        ("2026-08-31 10:00", 6, "2026-02-28 10:00"),
        ("2026-01-15 10:00", 12, "2025-01-15 10:00"),
        ("2026-03-31 10:00", 1, "2026-02-28 10:00"),
        ("2024-08-29 10:00", 6, "2024-02-29 10:00"),
        ("2026-06-30 10:00", 6, "2025-12-30 10:00"),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    fmt = "%Y-%m-%d %H:%M"
    assert months_before(datetime.strptime(moment, fmt), months) == datetime.strptime(expected, fmt)


def test_the_level_is_a_filter_whose_counts_are_what_it_gives(make_practice, client):
    make_practice(title="Een idee", evidence="idee")
    make_practice(title="Met cijfers", evidence="gemeten", results="312 aanvragen.")
    make_practice(title="Geëvalueerd", evidence="geevalueerd", results="Zie het rapport.")
    make_practice(stage="submitted", title="Niet publiek", evidence="geevalueerd", results="Rapport.")
    counts = Catalogue(CatalogueQuery()).counts["evidence"]
    assert counts == {"idee": 1, "gemeten": 1, "geevalueerd": 1}
    html = client.get("/praktijken/?bewijs=geevalueerd&bewijs=gemeten").content.decode()
    assert "Met cijfers" in html and "Geëvalueerd" in html and "Een idee" not in html
    assert "Bewijs" in html and "Resultaten gemeten" in html


def test_a_measured_level_needs_results_at_the_field(client, official_a, make_practice):
    practice = make_practice(stage="draft")
    client.force_login(official_a)
    url = f"/mijn-praktijken/{practice.pk}/bewerken/resultaten/"
    html = client.post(url, {"evidence": "gemeten", "results": "", "next": ""}).content.decode()
    assert 'class="error-summary"' in html and "welke cijfers hebt u gemeten" in html
    practice.refresh_from_db()
    assert practice.working_version.evidence == "idee"
    client.post(url, {"evidence": "gemeten", "results": "212 handelaars vroegen de premie aan.", "next": ""})
    practice.refresh_from_db()
    assert practice.working_version.evidence == "gemeten"
    # The form opened again shows what was saved (the road a browser takes).
    form = client.get(url).context["form"]
    assert form.initial["evidence"] == "gemeten"


def test_results_date_moves_only_when_results_or_level_change(make_practice, official_a, editor, client):
    practice = make_practice(results="Eerste cijfers.", evidence="gemeten")
    first = practice.results_updated_at
    assert first == practice.first_published_at

    services.save_draft(
        practice=practice,
        author=official_a,
        content=content(summary="Nieuwe samenvatting.", results="Eerste cijfers.", evidence="gemeten"),
    )
    services.submit(practice=practice, actor=official_a)
    services.approve(practice=practice, actor=editor)
    practice.refresh_from_db()
    assert practice.results_updated_at == first and practice.last_published_at > first

    services.save_draft(
        practice=practice,
        author=official_a,
        content=content(results="Evaluatierapport: zie bijlage.", evidence="geevalueerd"),
    )
    services.submit(practice=practice, actor=official_a)
    services.approve(practice=practice, actor=editor)
    practice.refresh_from_db()
    assert practice.results_updated_at == practice.last_published_at > first
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Geëvalueerd" in html and "resultaten bijgewerkt op" in html and "?bewijs=geevalueerd" in html


def test_after_six_and_twelve_months_the_government_is_asked_once_each(
    make_practice, official_a, django_capture_on_commit_callbacks
):
    practice = _published_months_ago(make_practice(title="Buurtbellers"), 6)
    mail.outbox.clear()
    assert "1 vragen naar resultaten" in _run(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[official_a.email]]
    message = mail.outbox[0]
    assert "Buurtbellers" in message.subject and "6 maanden geleden" in message.body
    assert f"/mijn-praktijken/{practice.pk}/bewerken/resultaten/" in message.body

    assert "0 vragen naar resultaten" in _run(django_capture_on_commit_callbacks)  # run again: nothing twice
    assert len(mail.outbox) == 1

    _published_months_ago(practice, 12)
    _run(django_capture_on_commit_callbacks)
    _run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2 and "12 maanden geleden" in mail.outbox[1].body
    assert sorted(practice.results_requests.values_list("months", flat=True)) == [6, 12]


def test_a_practice_past_both_rounds_is_asked_once_and_unpublished_ones_never(
    make_practice, editor, django_capture_on_commit_callbacks
):
    old = _published_months_ago(make_practice(title="Oud voorbeeld"), 14)
    archived = _published_months_ago(make_practice(title="Gearchiveerd"), 7)
    services.archive(practice=archived, actor=editor, reason="Niet meer actueel.")
    _published_months_ago(make_practice(title="Te jong"), 5)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert followups.send_results_requests() == 1
    assert len(mail.outbox) == 1 and "Oud voorbeeld" in mail.outbox[0].subject and "12 maanden" in mail.outbox[0].body
    assert set(ResultsRequest.objects.values_list("practice", "months")) == {(old.pk, 6), (old.pk, 12)}


def test_editors_see_whose_results_are_overdue_until_they_are_updated(
    make_practice, official_a, editor, client, django_capture_on_commit_callbacks
):
    practice = _published_months_ago(make_practice(title="Waardebonnen", results="Nog niets.", evidence="idee"), 9)
    make_practice(title="Niet gevraagd")
    asked_at = timezone.now() - timedelta(days=40)
    with django_capture_on_commit_callbacks(execute=True):
        followups.send_results_requests(now=asked_at)
    assert list(followups.overdue()) == [practice]
    assert list(followups.overdue(now=asked_at + timedelta(days=10))) == []  # not yet: asked ten days ago

    client.force_login(editor)
    html = client.get("/redactie/").content.decode()
    assert "1 voorbeeld met resultaten te laat" in html
    html = client.get("/redactie/resultaten/").content.decode()
    assert "Waardebonnen" in html and "Niet gevraagd" not in html and "Idee of belofte" in html

    # The link in the e-mail: the results step, then through review as any update.
    client.force_login(official_a)
    url = f"/mijn-praktijken/{practice.pk}/bewerken/resultaten/"
    client.post(url, {"evidence": "gemeten", "results": "1.900 bonnen gebruikt.", "next": ""})
    services.submit(practice=practice, actor=official_a)
    assert list(followups.overdue()) == [practice]  # in review: the live results are still the old ones
    services.approve(practice=practice, actor=editor)
    assert list(followups.overdue()) == []
    practice.refresh_from_db()
    assert practice.evidence == "gemeten" and practice.results == "1.900 bonnen gebruikt."


def test_a_run_that_lost_the_race_for_a_round_asks_nothing(make_practice, django_capture_on_commit_callbacks):
    """Two runs at once (without the command's lock) both find the practice due; the round's unique row lets
    only the first ask. The second's e-mail is rolled back with its row."""
    practice = _published_months_ago(make_practice(title="Buurtbellers"), 6)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert followups._ask(practice, [6], now)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert not followups._ask(practice, [6], now)
    assert mail.outbox == [] and ResultsRequest.objects.filter(practice=practice).count() == 1
