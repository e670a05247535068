"""The road of a question through the services: asked, assigned, asked for more, added to, answered,
closed; reference numbers, due dates in working days, the e-mails, and what is refused."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from questions import services
from questions.models import Message, Question, QuestionDecision, QuestionTheme, Status
from vlaanderenhelpt.workflow import NO_STATE

BRUSSELS = ZoneInfo("Europe/Brussels")


def test_a_question_gets_the_next_reference_of_its_year_and_a_due_date_in_working_days(ask, desk):
    first = ask(at=datetime.datetime(2026, 12, 30, 10, 0, tzinfo=BRUSSELS))
    second = ask(at=datetime.datetime(2026, 12, 31, 10, 0, tzinfo=BRUSSELS))
    third = ask(at=datetime.datetime(2027, 1, 4, 10, 0, tzinfo=BRUSSELS))
    assert [first.reference, second.reference, third.reference] == ["V-2026-0001", "V-2026-0002", "V-2027-0001"]
    # Wednesday 30 December 2026 + 5 working days skips the weekend and New Year's Day (a Friday).
    assert first.due_on == datetime.date(2027, 1, 7)
    assert first.status == Status.NEW
    decision = first.decisions.get()
    assert (decision.action, decision.from_state, decision.to_state) == ("stellen", NO_STATE, Status.NEW)


def test_the_desk_hears_of_a_new_question_and_the_asker_gets_its_reference(
    ask, desk, official_a, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        question = ask()
    to_desk = [m for m in mail.outbox if desk.email in m.to]
    assert len(to_desk) == 1 and question.reference in to_desk[0].subject
    assert f"/vragendesk/{question.reference}/" in to_desk[0].body
    assert not [m for m in mail.outbox if editor.email in m.to]  # an editor is not the desk
    receipt = [m for m in mail.outbox if official_a.email in m.to]
    assert len(receipt) == 1 and question.reference in receipt[0].body
    assert f"/mijn-vragen/{question.reference}/" in receipt[0].body


def test_only_a_member_asks_for_their_government_and_only_on_an_offered_theme(ask, official_a, official_b, leuven):
    with pytest.raises(services.QuestionError, match="U werkt niet voor dit bestuur"):
        ask(official=official_a, government=leuven)
    QuestionTheme.objects.filter(slug="projectsubsidies").update(retired=True)
    with pytest.raises(services.QuestionError, match="Kies een thema"):
        ask(theme="projectsubsidies")
    with pytest.raises(services.QuestionError, match="Schrijf uw vraag"):
        ask(text=" \x00 \n ")
    assert not Question.objects.exists()


def test_the_whole_road_through_the_desk(
    ask, desk, second_desk, official_a, colleague_a, django_capture_on_commit_callbacks
):
    question = ask()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(question=question, actor=desk, handler=second_desk)
    question.refresh_from_db()
    assert (question.status, question.handler) == (Status.ASSIGNED, second_desk)
    assert [m.to for m in mail.outbox] == [[second_desk.email]]  # told it is theirs

    services.add_note(question=question, author=second_desk, text="Navragen bij de juristen.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_for_more(question=question, actor=second_desk, text="Over welke raad gaat het?")
    question.refresh_from_db()
    assert question.status == Status.WAITING and question.first_answered_at is not None
    assert [m.to for m in mail.outbox] == [[official_a.email]]
    assert question.reference in mail.outbox[0].subject

    mail.outbox.clear()
    before = question.due_on
    with django_capture_on_commit_callbacks(execute=True):
        services.add(question=question, official=colleague_a, text="De gemeenteraad.")  # a colleague may answer
    question.refresh_from_db()
    assert question.status == Status.ASSIGNED and question.due_on >= before
    assert [m.to for m in mail.outbox] == [[second_desk.email]]

    services.answer(question=question, actor=second_desk, text="Ja, tot 31 december.")
    services.close(question=question, actor=official_a)
    question.refresh_from_db()
    assert question.status == Status.CLOSED and question.closed_at is not None
    assert list(question.decisions.values_list("action", flat=True)) == [
        "stellen",
        "toewijzen",
        "meer_vragen",
        "aanvullen",
        "beantwoorden",
        "sluiten",
    ]
    assert list(question.messages.values_list("kind", flat=True)) == [
        Message.Kind.NOTE,
        Message.Kind.ASK_MORE,
        Message.Kind.ASKER,
        Message.Kind.ANSWER,
    ]
    assert list(question.messages.for_asker().values_list("kind", flat=True)) == [
        Message.Kind.ASK_MORE,
        Message.Kind.ASKER,
        Message.Kind.ANSWER,
    ]


def test_a_second_answer_on_an_answered_question_is_refused_with_who_decided(ask, desk, second_desk):
    question = ask()
    services.answer(question=question, actor=desk, text="Ja.")
    with pytest.raises(services.QuestionError, match="Hierover is al beslist door Vragendesk"):
        services.answer(question=question, actor=second_desk, text="Nee.")
    assert question.messages.count() == 1


def test_only_the_desk_acts_as_the_desk_and_only_the_government_adds(ask, official_a, official_b, editor, desk):
    question = ask()
    for outsider in (official_a, official_b, editor):
        with pytest.raises(services.QuestionError, match="Alleen de vragendesk"):
            services.answer(question=question, actor=outsider, text="Ja.")
        with pytest.raises(services.QuestionError, match="Alleen de vragendesk"):
            services.add_note(question=question, author=outsider, text="Geheim.")
    with pytest.raises(services.QuestionError, match="U werkt niet voor dit bestuur"):
        services.add(question=question, official=official_b, text="Ik ook.")
    with pytest.raises(services.QuestionError, match="iemand van de vragendesk"):
        services.assign(question=question, actor=desk, handler=editor)
    services.answer(question=question, actor=desk, text="Ja.")
    with pytest.raises(services.QuestionError, match="U kunt deze vraag niet sluiten"):
        services.close(question=question, actor=official_b)
    question.refresh_from_db()
    assert question.status == Status.ANSWERED
    assert question.messages.count() == 1 and question.decisions.count() == 2


def test_duplicates_point_at_the_first_and_count_the_governments(ask, official_b, leuven, desk):
    first = ask()
    second = ask(official=official_b, government=leuven)
    third = ask()
    services.mark_duplicate(question=second, actor=desk, original=first)
    services.mark_duplicate(question=first, actor=desk, original=third)  # the first joins the third ...
    second.refresh_from_db()
    assert second.duplicate_of == third  # ... and takes its duplicates along: one level only
    with pytest.raises(services.QuestionError, match="zichzelf"):
        services.mark_duplicate(question=third, actor=desk, original=first)
    decision = QuestionDecision.objects.filter(question=second, action="dubbel").get()
    assert decision.reason == first.reference and decision.to_state == NO_STATE


def test_reminders_go_once_per_due_date_to_the_handler_or_the_desk(
    ask, desk, second_desk, django_capture_on_commit_callbacks
):
    late = ask(at=timezone.now() - datetime.timedelta(days=14))
    services.assign(question=late, actor=desk, handler=second_desk)
    nobodys = ask(at=timezone.now() - datetime.timedelta(days=14))
    fresh = ask()
    waiting = ask(at=timezone.now() - datetime.timedelta(days=14))
    services.ask_for_more(question=waiting, actor=desk, text="Welke raad?")  # the asker's turn: no reminder
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 2
    assert sorted((m.to[0], m.subject.split(":")[0]) for m in mail.outbox) == sorted(
        [
            (desk.email, "Te laat"),  # nobody has it: the whole desk
            (second_desk.email, "Te laat"),
            (second_desk.email, "Te laat"),  # and the one assigned to them
        ]
    )
    assert {late.reference, nobodys.reference} == {m.subject.split()[3] for m in mail.outbox}
    assert fresh.reference not in "".join(m.subject for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 0  # run again: nothing twice
    assert mail.outbox == []


def test_the_reminder_comes_the_working_day_before_the_due_date(ask, desk, django_capture_on_commit_callbacks):
    question = ask(at=datetime.datetime(2026, 12, 7, 10, 0, tzinfo=BRUSSELS))  # a Monday
    assert question.due_on == datetime.date(2026, 12, 14)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(now=datetime.datetime(2026, 12, 10, 8, 0, tzinfo=BRUSSELS)) == 0
        assert services.send_due_reminders(now=datetime.datetime(2026, 12, 11, 8, 0, tzinfo=BRUSSELS)) == 1  # Friday
    assert [m.subject for m in mail.outbox][-1].startswith(f"Herinnering: vraag {question.reference} ")
