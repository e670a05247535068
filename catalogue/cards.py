"""Result cards: what the list, the home page, a government's page and a practice's related practices
show of each practice, read as plain values."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS

from practices.models import Evidence, Practice, PracticeKind

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


def cards(practices, ids=None):
    """The result cards of these practices (of `ids`, in that order, when given): plain values
    in two queries, no model instances, whatever the page size. Building instances, prefetching
    and resolving URLs per card was most of the time a list page took."""
    rows = list((practices if ids is None else practices.filter(pk__in=ids)).values_list(*_CARD_FIELDS))
    if ids is not None:
        position = {pk: i for i, pk in enumerate(ids)}
        rows.sort(key=lambda row: position[row[0]])
    themes = defaultdict(list)
    list_url = reverse("catalogue:list")
    links = Practice.themes.through.objects.filter(practice_id__in=[row[0] for row in rows])
    for practice_id, slug, name in links.order_by("theme__position", "theme__name").values_list(
        "practice_id", "theme__slug", "theme__name"
    ):
        themes[practice_id].append((f"{list_url}?thema={slug}", name))
    # A slug is letters, digits, - and _: the detail URL is the same around it for every card.
    before, after = reverse("catalogue:detail", args=["__slug__"]).split("__slug__")
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
