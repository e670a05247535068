"""The reads of practices, attachments and decisions, as QuerySet methods."""

import math
from datetime import timedelta

from django.db import models
from django.utils import timezone

from accounts.models import Membership
from vlaanderenhelpt.models import AppendOnlyQuerySet
from vlaanderenhelpt.permissions import MODERATE_PRACTICE
from vlaanderenhelpt.working_days import working_days_between

from .states import LIVE_STATUSES, Action, Status


class PracticeQuerySet(models.QuerySet):
    """The reads of practices."""

    def published(self):
        """What the public may see: the approved version of practices that are online."""

        return self.filter(status__in=LIVE_STATUSES, published_version__isnull=False)

    def counts_by_government(self):
        """{local government id: number of practices}: one aggregate over the practices, grouped first."""
        return dict(
            self.order_by()
            .values("local_government")
            .annotate(n=models.Count("id"))
            .values_list("local_government", "n")
        )

    def results_overdue(self, asked_before):
        """Live practices last asked for their results before `asked_before` and not updated since,
        annotated with `asked_at` (the last request) and `rounds` (how many), longest waiting first."""
        results_requests = self.model._meta.get_field("results_requests").related_model
        asked = models.Max("results_requests__sent_at")
        ever_asked = results_requests.objects.filter(sent_at__lte=asked_before).values("practice")
        return (
            self.published()
            .filter(pk__in=ever_asked)  # first the few ever asked, not an aggregate over every practice
            .annotate(asked_at=asked, rounds=models.Count("results_requests"))
            .filter(asked_at__lte=asked_before)
            .filter(models.Q(results_updated_at__isnull=True) | models.Q(results_updated_at__lt=models.F("asked_at")))
            .order_by("asked_at", "pk")
        )

    def awaiting_review(self):
        """Submissions and updates that wait for the editors, oldest first."""

        return self.filter(status__in=[Status.SUBMITTED, Status.UPDATE_SUBMITTED]).order_by("pk")

    def of(self, local_government):
        """Practices submitted by, or made together with, one local government."""
        return self.filter(
            models.Q(local_government=local_government) | models.Q(pk__in=self._partner_ids(local_government))
        )

    def of_member(self, user):
        """Practices of every local government the user belongs to: colleagues continue each other's work."""

        governments = Membership.objects.filter(user=user).values("local_government_id")
        return self.filter(local_government_id__in=governments)

    def editable_by(self, user):
        """What a user may open in the submitter's screens: their governments' practices; editors all."""
        if user.has_perm(MODERATE_PRACTICE):
            return self.all()
        return self.of_member(user)

    def with_detail_data(self):
        """With what a practice's page shows of its relations, in a few queries."""
        return self.select_related("local_government", "local_government__province").prefetch_related(
            "themes", "phases", "target_groups", "partners", "attachments", "tags", "periods"
        )

    def _partner_ids(self, local_government):
        through = self.model.partners.through
        return through.objects.filter(localgovernment=local_government).values("practice_id")


class AttachmentQuerySet(models.QuerySet):
    """The reads of attachments."""

    def with_history(self, files):
        """Give each of `files` (the live version's) its `earlier` published versions, oldest first, each
        with `replaced_at` (when the next one was published), and its `version_count`. One query, and
        none when no file was ever replaced."""
        replaced = [f.series for f in files if f.series_number > 1]
        earlier = {}
        if replaced:
            rows = self.filter(series__in=replaced, first_published_at__isnull=False).exclude(
                pk__in=[f.pk for f in files]
            )
            for old in rows.order_by("series_number", "pk"):
                earlier.setdefault(old.series, []).append(old)
        for f in files:
            f.earlier = earlier.get(f.series, [])
            for old, newer in zip(f.earlier, [*f.earlier[1:], f], strict=False):
                old.replaced_at = newer.first_published_at
            f.version_count = len(f.earlier) + 1
        return files

    def visible_to(self, user):
        """Attachments of a live version, and the earlier published versions of those, for everyone; all
        of a practice's files for its own local governments and the editors."""

        online = models.Q(in_practices__status__in=LIVE_STATUSES, in_practices__pk=models.F("practice_id"))
        # An earlier published version of a file that is online: the version history offers it.
        online_series = self.model.objects.filter(online).values("series")
        public = online | models.Q(first_published_at__isnull=False, series__in=online_series)
        if not user.is_authenticated:
            return self.filter(public)
        if user.has_perm(MODERATE_PRACTICE):
            return self.all()
        mine = models.Q(practice__local_government__memberships__user=user)
        return self.filter(public | mine).distinct()


class DecisionQuerySet(AppendOnlyQuerySet):
    """The reads of practice decisions: review times."""

    # The decisions that end a review: the time from submission to one of these is the review time.
    REVIEW_ENDS = (Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT)

    def review_times(self, since):
        """Working days from each submission to the editors' decision on it, for decisions since `since`."""
        rows = (
            self.filter(practice__in=self.filter(created_at__gte=since, action__in=self.REVIEW_ENDS).values("practice"))
            .order_by("practice", "created_at", "pk")
            .values_list("practice", "action", "created_at")
        )
        times, submitted = [], {}
        for practice, action, at in rows:
            if action == Action.SUBMIT:
                submitted[practice] = at
            elif action == Action.WITHDRAW:
                submitted.pop(practice, None)
            elif action in self.REVIEW_ENDS and practice in submitted:
                start = submitted.pop(practice)
                if at >= since:
                    times.append(working_days_between(start, at))
        return times

    def usual_review_days(self, *, now=None, days=90, minimum=3):
        """Within how many working days four in five reviews of the last `days` days were decided
        (at least 1), or None when fewer than `minimum` were decided: too few to say."""
        times = sorted(self.review_times((now or timezone.now()) - timedelta(days=days)))
        if len(times) < minimum:
            return None
        return max(1, times[math.ceil(0.8 * len(times)) - 1])
