"""The questions' part of the portal's figures (/cijfers/ and its JSON): questions per theme and month,
how fast the desk answers and closes them, how many were answered within the due date, and how many
clarifications were published. Never a question's content or who asked it. The URL configuration hands
it to the figures of the catalogue."""

import datetime
import math
import statistics
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from vlaanderenhelpt.working_days import working_days_between

from .models import Clarification, Question, QuestionTheme

MONTHS = 12


def _spread(times):
    """How many, the median and the smallest number of working days within which nine in ten fell."""
    times = sorted(times)
    if not times:
        return {"count": 0, "median": None, "p90": None}
    return {"count": len(times), "median": statistics.median(times), "p90": times[math.ceil(0.9 * len(times)) - 1]}


def _month_keys(now):
    month = timezone.localdate(now).replace(day=1)
    keys = []
    for _n in range(MONTHS):
        keys.append(month.strftime("%Y-%m"))
        month = (month - timedelta(days=1)).replace(day=1)
    return keys[::-1]


def questions(now=None):
    """The figures of the last MONTHS months."""
    now = now or timezone.now()
    months = _month_keys(now)
    since = timezone.make_aware(datetime.datetime.fromisoformat(f"{months[0]}-01"))
    recent = Question.objects.filter(created_at__gte=since)
    rows = (
        recent.annotate(month=TruncMonth("created_at")).order_by().values_list("theme", "month").annotate(n=Count("pk"))
    )
    counts = {(theme, month.strftime("%Y-%m")): n for theme, month, n in rows}
    themes = [
        {
            "name": theme.name,
            "months": [{"month": key, "count": counts.get((theme.pk, key), 0)} for key in months],
            "total": sum(counts.get((theme.pk, key), 0) for key in months),
        }
        for theme in QuestionTheme.objects.order_by("position", "name")
    ]
    first, closing = [], []
    for asked, answered, closed in recent.exclude(first_answered_at=None, closed_at=None).values_list(
        "created_at", "first_answered_at", "closed_at"
    ):
        if answered is not None:
            first.append(working_days_between(asked, answered))
        if closed is not None:
            closing.append(working_days_between(asked, closed))
    on_time = sum(1 for days in first if days <= settings.QUESTION_DUE_WORKING_DAYS)
    clarifications = Clarification.objects.published().aggregate(
        published=Count("pk"), last_months=Count("pk", filter=Q(first_published_at__gte=since))
    )
    return {
        "months": months,
        "asked": sum(counts.values()),
        "themes": [theme for theme in themes if theme["total"]],
        "first_answer": _spread(first),
        "closing": _spread(closing),
        "on_time": {
            "working_days": settings.QUESTION_DUE_WORKING_DAYS,
            "count": on_time,
            "percent": round(100 * on_time / len(first)) if first else None,
        },
        "clarifications": clarifications,
    }
