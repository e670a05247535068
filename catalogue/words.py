"""The most frequent search words as bitsets over the facet index's positions, per catalogue generation.

A word found in a large share of the practices is the costly search: the database reads every row that
has it (or, past `search.MANY_MATCHES`, every row that has not). The task that builds the facet index
then builds these too, from the search table's own statistics (`ts_stat`). A query made only of such
words, joined by AND or NOT (no phrase, no OR), is answered from their bitsets; any other query goes to
the database as before. PostgreSQL parses the query either way, so the words are its lexemes.
"""

import logging
import pickle
import re
import time

from django.core.cache import cache
from django.db import connection

from practices.models import SearchEntry

from .bitsets import to_bitset
from .facets import INDEX_SECONDS
from .search import CONFIG, MAX_QUERY_LENGTH, is_postgresql

logger = logging.getLogger(__name__)

FORMAT = 1
SHARE = 0.01  # a word in at least this share of the practices is kept as a bitset
MIN_PRACTICES = 1_000  # below this, every search is cheap in the database: no bitsets are built
LIMIT = 300  # and at most this many words: 300 × 12.5 kB at 100,000 practices
# A query as PostgreSQL prints it after websearch parsing, when it is lexemes joined by AND, each
# possibly negated: 'steun' & !'horeca'. A quote inside a lexeme is doubled.
_LEXEME = r"(!?)'((?:[^']|'')+)'"
_PLAIN = re.compile(rf"{_LEXEME}(?: & {_LEXEME})*")


def key(generation):
    return f"catalogue:word-index:{FORMAT}:{generation}"


def build(index):
    """{lexeme: bitset of the positions in `index` that have it}, for the most frequent lexemes."""
    if not is_postgresql() or index.size < max(1, MIN_PRACTICES):
        return {}
    table = SearchEntry._meta.db_table  # a model's own table name, not user input
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM ts_stat(%s) WHERE ndoc >= %s ORDER BY ndoc DESC, word LIMIT %s",
            [f"SELECT vector FROM {table}", max(1, int(index.size * SHARE)), LIMIT],
        )
        frequent = [row[0] for row in cursor.fetchall()]
        if not frequent:
            return {}
        cursor.execute(
            f"SELECT u.lexeme, array_agg(e.practice_id) FROM {table} e, "
            "unnest(tsvector_to_array(e.vector)) AS u(lexeme) WHERE u.lexeme = ANY(%s) GROUP BY u.lexeme",
            [frequent],
        )
        rows = cursor.fetchall()
    position = index.position
    return {lexeme: to_bitset((position[pk] for pk in ids if pk in position), index.size) for lexeme, ids in rows}


def build_and_keep(index, generation):
    started = time.perf_counter()
    found = build(index)
    cache.set(key(generation), pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL), INDEX_SECONDS)
    logger.info("word index built", extra={"words": len(found), "ms": (time.perf_counter() - started) * 1000})
    return len(found)


def of(index):
    """The word bitsets that belong to this loaded index; None while they are not built."""
    words = getattr(index, "words", None)
    if words is None and index.generation is not None:
        blob = cache.get(key(index.generation))
        if blob is not None:
            try:
                words = pickle.loads(blob)  # noqa: S301 — written by this site's own task into its own cache
            except Exception:
                logger.exception("Could not load the word index")
                return None
            index.words = words
    return words


def matches(q, index):
    """The bitset of the practices matching `q`, from the word bitsets; None when they cannot answer
    (a word that is not among them, a phrase, OR, or no word at all)."""
    q = (q or "").strip()[:MAX_QUERY_LENGTH]
    words = of(index) if q and is_postgresql() else None
    if not words:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT websearch_to_tsquery(%s::regconfig, %s)::text", [CONFIG, q])
        parsed = cursor.fetchone()[0]
    if not _PLAIN.fullmatch(parsed):
        return None
    result = index.everything
    for negated, lexeme in re.findall(_LEXEME, parsed):
        bitset = words.get(lexeme.replace("''", "'"))
        if bitset is None:
            return None
        result &= ~bitset if negated else bitset
    return result
