"""Full-text search of the published practices. PostgreSQL is the engine; SQLite, the zero-setup default,
gets a plain fallback. The search table is kept by the practices' services (practices/search_entries.py).

`search()` is the one function that picks the path by database vendor.
"""

import json
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Lookup, Q, TextField, Value
from django.db.models.functions import Concat

from practices.models import Practice, SearchEntry
from practices.search_entries import CONFIG
from vlaanderenhelpt.markup import highlight, mark_terms
from vlaanderenhelpt.rows import plain_rows

MAX_QUERY_LENGTH = 200
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


def is_postgresql():
    return connection.vendor == "postgresql"


def search(queryset, q):
    """Filter a practice queryset on a user query and annotate a `rank` to order by."""
    q = (q or "").strip()[:MAX_QUERY_LENGTH]
    if not q:
        return queryset
    if is_postgresql():
        query = SearchQuery(q, search_type="websearch", config=CONFIG)
        return queryset.filter(search_entry__vector=query).annotate(rank=SearchRank(F("search_entry__vector"), query))
    return _fallback_search(queryset, q)


# Above this many matches a search is answered by the practices it does *not* match: a word found in
# nearly every practice then costs a few rows, not a hundred thousand.
MANY_MATCHES = 20_000


def match_ids(queryset, q, listed=None):
    """(ids, inverted): the ids that match a user's query, the search evaluated once; or, with
    `inverted`, the ids that do not, when the matches are many. On PostgreSQL read from the narrow
    search table alone, for every practice: the caller keeps the `listed` ones (how many it lists)."""
    q = (q or "").strip()[:MAX_QUERY_LENGTH]
    if not is_postgresql():
        return list(_fallback_search(queryset, q).values_list("pk", flat=True)), False

    query = SearchQuery(q, search_type="websearch", config=CONFIG)
    matching = SearchEntry.objects.filter(vector=query).values_list("practice_id")
    # The planner's estimate (from the words' statistics) says which side to read; the limit guards
    # against an estimate that is too low.
    if (listed is not None and listed <= MANY_MATCHES) or _estimate(matching) <= MANY_MATCHES:
        found = _ids(matching[: MANY_MATCHES + 1])
        if len(found) <= MANY_MATCHES:
            return found, False
    return _ids(SearchEntry.objects.exclude(vector=query).values_list("practice_id")), True


def _estimate(rows):
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]


def _ids(rows):

    return [row[0] for row in plain_rows(rows)]


class _AnyOf(Lookup):
    """`column = ANY(array)`: a list of ids as one parameter (PostgreSQL)."""

    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, self.rhs)


def rank(ids, q):
    """{id: relevance} for some practices; empty where every match ranks the same (SQLite)."""
    if not ids or not is_postgresql():
        return {}

    query = SearchQuery(q, search_type="websearch", config=CONFIG)
    # One array parameter rather than an IN list of 500, whose placeholders the ORM and the driver
    # build and parse on every call: 0.9 instead of 3.4 ms of the app's CPU a search page.
    entries = SearchEntry.objects.filter(_AnyOf(F("practice_id"), list(ids)))
    return dict(entries.annotate(rank=SearchRank(F("vector"), query)).values_list("practice_id", "rank"))


def _terms(q):
    """Split a query the way websearch does, roughly: quoted phrases, -excluded words, the rest."""
    include, exclude = [], []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', q):
        term = phrase or word
        if term.lower() == "or":
            continue
        if term.startswith("-") and len(term) > 1:
            exclude.append(term[1:])
        else:
            include.append(term.strip('"'))
    return [t for t in include if t], [t for t in exclude if t]


def _matches(term):
    return (
        Q(title__icontains=term)
        | Q(summary__icontains=term)
        | Q(description__icontains=term)
        | Q(results__icontains=term)
        | Q(transferability__icontains=term)
        | Q(tags__name__icontains=term)
        | Q(themes__name__icontains=term)
        | Q(target_groups__name__icontains=term)
        | Q(local_government__name__icontains=term)
    )


def _fallback_search(queryset, q):
    include, exclude = _terms(q)
    model = queryset.model
    for term in include:
        queryset = queryset.filter(pk__in=model.objects.filter(_matches(term)).values("pk"))
    for term in exclude:
        queryset = queryset.exclude(pk__in=model.objects.filter(_matches(term)).values("pk"))
    return queryset.annotate(rank=Value(1.0))


def snippets(practices, q):
    """A highlighted snippet per practice (anything with a `pk`) on one page of results: {pk: safe HTML}."""

    q = (q or "").strip()[:MAX_QUERY_LENGTH]
    ids = [p.pk for p in practices]
    if not q or not ids:
        return {}
    if is_postgresql():
        query = SearchQuery(q, search_type="websearch", config=CONFIG)
        rows = (
            Practice.objects.filter(pk__in=ids)
            .annotate(
                snippet=SearchHeadline(
                    Concat("summary", Value(" … "), "description", output_field=TextField()),
                    query,
                    config=CONFIG,
                    start_sel=MARK_OPEN,
                    stop_sel=MARK_CLOSE,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "snippet")
        )
        return {pk: highlight(snippet, MARK_OPEN, MARK_CLOSE) for pk, snippet in rows}
    include, _exclude = _terms(q)
    rows = Practice.objects.filter(pk__in=ids).values_list("pk", "summary", "description")
    return {pk: _fallback_snippet(f"{summary} {description}", include) for pk, summary, description in rows}


def _fallback_snippet(text, terms, width=220):
    lower = text.lower()
    positions = [lower.find(t.lower()) for t in terms if lower.find(t.lower()) >= 0]
    start = max(min(positions) - 60, 0) if positions else 0
    excerpt = text[start : start + width]
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    return mark_terms(prefix + excerpt + suffix, terms)
