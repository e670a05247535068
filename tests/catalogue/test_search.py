"""Search: matching, ranking and snippets."""

import pytest

from catalogue.search import search, snippets
from practices.models import Practice


def found(q):
    return set(search(Practice.objects.published(), q).values_list("title", flat=True))


@pytest.fixture
def catalogue(make_practice):
    make_practice(
        title="Premie voor handelaars die digitaal gaan",
        summary="Een premie voor webwinkels.",
        description="Zelfstandige handelaars kregen steun.",
        tags=["e-commerce"],
    )
    make_practice(
        "Hasselt",
        title="Bestekmodel mondmasker",
        summary="Aankoop van een herbruikbaar mondmasker voor elke inwoner.",
        description="Een onderhandelingsprocedure.",
        themes=["zorg-en-opvang"],
        target_groups=["inwoners"],
        tags=["overheidsopdracht"],
    )
    make_practice(
        "Leuven",
        title="Zomerbar voor verenigingen",
        summary="Verenigingen baatten een bar uit.",
        description="Ook de handelaars uit de buurt deden mee met een kraam.",
        themes=["verenigingsleven"],
        target_groups=["verenigingen"],
    )


def test_plain_words_find_title_summary_and_body(catalogue):
    assert found("zomerbar") == {"Zomerbar voor verenigingen"}
    assert found("onderhandelingsprocedure") == {"Bestekmodel mondmasker"}


def test_an_excluded_word_removes_results(catalogue):
    assert "Zomerbar voor verenigingen" not in found("handelaars -kraam")


def test_tags_taxonomy_and_government_names_are_findable(catalogue):
    assert found("overheidsopdracht") == {"Bestekmodel mondmasker"}
    assert "Zomerbar voor verenigingen" in found("verenigingsleven")
    assert found("Hasselt") == {"Bestekmodel mondmasker"}


def test_an_empty_query_changes_nothing(catalogue):
    assert search(Practice.objects.published(), "   ").count() == 3


def test_snippets_are_escaped_and_marked(make_practice):
    practice = make_practice(
        title="Veilig", summary="<script>alert(1)</script> mondmasker voor iedereen", description="tekst"
    )
    html = snippets([practice], "mondmasker")[practice.pk]
    assert "<script" not in html  # PostgreSQL drops the tag, the fallback escapes it
    assert "<mark>mondmasker</mark>" in html


@pytest.mark.postgres
def test_dutch_stemming_finds_other_forms(catalogue):
    assert "Premie voor handelaars die digitaal gaan" in found("handelaar")
    assert found("mondmaskers") == {"Bestekmodel mondmasker"}


@pytest.mark.postgres
def test_websearch_syntax_quotes_minus_and_or(catalogue):
    assert found('"herbruikbaar mondmasker"') == {"Bestekmodel mondmasker"}
    assert found('"mondmasker herbruikbaar"') == set()
    assert found("zomerbar or mondmasker") == {"Zomerbar voor verenigingen", "Bestekmodel mondmasker"}
    assert found("handelaars -kraam") == {"Premie voor handelaars die digitaal gaan"}


@pytest.mark.postgres
def test_title_ranks_above_summary_above_body(make_practice):
    make_practice(title="Iets anders", summary="Kort", description="Hier staat fietsherstel in de tekst.")
    make_practice(title="Nog iets", summary="Gratis fietsherstel voor zorgpersoneel", description="Tekst")
    make_practice(title="Fietsherstel aan huis", summary="Kort", description="Tekst")
    ranked = list(
        search(Practice.objects.published(), "fietsherstel").order_by("-rank").values_list("title", flat=True)
    )
    assert ranked == ["Fietsherstel aan huis", "Nog iets", "Iets anders"]


@pytest.mark.postgres
def test_hostile_query_syntax_does_not_break_search(catalogue):
    for q in ['"', "-", "or or", "!!!", "a & b | c", "'; DROP TABLE x; --", "mond:*"]:
        list(search(Practice.objects.published(), q))  # must not raise


@pytest.mark.postgres
def test_postgres_snippets_highlight_stemmed_matches(make_practice):
    practice = make_practice(
        title="Maskers", summary="Wij kochten mondmaskers voor alle inwoners.", description="Via een bestek."
    )
    assert "<mark>mondmaskers</mark>" in snippets([practice], "mondmasker")[practice.pk]


def test_fallback_highlighting_never_breaks_markup():
    """Terms are matched on the text, then escaped: "a k" or "lt" never land inside <mark> or &lt;."""
    from html.parser import HTMLParser

    from catalogue.search import _fallback_snippet

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tags, self.text = [], ""

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

        def handle_data(self, data):
            self.text += data

    text = "Markten <script>alert(1)</script> & kramen: a < b, k > 3 en lt."
    for terms in (["a", "k"], ["lt"], ["mark"], ["<"], ["&"], ["amp"]):
        html = str(_fallback_snippet(text, terms))
        parser = Collect()
        parser.feed(html)
        assert set(parser.tags) <= {"mark"}, (terms, html)
        assert parser.text == text, (terms, html)
