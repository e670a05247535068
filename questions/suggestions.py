"""What may already answer a question before it is sent: the published clarifications that match the
words of its title, and the guidance sections that share the most words with its title and text (the
title's words count double). The guidance is a few hundred sections, read in one query and compared the
same on every database; the clarifications, thousands, are searched in the database."""

import re
import unicodedata
from typing import NamedTuple

from django.db import connection
from django.db.models import F, Q

from guidance.models import Section

from .models import Clarification

LIMIT = 5
WORD = re.compile(r"[^\W\d_]{4,}")
STEM = 6  # the first letters of a word: "vergadering" and "vergaderen" meet at "vergad"
# Words of four letters or more that say nothing about what a question is about.
_STOPWORDS = """
    alle alles andere bestuur besturen binnen daar daarom deze dient door echter eigen elke gemeente
    gemeenten geen hebben heeft hier hierover kunnen lokaal lokale maar meer mijn moet moeten mogen naar
    niet omdat onder onze over vanaf veel voor vraag vragen waar wanneer want welke werd wordt worden
    zich zijn zonder zouden zoals
"""
STOPWORDS = frozenset(_STOPWORDS.split())


class Suggestion(NamedTuple):
    title: str
    document: str
    url: str
    score: int


def _stems(text):
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return {word[:STEM] for word in WORD.findall(folded) if word not in STOPWORDS}


def matching_sections(title, text, limit=LIMIT):
    """The current guidance sections that best match a question, best first; a match shares at least
    two of its words (a word of the title counts as two)."""
    title_stems, text_stems = _stems(title), _stems(text)
    if not title_stems and not text_stems:
        return []
    found = []
    for section in Section.objects.current().select_related("version__document"):
        words = _stems(f"{section.title} {section.body}")
        score = 2 * len(title_stems & words) + len((text_stems - title_stems) & words)
        if score >= 2:
            document = section.version.document
            url = f"{document.get_absolute_url()}#{section.anchor}"
            found.append(Suggestion(section.title, document.title, url, score))
    found.sort(key=lambda s: (-s.score, s.document, s.title))
    return found[:limit]


def _words(text):
    """The distinct words of `text` that say something, in order, as plain letters (safe in any query)."""
    seen = dict.fromkeys(word for word in WORD.findall(text.lower()) if word not in STOPWORDS)
    return list(seen)[:8]


def matching_clarifications(title, text, limit=LIMIT):
    """The published clarifications that match any of the title's words (or the text's, without a title
    worth searching), the best first on PostgreSQL, the newest first elsewhere."""
    words = _words(title) or _words(text)
    if not words:
        return []
    published = Clarification.objects.published()
    if connection.vendor == "postgresql":
        found = published.search(" or ".join(words)).order_by(F("rank").desc(), "-last_published_at", "-pk")
    else:
        anywhere = Q()
        for word in words:
            anywhere |= Q(current__title__icontains=word) | Q(current__body__icontains=word)
        found = published.filter(anywhere).order_by("-last_published_at", "-pk")
    ids = list(found.values_list("pk", flat=True)[:limit])
    rows = Clarification.objects.select_related("current").in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]
