"""Every decision view, posted twice (a double click, two editors at once): the second answers with the
Dutch "al beslist door … op …", never an error page, and nothing changes."""

import datetime
import html

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts import services as account_services
from guidance import services as guidance_services
from guidance.services import SectionText as S
from practices import adoptions, periods
from practices import services as practice_services
from questions import publishing
from questions import services as question_services
from questions.models import DESK_GROUP, Clarification, Question, QuestionTheme
from tests.conftest import content, gov


def _practice_decision(action, reason="Om deze reden."):
    def setup(make_practice, **_):
        practice = make_practice(stage="submitted")
        data = {"beslissing": action, "toelichting": reason, "versie": practice.working_version_id}
        return f"/redactie/praktijken/{practice.pk}/beslissen/", data

    return setup


def _update_approval(make_practice, official_a, **_):
    practice = make_practice()
    practice_services.save_draft(practice=practice, author=official_a, content=content(title="Bijgewerkte titel"))
    practice_services.submit(practice=practice, actor=official_a)
    practice.refresh_from_db()
    data = {"beslissing": "goedkeuren", "versie": practice.working_version_id}
    return f"/redactie/praktijken/{practice.pk}/beslissen/", data


def _archive(make_practice, **_):
    practice = make_practice()
    return f"/redactie/praktijken/{practice.pk}/beslissen/", {"beslissing": "archiveren", "toelichting": "Oud."}


def _adoption(action):
    def setup(make_practice, official_b, **_):
        adoption = adoptions.record(
            practice=make_practice(),
            local_government=gov("Leuven"),
            author=official_b,
            way="aangepast",
            adopted_on=datetime.date(2021, 3, 1),
        )
        return f"/redactie/overnames/{adoption.pk}/", {"action": action, "reason": "Geen overname."}

    return setup


def _report(make_practice, **_):
    report = practice_services.report_problem(practice=make_practice(), kind="verouderd", text="Klopt niet meer.")
    return f"/redactie/meldingen/{report.pk}/afhandelen/", {"notitie": "Nagekeken."}


def _guide(editor):
    document = guidance_services.create_document(editor=editor, title="Handreiking", sections=[S("Deel", "Tekst.")])
    return document


def _guidance_publish(editor, **_):
    document = _guide(editor)
    data = {"kind": "klein", "change_note": "", "revisie": document.versions.get().revision}
    return f"/redactie/handreikingen/{document.slug}/concept/publiceren/", data


def _guidance_withdraw(editor, **_):
    document = _guide(editor)
    guidance_services.publish(draft=document.versions.get(), editor=editor, change_note="", is_major=False)
    return f"/redactie/handreikingen/{document.slug}/intrekken/", {"reason": "Niet meer van toepassing."}


def _suggestion(action):
    def setup(editor, **_):
        document = _guide(editor)
        guidance_services.publish(draft=document.versions.get(), editor=editor, change_note="", is_major=False)
        sent = guidance_services.send_suggestion(
            document=document, text="Meer voorbeelden.", organisation_type="burger", name="Jan", email="j@example.org"
        )
        guidance_services.confirm_suggestion(token=sent.confirmation_token)
        return f"/redactie/suggesties/{sent.pk}/", {"actie": action, "reason": "Valt erbuiten."}

    return setup


def _access_request(**_):
    found = account_services.request_access(
        full_name="An Peeters",
        email="an@gent.be",
        function="Diensthoofd",
        local_government=gov("Gent"),
        motivation="Ik deel onze voorbeelden.",
    )
    return f"/redactie/toegang/{found.pk}/beslissen/", {"beslissing": "goedkeuren"}


def _period(action):
    def setup(editor, **_):
        period = periods.create_period(editor=editor, name="Avondklok", starts_on=datetime.date(2020, 10, 19))
        if action == "heropenen":
            periods.close_period(period=period, editor=editor, ends_on=datetime.date(2021, 6, 9), note="Voorbij.")
        data = {"action": action, "ends_on": "2021-06-09", "close_note": "Voorbij.", "reason": "Terug."}
        return f"/redactie/periodes/{period.pk}/", data

    return setup


def _question(action):
    def setup(editor, second_editor, official_a, **_):
        for member in (editor, second_editor):  # the two deciding here work on the question desk as well
            member.groups.add(Group.objects.get(name=DESK_GROUP))
        question = question_services.ask(
            official=official_a,
            local_government=gov("Gent"),
            theme=QuestionTheme.objects.get(slug="personeel"),
            title="Telewerk voor het personeel?",
            text="Mag het?",
        )
        if action == "sluiten":
            question_services.answer(question=question, actor=editor, text="Ja.")
        return question.get_desk_url(), {"actie": action, "kind": "antwoord", "text": "Ja, dat mag."}

    return setup


def _clarification(action):
    def setup(editor, second_editor, official_a, **_):
        question = _question("sluiten")(editor=editor, second_editor=second_editor, official_a=official_a)[0]
        found = Question.objects.get(reference=question.rstrip("/").rsplit("/", 1)[1])
        clarification = publishing.create(editor=second_editor, questions=[found])
        version = clarification.versions.get()
        publishing.submit(version=version, editor=second_editor)  # written by the one who comes second
        if action == "bevestigen":
            publishing.approve(version=version, editor=editor)
            Clarification.objects.filter(pk=clarification.pk).update(review_since=datetime.date(2021, 7, 1))
        return clarification.get_editor_url(), {"actie": action}

    return setup


DECISIONS = {
    "practice approved": _practice_decision("goedkeuren", reason=""),
    "practice changes requested": _practice_decision("aanpassing-vragen"),
    "practice rejected": _practice_decision("afwijzen"),
    "update approved": _update_approval,
    "practice archived": _archive,
    "adoption approved": _adoption("goedkeuren"),
    "adoption declined": _adoption("afwijzen"),
    "problem report closed": _report,
    "guidance version published": _guidance_publish,
    "guidance withdrawn": _guidance_withdraw,
    "suggestion taken": _suggestion("nemen"),
    "suggestion declined": _suggestion("afwijzen"),
    "access request approved": _access_request,
    "period closed": _period("afsluiten"),
    "period reopened": _period("heropenen"),
    "question answered": _question("bericht"),
    "question closed": _question("sluiten"),
    "clarification approved": _clarification("goedkeuren"),
    "clarification confirmed": _clarification("bevestigen"),
}


@pytest.mark.parametrize("name", list(DECISIONS))
def test_the_second_of_two_identical_decisions_is_told_who_decided(
    name, make_practice, editor, second_editor, official_a, official_b, django_capture_on_commit_callbacks
):
    url, data = DECISIONS[name](
        make_practice=make_practice,
        editor=editor,
        second_editor=second_editor,
        official_a=official_a,
        official_b=official_b,
    )
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(second_editor)
    with django_capture_on_commit_callbacks(execute=True):
        answer = first.post(url, data)
    assert answer.status_code == 302, f"{name}: the first decision was refused"
    again = second.post(url, data, follow=True)
    assert again.status_code == 200
    page = html.unescape(again.content.decode())
    assert f"Hierover is al beslist door {editor} op " in page, f"{name}: {page[:3000]}"
