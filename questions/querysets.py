"""The reads of questions: whose they are, the desk's queue in order of urgency, the usual reply time."""

import math
from datetime import timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Case, Count, F, Q, Value, When
from django.utils import timezone

from vlaanderenhelpt.working_days import working_days_between

from .states import DESK_ONLY, DESK_TURN


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

    def themes_asked_since(self, since, *, minimum=1):
        """(theme name, count) of the themes asked about at least `minimum` times since `since`, most first."""
        rows = (
            self.filter(created_at__gte=since)
            .order_by()
            .values_list("theme__name")
            .annotate(n=Count("pk"))
            .filter(n__gte=minimum)
        )
        return sorted(rows, key=lambda row: (-row[1], row[0]))

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
        """The thread as the asking government reads it: everything but the desk's internal notes and the
        advice of the experts it asked."""
        return self.exclude(kind__in=DESK_ONLY)


class ClarificationQuerySet(models.QuerySet):
    """The reads of clarifications."""

    def published(self):
        """What readers see: every clarification with a published version."""
        return self.filter(current__isnull=False)

    def to_review(self):
        """The published clarifications marked for review, the longest waiting first."""
        return self.published().filter(review_since__isnull=False).order_by("review_since", "pk")

    RANKED = 500  # a search ranks its newest matches only: a word in every clarification costs what a rare one does

    def search(self, q):
        """The ones matching a reader's words, with a `rank` to order by: full-text search in Dutch on
        PostgreSQL (websearch syntax), every word in the title or text on SQLite. Only the newest RANKED
        matches are ranked; the others rank 0 and follow by date."""
        q = (q or "").strip()[:200]
        if not q:
            return self
        if connection.vendor == "postgresql":
            query = SearchQuery(q, search_type="websearch", config="dutch")
            found = self.filter(search_vector=query)
            newest = found.order_by("-last_published_at", "-pk").values("pk")[: self.RANKED]
            rank = Case(When(pk__in=newest, then=SearchRank(F("search_vector"), query)), default=Value(0.0))
            return found.annotate(rank=rank)
        found = self
        for word in q.replace('"', " ").split():
            if word.startswith("-") or word.lower() == "or":
                continue
            found = found.filter(Q(current__title__icontains=word) | Q(current__body__icontains=word))
        return found.annotate(rank=Value(1.0))

    def theme_counts(self):
        """{theme id: how many} among these: one aggregate over this table alone."""
        return dict(self.order_by().values_list("theme").annotate(n=Count("theme")))  # from the index alone
