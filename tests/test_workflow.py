"""The one workflow pattern: every decision table extends one base, every moderated thing declares its
transitions once, the services record where each thing came from and went, and the rows written before
the pattern existed were migrated without losing anything."""

import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts import services as account_services
from accounts.models import ACCESS_WORKFLOW, INVITATION_WORKFLOW, AccountDecision
from guidance import services as guidance_services
from guidance.models import DOCUMENT_WORKFLOW, SUGGESTION_WORKFLOW, VERSION_WORKFLOW, GuidanceDecision
from guidance.services import SectionText
from practices import adoptions, periods
from practices import services as practice_services
from practices.models import (
    Adoption,
    AdoptionDecision,
    Decision,
    MeasurePeriod,
    PeriodDecision,
    Practice,
    ProblemReport,
    ProblemReportDecision,
)
from questions.models import CLARIFICATION_WORKFLOW, ClarificationDecision, QuestionDecision
from questions.models import WORKFLOW as QUESTION_WORKFLOW
from tests.conftest import gov
from vlaanderenhelpt.models import AppendOnlyModel
from vlaanderenhelpt.workflow import NO_STATE, Transition, Workflow
from vlaanderenhelpt.workflow import Decision as DecisionBase

WORKFLOWS = [
    (Practice.WORKFLOW, Decision),
    (Adoption.WORKFLOW, AdoptionDecision),
    (MeasurePeriod.WORKFLOW, PeriodDecision),
    (ProblemReport.WORKFLOW, ProblemReportDecision),
    (VERSION_WORKFLOW, GuidanceDecision),
    (DOCUMENT_WORKFLOW, GuidanceDecision),
    (SUGGESTION_WORKFLOW, GuidanceDecision),
    (INVITATION_WORKFLOW, AccountDecision),
    (ACCESS_WORKFLOW, AccountDecision),
    (QUESTION_WORKFLOW, QuestionDecision),
    (CLARIFICATION_WORKFLOW, ClarificationDecision),
]


def _values(model, name):
    return {value for value, _label in model._meta.get_field(name).choices}


def test_every_append_only_record_of_an_action_is_a_decision_of_the_one_base():
    recorded = [
        model
        for model in apps.get_models()
        if issubclass(model, AppendOnlyModel) and any(f.name == "action" for f in model._meta.get_fields())
    ]
    assert {m.__name__ for m in recorded} == {
        "Decision",
        "AdoptionDecision",
        "PeriodDecision",
        "ProblemReportDecision",
        "GuidanceDecision",
        "AccountDecision",
        "QuestionDecision",
        "ClarificationDecision",
    }
    for model in recorded:
        assert issubclass(model, DecisionBase), model
        names = {f.name for f in model._meta.get_fields()}
        assert {"actor", "action", "from_state", "to_state", "reason", "created_at"} <= names, model
        for field in ("action", "from_state", "to_state"):
            assert model._meta.get_field(field).choices, (model, field)


@pytest.mark.parametrize(("workflow", "table"), WORKFLOWS, ids=lambda v: getattr(v, "__name__", ""))
def test_each_workflow_moves_only_between_the_states_its_decision_table_knows(workflow, table):
    assert workflow.transitions
    for transition in workflow.transitions:
        assert transition.action in _values(table, "action"), transition
        assert set(transition.sources) <= _values(table, "from_state") | {NO_STATE}, transition
        assert transition.target in _values(table, "to_state"), transition


def test_a_transition_is_declared_once():
    with pytest.raises(ValueError, match="declared twice"):
        Workflow(Transition("a", ("x",), "y"), Transition("a", ("x", "z"), "w"))
    flow = Workflow(Transition("a", ("x", "z"), "y"))
    assert (flow.target("a", "x"), flow.target("a", "y"), flow.sources("a")) == ("y", None, ("x", "z"))
    # A service that records an action its workflow does not allow from the state is stopped.
    with pytest.raises(ValueError, match="does not apply"):
        Decision.record(Practice.WORKFLOW, "goedkeuren", "concept")


def _moves(decisions):
    return [(d.action, d.from_state, d.to_state) for d in decisions.order_by("created_at", "pk")]


def test_the_services_record_from_which_state_to_which(make_practice, editor, official_a, leuven):
    practice = make_practice()
    # A period of measures: made, changed, closed, reopened.
    period = periods.create_period(editor=editor, name="Tweede lockdown", starts_on=datetime.date(2020, 11, 2))
    periods.change_period(period=period, editor=editor, name="Tweede lockdown", starts_on=datetime.date(2020, 11, 1))
    periods.close_period(period=period, editor=editor, ends_on=datetime.date(2021, 5, 8), note="Voorbij.")
    periods.reopen_period(period=period, editor=editor, reason="Opnieuw van kracht.")
    assert _moves(period.decisions) == [
        ("aanmaken", "", "open"),
        ("wijzigen", "open", "open"),
        ("afsluiten", "open", "afgesloten"),
        ("heropenen", "afgesloten", "open"),
    ]
    # A reader's report, closed once; a second closing is told who did it.
    report = practice_services.report_problem(practice=practice, kind="verouderd", text="Niet meer zo.")
    practice_services.close_report(report=report, editor=editor, note="Nagekeken.")
    closed = report.decisions.get()
    assert (closed.action, closed.from_state, closed.to_state, closed.reason) == (
        "afhandelen",
        "open",
        "afgehandeld",
        "Nagekeken.",
    )
    with pytest.raises(practice_services.PracticeError, match="al beslist"):
        practice_services.close_report(report=report, editor=editor)
    # An adoption by another government, accepted.
    official_a.memberships.create(local_government=leuven)
    adoption = adoptions.record(
        practice=practice,
        local_government=leuven,
        author=official_a,
        way=Adoption.Way.AS_IS,
        adopted_on=datetime.date(2021, 1, 4),
    )
    adoptions.approve(adoption=adoption, editor=editor)
    assert _moves(adoption.decisions) == [("indienen", "", "ingediend"), ("goedkeuren", "ingediend", "gepubliceerd")]
    # An access request, approved.
    request = account_services.request_access(
        full_name="Nieuwe Collega",
        email="collega@leuven.be",
        function="Beleidsmedewerker",
        local_government=leuven,
        motivation="Ik werk mee aan het relanceplan.",
    )
    account_services.decide_access_request(access_request=request, editor=editor, approve=True)
    assert _moves(AccountDecision.objects.filter(email="collega@leuven.be")) == [
        ("toegang-aanvragen", "", "open"),
        ("toegang-verlenen", "open", "goedgekeurd"),
    ]


def test_a_guidance_version_goes_from_draft_to_planned_and_published(editor):
    document = guidance_services.create_document(
        editor=editor, title="Handreiking herstel", sections=[SectionText("Inleiding", "Tekst.", "inleiding")]
    )
    draft = document.versions.get()
    at = datetime.datetime(2099, 1, 1, 10, tzinfo=datetime.UTC)
    guidance_services.schedule(draft=draft, editor=editor, publish_at=at, change_note="Eerste.", is_major=True)
    guidance_services.unschedule(draft=draft, editor=editor)
    guidance_services.publish(draft=draft, editor=editor, change_note="Eerste.", is_major=True)
    guidance_services.withdraw(document=document, editor=editor, reason="Vervangen.")
    assert _moves(document.decisions) == [
        ("schedule", "concept", "ingepland"),
        ("unschedule", "ingepland", "concept"),
        ("publish", "concept", "gepubliceerd"),
        ("withdraw", "gepubliceerd", "ingetrokken"),
    ]


# The migrations that brought the decision tables to the one pattern, and the ones before them.
BEFORE = [
    ("practices", "0014_first_published_index"),
    ("accounts", "0005_account_decisions"),
    ("guidance", "0006_review_and_schedule"),
]


def _all_moves():
    tables = [Decision, PeriodDecision, ProblemReportDecision, AdoptionDecision, GuidanceDecision, AccountDecision]
    return {
        table.__name__: [
            (d.action, d.from_state, d.to_state, d.actor_id, d.reason, d.created_at)
            for d in table.objects.order_by("created_at", "pk")
        ]
        for table in tables
    }


@pytest.mark.service  # migrates the test database back and forth: runs last, on its own
@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_pattern_are_migrated_to_what_the_services_now_record(seeded, editor, make_practice):
    practice = make_practice()
    leuven = gov("Leuven")
    period = periods.create_period(editor=editor, name="Eerste lockdown", starts_on=datetime.date(2020, 3, 18))
    periods.close_period(period=period, editor=editor, ends_on=datetime.date(2020, 5, 4), note="Versoepeld.")
    report = practice_services.report_problem(practice=practice, kind="onjuist", text="Een fout adres.")
    practice_services.close_report(report=report, editor=editor, note="Aangepast.")
    practice_services.report_problem(practice=practice, kind="andere", text="Nog open.")
    account_services.invite(editor=editor, email="nieuw@leuven.be", local_government=leuven)
    request = account_services.request_access(
        full_name="A. Vrager", email="vrager@leuven.be", function="Schepen", local_government=leuven, motivation="Ja."
    )
    account_services.decide_access_request(access_request=request, editor=editor, approve=False, reason="Onbekend.")
    document = guidance_services.create_document(
        editor=editor, title="Handreiking", sections=[SectionText("Inleiding", "Tekst.", "inleiding")]
    )
    guidance_services.set_review_before(document=document, editor=editor, review_before=datetime.date(2027, 6, 1))
    recorded = _all_moves()
    assert recorded["PeriodDecision"] and recorded["ProblemReportDecision"] and recorded["AccountDecision"]

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    # Before: the practice decisions said "status", periods and accounts no state, reports had no decisions.
    old_decisions = old.get_model("practices", "Decision").objects.values_list("from_status", "to_status")
    assert list(old_decisions) == [(d[1], d[2]) for d in recorded["Decision"]]
    assert "from_state" not in {f.name for f in old.get_model("practices", "PeriodDecision")._meta.get_fields()}
    review = old.get_model("guidance", "GuidanceDecision").objects.get(action="review_date")
    assert review.to_state == "herzien-voor"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert _all_moves() == recorded
