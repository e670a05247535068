import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS

from vlaanderenhelpt.models import AppendOnlyQuerySet

_CARD_FIELDS = (
    "pk",
    "slug",
    "title",
    "summary",
    "kind",
    "evidence",
    "outdated",
    "first_published_at",
    "last_published_at",
    "local_government__name",
    "local_government__province__name",
)


@dataclass(slots=True)
class Card:
    """What a result card shows (includes/practice_cards.html)."""

    NEW_DAYS = 14  # "nieuw" on a card: first published this many calendar days ago at most

    pk: int
    url: str
    title: str
    summary: str
    kind: str
    evidence: str
    outdated: bool
    is_new: bool
    government: str
    province: str
    themes: list = field(default_factory=list)  # [(the list filtered on the theme, its name)]
    published_on: str = ""  # last published, "28 november 2026"
    published_iso: str = ""  # the same moment for <time datetime>
    snippet: str = ""  # the search words in context, safe HTML


class PracticeQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: the approved version of practices that are online."""
        from .models import LIVE_STATUSES

        return self.filter(status__in=LIVE_STATUSES, published_version__isnull=False)

    def search(self, q):
        """Practices matching a user's query (full text on PostgreSQL), annotated with a `rank`."""
        from .search import search

        return search(self, q)

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
        from .models import ResultsRequest

        asked = models.Max("results_requests__sent_at")
        ever_asked = ResultsRequest.objects.filter(sent_at__lte=asked_before).values("practice")
        return (
            self.published()
            .filter(pk__in=ever_asked)  # first the few ever asked, not an aggregate over every practice
            .annotate(asked_at=asked, rounds=models.Count("results_requests"))
            .filter(asked_at__lte=asked_before)
            .filter(models.Q(results_updated_at__isnull=True) | models.Q(results_updated_at__lt=models.F("asked_at")))
            .order_by("asked_at", "pk")
        )

    def awaiting_review(self):
        from .models import Status

        return self.filter(status__in=[Status.SUBMITTED, Status.UPDATE_SUBMITTED]).order_by("pk")

    def of(self, local_government):
        """Practices submitted by, or made together with, one local government."""
        return self.filter(
            models.Q(local_government=local_government) | models.Q(pk__in=self._partner_ids(local_government))
        )

    def of_member(self, user):
        """Practices of every local government the user belongs to: colleagues continue each other's work."""
        from accounts.models import Membership

        governments = Membership.objects.filter(user=user).values("local_government_id")
        return self.filter(local_government_id__in=governments)

    def editable_by(self, user):
        """What a user may open in the submitter's screens: their governments' practices; editors all."""
        if user.has_perm("practices.moderate_practice"):
            return self.all()
        return self.of_member(user)

    def cards(self, ids=None):
        """The result cards of these practices (of `ids`, in that order, when given): plain values
        in two queries, no model instances, whatever the page size. Building instances, prefetching
        and resolving URLs per card was most of the time a list page took."""
        from .models import Evidence, PracticeKind

        rows = list((self if ids is None else self.filter(pk__in=ids)).values_list(*_CARD_FIELDS))
        if ids is not None:
            position = {pk: i for i, pk in enumerate(ids)}
            rows.sort(key=lambda row: position[row[0]])
        themes = defaultdict(list)
        list_url = reverse("practices:list")
        links = self.model.themes.through.objects.filter(practice_id__in=[row[0] for row in rows])
        for practice_id, slug, name in links.order_by("theme__position", "theme__name").values_list(
            "practice_id", "theme__slug", "theme__name"
        ):
            themes[practice_id].append((f"{list_url}?thema={slug}", name))
        # A slug is letters, digits, - and _: the detail URL is the same around it for every card.
        before, after = reverse("practices:detail", args=["__slug__"]).split("__slug__")
        kinds = {kind.value: str(kind.label) for kind in PracticeKind}
        levels = {level.value: str(level.label) for level in Evidence}
        today = timezone.localdate()
        months = {}
        cards = []
        for pk, slug, title, summary, kind, evidence, outdated, first, last, government, province in rows:
            card = Card(
                pk=pk,
                url=f"{before}{slug}{after}",
                title=title,
                summary=summary,
                kind=kinds.get(kind, kind),
                evidence=levels.get(evidence, evidence),
                outdated=outdated,
                is_new=bool(first) and (today - timezone.localdate(first)).days <= Card.NEW_DAYS,
                government=government,
                province=province or "",
                themes=themes[pk],
            )
            if last is not None:
                # What the filter date:"j F Y" gives, without its machinery (a fifth of a card's time).
                local = timezone.localtime(last)
                month = months.get(local.month) or months.setdefault(local.month, str(MONTHS[local.month]))
                card.published_on = f"{local.day} {month} {local.year}"
                card.published_iso = local.replace(microsecond=0).isoformat()
            cards.append(card)
        return cards

    def with_detail_data(self):
        return self.select_related("local_government", "local_government__province").prefetch_related(
            "themes", "phases", "target_groups", "partners", "attachments", "tags", "periods"
        )

    def _partner_ids(self, local_government):
        through = self.model.partners.through
        return through.objects.filter(localgovernment=local_government).values("practice_id")


class AttachmentQuerySet(models.QuerySet):
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
        from .models import LIVE_STATUSES

        online = models.Q(in_practices__status__in=LIVE_STATUSES, in_practices__pk=models.F("practice_id"))
        # An earlier published version of a file that is online: the version history offers it.
        online_series = self.model.objects.filter(online).values("series")
        public = online | models.Q(first_published_at__isnull=False, series__in=online_series)
        if not user.is_authenticated:
            return self.filter(public)
        if user.has_perm("practices.moderate_practice"):
            return self.all()
        mine = models.Q(practice__local_government__memberships__user=user)
        return self.filter(public | mine).distinct()


def plain_rows(rows):
    """A values_list's rows as the database driver gives them (ints and strings; datetimes as it reads
    them), without the ORM's work per row: for the hundreds of thousands of rows of an index or an export."""
    from django.db import connection

    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def related_practice_ids(practice, limit=4):
    """Published practices sharing the most themes, target groups and tags with `practice`; among equals
    the current ones before the possibly outdated, newest first."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from .models import LIVE_STATUSES

    model = type(practice)
    themes = model.themes.through._meta.db_table
    groups = model.target_groups.through._meta.db_table
    table = model._meta.db_table
    content_type = ContentType.objects.get_for_model(model).pk
    statuses = ", ".join(["%s"] * len(LIVE_STATUSES))
    sql = f"""
        SELECT m.pid FROM (
            SELECT b.practice_id AS pid FROM {themes} a JOIN {themes} b ON b.theme_id = a.theme_id
             WHERE a.practice_id = %s
            UNION ALL
            SELECT b.practice_id FROM {groups} a JOIN {groups} b ON b.targetgroup_id = a.targetgroup_id
             WHERE a.practice_id = %s
            UNION ALL
            SELECT b.object_id FROM taggit_taggeditem a
              JOIN taggit_taggeditem b ON b.tag_id = a.tag_id AND b.content_type_id = a.content_type_id
             WHERE a.object_id = %s AND a.content_type_id = %s
        ) m JOIN {table} p ON p.id = m.pid
        WHERE p.id <> %s AND p.status IN ({statuses}) AND p.published_version_id IS NOT NULL
        GROUP BY m.pid, p.outdated, p.last_published_at
        ORDER BY COUNT(*) DESC, p.outdated, p.last_published_at DESC
        LIMIT %s
    """
    params = [practice.pk, practice.pk, practice.pk, content_type, practice.pk, *LIVE_STATUSES, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def working_days_between(start, end):
    """Monday-to-Friday days after `start`'s date up to and including `end`'s date (0 on the same day)."""
    start, end = timezone.localdate(start), timezone.localdate(end)
    whole_weeks, rest = divmod((end - start).days, 7)
    days = whole_weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            days += 1
    return days


class DecisionQuerySet(AppendOnlyQuerySet):
    # The decisions that end a review: the time from submission to one of these is the review time.
    REVIEW_ENDS = ("goedkeuren", "aanpassing-vragen", "afwijzen")

    def review_times(self, since):
        """Working days from each submission to the editors' decision on it, for decisions since `since`."""
        rows = (
            self.filter(practice__in=self.filter(created_at__gte=since, action__in=self.REVIEW_ENDS).values("practice"))
            .order_by("practice", "created_at", "pk")
            .values_list("practice", "action", "created_at")
        )
        times, submitted = [], {}
        for practice, action, at in rows:
            if action == "indienen":
                submitted[practice] = at
            elif action == "intrekken":
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
