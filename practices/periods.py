"""Periods of measures ("eerste lockdown", "mondmaskerplicht in winkels"): kept by the editors, chosen by
practices. Closing one marks every practice tied to it as possibly outdated (a banner, a lower place in
the default order) and tells their governments; an update that confirms the practice still fits today's
rules lifts the mark. Every change is a PeriodDecision row."""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vlaanderenhelpt import generation
from vlaanderenhelpt.errors import DomainError, already_decided
from vlaanderenhelpt.mail import mail_after_commit
from vlaanderenhelpt.permissions import MODERATE_PRACTICE
from vlaanderenhelpt.text import clean_text
from vlaanderenhelpt.workflow import NO_STATE

from .models import MeasurePeriod, PeriodDecision, Practice, ProblemReport

Action, WORKFLOW = MeasurePeriod.Action, MeasurePeriod.WORKFLOW


class PeriodError(DomainError):
    """A refused change to a period of measures, with the message to show."""

    pass


def _require_editor(user):
    if not user.has_perm(MODERATE_PRACTICE):
        raise PeriodError(_("Alleen de redactie beheert periodes van maatregelen."))


def refresh_outdated(practice_ids):
    """Recompute the mark of these practices: tied to a closed period that was closed after the last
    confirmation (or never confirmed)."""
    closed = MeasurePeriod.objects.filter(practices=OuterRef("pk"), closed_at__isnull=False)
    stale = Q(Exists(closed.filter(closed_at__gt=OuterRef("confirmed_current_at")))) | Q(
        Exists(closed), confirmed_current_at__isnull=True
    )
    chosen = Practice.objects.filter(pk__in=list(practice_ids))
    chosen.filter(stale, outdated=False).update(outdated=True)
    chosen.filter(~stale, outdated=True).update(outdated=False)


def _decide(period, editor, action, from_state, reason="", practices=0):
    """Record `action` on `period`, from `from_state` to the state the workflow takes it to."""
    PeriodDecision.record(WORKFLOW, action, from_state, period=period, actor=editor, reason=reason, practices=practices)


def _line(value, limit):
    """One line of text: control characters and line breaks gone, spaces collapsed."""
    return " ".join(clean_text(value or "").split())[:limit]


def _clean(name, description, close_note=""):
    name = _line(name, 150)
    if not name:
        raise PeriodError(_("Geef de periode een naam."))
    return name, _line(description, 300), _line(close_note, 300)


@transaction.atomic
def create_period(*, editor, name, starts_on, description="", ends_on=None, close_note=""):
    """A new period; one that already ended (a past lockdown) is closed at once, with its explanation."""
    _require_editor(editor)
    name, description, close_note = _clean(name, description, close_note)
    try:
        with transaction.atomic():
            period = MeasurePeriod.objects.create(name=name, description=description, starts_on=starts_on)
    except IntegrityError:
        raise PeriodError(_("Er bestaat al een periode met de naam “%(name)s”.") % {"name": name}) from None
    _decide(period, editor, Action.CREATE, NO_STATE)
    if ends_on is not None:
        close_period(period=period, editor=editor, ends_on=ends_on, note=close_note)
    return period


def _locked(period):
    return MeasurePeriod.objects.select_for_update().get(pk=period.pk)


@transaction.atomic
def change_period(*, period, editor, name, starts_on, description=""):
    """Rename a period or move its start."""
    _require_editor(editor)
    period = _locked(period)
    name, description, _note = _clean(name, description)
    if period.ends_on and starts_on > period.ends_on:
        raise PeriodError(_("Het begin ligt na het einde."))
    if MeasurePeriod.objects.filter(name=name).exclude(pk=period.pk).exists():
        raise PeriodError(_("Er bestaat al een periode met de naam “%(name)s”.") % {"name": name})
    period.name, period.description, period.starts_on = name, description, starts_on
    period.save(update_fields=["name", "description", "starts_on"])
    _decide(period, editor, Action.CHANGE, period.state)
    generation.changed()  # the banner names it
    return period


def _last_decision(period, outcome):
    last = PeriodDecision.last_of(period.decisions)
    return already_decided(who=last.actor, when=last.created_at, outcome=outcome)


def _tied(period):
    return Practice.objects.published().filter(periods=period)


@transaction.atomic
def close_period(*, period, editor, ends_on, note):
    """Set the end of a period: its practices are marked and their governments told (after commit)."""
    _require_editor(editor)
    period = _locked(period)
    note = _line(note, 300)
    if not WORKFLOW.allows(Action.CLOSE, period.state):
        raise PeriodError(
            _last_decision(period, _("afgesloten op %(date)s") % {"date": date_format(period.ends_on, "j F Y")})
        )
    if not note:
        raise PeriodError(_("Leg in één regel uit waarom de periode voorbij is."))
    if ends_on < period.starts_on:
        raise PeriodError(_("Het einde ligt vóór het begin."))
    from_state = period.state
    period.ends_on, period.closed_at, period.close_note = ends_on, timezone.now(), note
    period.save(update_fields=["ends_on", "closed_at", "close_note"])
    tied = list(_tied(period).values_list("pk", flat=True))
    refresh_outdated(tied)
    _decide(period, editor, Action.CLOSE, from_state, reason=note, practices=len(tied))
    generation.changed()
    _tell_governments(period, Practice.objects.filter(pk__in=tied).select_related("local_government").order_by("title"))
    return period


def _tell_governments(period, practices):
    by_government = defaultdict(list)
    for practice in practices:
        by_government[practice.local_government].append(practice)
    members_of = get_user_model().objects.members_of
    for government, theirs in by_government.items():
        mail_after_commit(
            template="practices/email/period_closed.txt",
            subject=_("Periode afgesloten: “%(name)s”. Klopt uw praktijkvoorbeeld nog?") % {"name": period.name[:80]},
            recipients=list(members_of(government).values_list("email", flat=True)),
            context={
                "period": period,
                "government": government,
                "practices": [
                    {
                        "title": p.title,
                        "page": settings.SITE_URL + p.get_absolute_url(),
                        "update": settings.SITE_URL + reverse("practices:mine_step", args=[p.pk, "context"]),
                    }
                    for p in theirs
                ],
            },
        )


@transaction.atomic
def reopen_period(*, period, editor, reason):
    """Undo a closing (set by mistake, or the measures came back): the marks it caused are lifted."""
    _require_editor(editor)
    period = _locked(period)
    reason = _line(reason, 300)
    if not WORKFLOW.allows(Action.REOPEN, period.state):
        raise PeriodError(_last_decision(period, _("loopt")))
    if not reason:
        raise PeriodError(_("Leg in één regel uit waarom de periode weer loopt."))
    from_state = period.state
    period.ends_on, period.closed_at, period.close_note = None, None, ""
    period.save(update_fields=["ends_on", "closed_at", "close_note"])
    tied = list(_tied(period).values_list("pk", flat=True))
    refresh_outdated(tied)
    _decide(period, editor, Action.REOPEN, from_state, reason=reason, practices=len(tied))
    generation.changed()
    return period


def overview():
    """Live practices that may be outdated, for the editors: marked by a closed period, or reported as
    outdated by readers (open reports), most reports first. Annotated with `outdated_reports`."""
    reports = Count(
        "reports",
        filter=Q(reports__kind=ProblemReport.Kind.OUTDATED, reports__closed_at__isnull=True),
        distinct=True,
    )
    reported = ProblemReport.objects.filter(kind=ProblemReport.Kind.OUTDATED, closed_at__isnull=True)
    return (
        Practice.objects.published()
        .filter(Q(outdated=True) | Q(pk__in=reported.values("practice")))  # the few candidates first
        .annotate(outdated_reports=reports)
        .select_related("local_government")
        .order_by("-outdated_reports", "title", "pk")
    )


def closed_periods_of(practice):
    """The closed periods behind a practice's warning (closed after its last confirmation), from its
    prefetched periods."""
    if not practice.outdated:
        return []
    confirmed = practice.confirmed_current_at
    return [p for p in practice.periods.all() if p.closed_at and (confirmed is None or p.closed_at > confirmed)]


def with_counts():
    """Every period with the number of live practices tied to it."""
    live = Q(practices__in=Practice.objects.published())
    return MeasurePeriod.objects.annotate(live_practices=Count("practices", filter=live, distinct=True))
