"""Keeping clarifications current: mark for review each published one whose rule expired, whose period of
measures closed, or whose guidance section changed in a newer version, since the last run.

The job walks what changed since it last looked (rules whose validity ended, periods closed, guidance
versions published), not every clarification: a run with nothing new costs the same at 10 or 10,000."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guidance.models import GuidanceVersion, Section
from practices.models import MeasurePeriod

from .models import (
    Clarification,
    ClarificationAction,
    ClarificationDecision,
    ClarificationVersion,
    ClarifiedSection,
    ReviewWatch,
    Rule,
)

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)  # before anything the portal holds


def _date(day):
    return date_format(day, "j F Y")


def _rule_reasons(since, now):
    """Rules of current versions whose validity ended after `since` and at the latest today."""
    rules = Rule.objects.filter(
        version__published_at__isnull=False,
        valid_until__gte=timezone.localdate(since),
        valid_until__lt=timezone.localdate(now),
    ).select_related("version")
    for rule in rules:
        yield (
            rule.version.clarification_id,
            rule.version_id,
            rule.valid_until,
            _("De regel “%(rule)s” geldt niet meer sinds %(date)s.") % {"rule": rule, "date": _date(rule.valid_until)},
        )


def _period_reasons(since, now):
    """Periods of measures closed after `since`: the current versions that belong to them."""
    periods = MeasurePeriod.objects.filter(closed_at__gt=since, closed_at__lte=now)
    through = ClarificationVersion.periods.through
    links = through.objects.filter(measureperiod__in=periods).select_related("measureperiod", "clarificationversion")
    for link in links:
        period, version = link.measureperiod, link.clarificationversion
        if version.published_at is None:
            continue
        day = period.ends_on or timezone.localdate(period.closed_at)
        yield (
            version.clarification_id,
            version.pk,
            day,
            _("De periode “%(period)s” is afgesloten op %(date)s.")
            % {
                "period": period.name,
                "date": _date(day),
            },
        )


def _section_reasons(since, now):
    """Guidance versions published after `since`: each clarified section whose text this version changed
    (compared with the version before it), for the clarifications linked to an earlier version."""
    published = GuidanceVersion.objects.filter(published_at__gt=since, published_at__lte=now)
    for guidance in published.select_related("document"):
        clarified = ClarifiedSection.objects.filter(
            document=guidance.document_id,
            version__published_at__isnull=False,
            guidance_version__number__lt=guidance.number,
        )
        if not clarified.exists():
            continue
        previous = (
            GuidanceVersion.objects.published()
            .filter(document=guidance.document_id, number__lt=guidance.number)
            .order_by("-number")
            .first()
        )
        now_sections = {s.anchor: (s.title, s.body) for s in Section.objects.filter(version=guidance)}
        before = {s.anchor: (s.title, s.body) for s in Section.objects.filter(version=previous)} if previous else {}
        for link in clarified.select_related("version"):
            if now_sections.get(link.anchor) == before.get(link.anchor):
                continue  # this version left the section as it was
            day = timezone.localdate(guidance.published_at)
            yield (
                link.version.clarification_id,
                link.version_id,
                day,
                _("Het onderdeel “%(section)s” van “%(document)s” veranderde in versie %(number)s (%(date)s).")
                % {
                    "section": link.title,
                    "document": guidance.document.title,
                    "number": guidance.number,
                    "date": _date(day),
                },
            )


def mark_changed(now=None):
    """Mark what changed since the last run; returns how many clarifications were newly marked."""
    now = now or timezone.now()
    with transaction.atomic():
        watch = ReviewWatch.objects.select_for_update().filter(pk=1).first()
        if watch is None:
            watch = ReviewWatch.objects.create(pk=1, checked_until=EPOCH)
        since = watch.checked_until
        found = {}
        for reasons in (_rule_reasons(since, now), _period_reasons(since, now), _section_reasons(since, now)):
            for clarification_id, version_id, day, reason in reasons:
                found.setdefault(clarification_id, []).append((version_id, day, reason))
        marked = 0
        current = Clarification.objects.select_for_update(of=("self",)).filter(pk__in=found).select_related("current")
        for clarification in current:
            reasons = [
                (day, reason)
                for version_id, day, reason in found[clarification.pk]
                if version_id == clarification.current_id
            ]
            if not reasons:
                continue  # it concerned an older version, since corrected
            first = min(day for day, _reason in reasons)
            if clarification.review_since is None:
                marked += 1
            clarification.review_since = min(first, clarification.review_since or first)
            clarification.review_reasons = list(
                dict.fromkeys([*clarification.review_reasons, *(r for _d, r in reasons)])
            )
            clarification.save(update_fields=["review_since", "review_reasons"])
            ClarificationDecision.record(
                None,
                ClarificationAction.MARK_REVIEW,
                "",
                clarification=clarification,
                version=clarification.current,
                reason=" ".join(r for _d, r in reasons),
                created_at=now,
            )
        watch.checked_until = now
        watch.save(update_fields=["checked_until"])
    return marked
