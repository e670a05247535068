"""The reads of questions: whose they are, the desk's queue in order of urgency, the usual reply time."""

import math
from datetime import timedelta

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from vlaanderenhelpt.working_days import working_days_between

from .states import DESK_TURN, MessageKind


class QuestionQuerySet(models.QuerySet):
    """The reads of questions."""

    def of_member(self, user):
        """The questions of the governments `user` works for: what they may read, and nothing else."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(local_government__memberships__user=user).distinct()

    def of_status(self, statuses):
        """The questions in any of `statuses`."""
        return self.filter(status__in=statuses)

    def by_urgency(self, today=None):
        """The desk's order: overdue first, then by the date the asker needs an answer, then the oldest."""
        today = today or timezone.localdate()
        overdue = Case(
            When(Q(status__in=DESK_TURN, due_on__lt=today), then=Value(1)),
            default=Value(0),
        )
        return self.annotate(overdue=overdue).order_by(
            F("overdue").desc(), F("needed_by").asc(nulls_last=True), "created_at", "pk"
        )

    def first_answer_times(self, since):
        """Working days from each question to its first answer, for questions first answered since `since`."""
        rows = self.filter(first_answered_at__gte=since).values_list("created_at", "first_answered_at")
        return [working_days_between(asked, answered) for asked, answered in rows]

    def usual_first_answer_days(self, *, now=None, days=90, minimum=3):
        """Within how many working days four in five questions of the last `days` days had a first
        answer (at least 1), or None when fewer than `minimum` did: too few to say."""
        times = sorted(self.first_answer_times((now or timezone.now()) - timedelta(days=days)))
        if len(times) < minimum:
            return None
        return max(1, times[math.ceil(0.8 * len(times)) - 1])


class MessageQuerySet(models.QuerySet):
    """The reads of a thread."""

    def for_asker(self):
        """The thread as the asking government reads it: everything but the desk's internal notes."""
        return self.exclude(kind=MessageKind.NOTE)
