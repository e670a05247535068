"""The practices' services: creating, submitting, deciding, correcting."""

import pytest
from django.db import transaction

from practices import services
from practices.models import Action, Decision, Practice, Status
from tests.conftest import content


def test_create_starts_a_draft_with_a_first_version_and_a_decision(official_a, gent):
    practice = services.create_practice(author=official_a, local_government=gent, content=content())

    assert practice.status == Status.DRAFT
    assert practice.versions.count() == 1
    assert practice.working_version.number == 1
    assert practice.working_version.created_by == official_a
    decision = practice.decisions.get()
    assert (decision.action, decision.actor, decision.to_state) == (Action.CREATE, official_a, Status.DRAFT)
    assert not Practice.objects.published().filter(pk=practice.pk).exists()


def test_an_official_cannot_submit_for_a_government_they_do_not_belong_to(official_b, gent):
    with pytest.raises(services.PracticeError, match="namens Gent"):
        services.create_practice(author=official_b, local_government=gent, content=content())
    assert not Practice.objects.exists()


def test_approval_is_the_only_road_to_public_and_copies_the_version(make_practice, editor):
    practice = make_practice(stage="submitted", title="Terrassen zonder retributie", tags=["terras"])
    assert not Practice.objects.published().filter(pk=practice.pk).exists()

    services.approve(practice=practice, actor=editor)

    live = Practice.objects.published().get(pk=practice.pk)
    assert live.title == "Terrassen zonder retributie"
    assert live.published_version.number == 1
    assert live.working_version is None
    assert [t.slug for t in live.themes.all()] == ["economie"]
    assert [t.name for t in live.tags.all()] == ["terras"]
    assert live.first_published_at == live.last_published_at is not None
    actions = list(live.decisions.values_list("action", "from_state", "to_state"))
    assert actions == [
        (Action.CREATE, Status.DRAFT, Status.DRAFT),
        (Action.SUBMIT, Status.DRAFT, Status.SUBMITTED),
        (Action.APPROVE, Status.SUBMITTED, Status.PUBLISHED),
    ]


def test_an_official_cannot_approve(make_practice, official_a):
    practice = make_practice(stage="submitted")
    with pytest.raises(services.PracticeError, match="redactie"):
        services.approve(practice=practice, actor=official_a)
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED


def test_an_illegal_transition_is_refused_with_a_dutch_message(make_practice, editor):
    practice = make_practice(stage="draft")
    with pytest.raises(services.PracticeError, match="kan niet bij de huidige status “Concept”"):
        services.approve(practice=practice, actor=editor)
    assert practice.decisions.count() == 1


def test_a_second_approval_of_the_same_submission_is_refused_and_names_the_first(make_practice, editor, second_editor):
    practice = make_practice(stage="submitted")
    services.approve(practice=practice, actor=editor)
    with pytest.raises(services.PracticeError) as error:
        services.approve(practice=practice, actor=second_editor)
    assert (
        f"al beslist door {editor} op " in error.value.message
        and "(goedgekeurd en gepubliceerd)" in error.value.message
    )
    assert practice.decisions.filter(action=Action.APPROVE).count() == 1


def test_submitting_an_incomplete_draft_says_what_is_missing(official_a, gent):
    practice = services.create_practice(
        author=official_a, local_government=gent, content=content(summary="", themes=[])
    )
    with pytest.raises(services.PracticeError, match="een samenvatting, minstens één thema"):
        services.submit(practice=practice, actor=official_a)
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_a_published_practice_stays_unchanged_while_its_update_is_in_review(make_practice, official_a, editor):
    practice = make_practice(title="Eerste titel")
    services.save_draft(practice=practice, author=official_a, content=content(title="Nieuwe titel"))
    services.submit(practice=practice, actor=official_a)

    live = Practice.objects.published().get(pk=practice.pk)
    assert live.status == Status.UPDATE_SUBMITTED
    assert live.title == "Eerste titel"

    services.approve(practice=practice, actor=editor)
    live = Practice.objects.published().get(pk=practice.pk)
    assert live.title == "Nieuwe titel"
    assert list(live.versions.values_list("number", "title")) == [(1, "Eerste titel"), (2, "Nieuwe titel")]
    assert live.published_version.number == 2


def test_rejecting_an_update_keeps_the_live_version(make_practice, official_a, editor):
    practice = make_practice(title="Blijft online")
    services.save_draft(practice=practice, author=official_a, content=content(title="Afgewezen update"))
    services.submit(practice=practice, actor=official_a)
    services.reject(practice=practice, actor=editor, reason="Dubbel met een ander voorbeeld.")

    live = Practice.objects.published().get(pk=practice.pk)
    assert (live.title, live.status) == ("Blijft online", Status.PUBLISHED)
    assert live.versions.count() == 2  # the rejected update is kept
    assert live.decisions.last().reason == "Dubbel met een ander voorbeeld."


def test_a_reason_is_required_to_reject_or_archive(make_practice, editor):
    practice = make_practice(stage="submitted")
    with pytest.raises(services.PracticeError, match="toelichting"):
        services.reject(practice=practice, actor=editor, reason="  ")
    published = make_practice(title="Online")
    with pytest.raises(services.PracticeError, match="toelichting"):
        services.archive(practice=published, actor=editor, reason="")


def test_archiving_takes_a_practice_offline_and_restoring_brings_it_back(make_practice, official_a, editor):
    practice = make_practice()
    services.archive(practice=practice, actor=official_a, reason="Het initiatief is afgelopen.")
    assert not Practice.objects.published().filter(pk=practice.pk).exists()
    assert Practice.objects.filter(pk=practice.pk).exists()  # archived, never deleted

    services.restore(practice=practice, actor=editor)
    assert Practice.objects.published().filter(pk=practice.pk).exists()


def test_changes_requested_starts_a_new_version_and_keeps_the_submitted_one(make_practice, official_a, editor):
    practice = make_practice(stage="submitted", title="Versie een")
    services.request_changes(practice=practice, actor=editor, reason="Voeg cijfers toe.")
    services.save_draft(practice=practice, author=official_a, content=content(title="Versie twee"))
    services.submit(practice=practice, actor=official_a)

    practice.refresh_from_db()
    assert list(practice.versions.values_list("number", "title")) == [(1, "Versie een"), (2, "Versie twee")]
    assert practice.status == Status.SUBMITTED


def test_withdraw_returns_a_submission_to_draft(make_practice, official_a, official_b):
    practice = make_practice(stage="submitted")
    with pytest.raises(services.PracticeError):
        services.withdraw(practice=practice, actor=official_b)
    services.withdraw(practice=practice, actor=official_a)
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_decisions_are_never_changed_or_deleted(make_practice):
    practice = make_practice()
    decision = practice.decisions.first()
    decision.reason = "herschreven"
    with pytest.raises(TypeError):
        decision.save()
    with pytest.raises(TypeError):
        decision.delete()
    with pytest.raises(TypeError):
        Decision.objects.filter(practice=practice).update(reason="x")
    with pytest.raises(TypeError):
        Decision.objects.filter(practice=practice).delete()
    assert practice.decisions.filter(reason="herschreven").count() == 0


def test_a_failed_approval_changes_nothing(make_practice, editor, monkeypatch):
    practice = make_practice(stage="submitted", title="Atomair")

    def broken(*args, **kwargs):
        raise RuntimeError("search index unavailable")

    monkeypatch.setattr(services, "refresh_search_vectors", broken)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.approve(practice=practice, actor=editor)
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert practice.published_version is None
    assert not practice.decisions.filter(action=Action.APPROVE).exists()


def test_overlong_or_malformed_fields_are_refused_before_anything_is_saved(official_a, gent):
    with pytest.raises(services.PracticeError, match="niet meer dan 300 tekens"):
        services.create_practice(author=official_a, local_government=gent, content=content(summary="x" * 301))
    with pytest.raises(services.PracticeError, match="e-mail"):
        services.create_practice(author=official_a, local_government=gent, content=content(contact_email="geen"))
    assert not Practice.objects.exists()
