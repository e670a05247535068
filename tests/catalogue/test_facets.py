"""The facet index answers what the SQL answers: counts, "added" counts, and the order of every page."""

import random

import pytest

from accounts.models import LocalGovernment
from catalogue import builds, facets, upkeep
from catalogue.bitsets import positions, to_bitset
from catalogue.facets import FacetIndex
from catalogue.listing import Catalogue, apply_filters, order
from catalogue.query import PAGE_SIZE, CatalogueQuery
from practices import services
from practices.models import Evidence, Phase, Practice, PracticeKind, TargetGroup, Theme
from tests.conftest import gov
from vlaanderenhelpt.generation import generation as current_generation

GOVERNMENTS = ["Gent", "Leuven", "Kortrijk", "Hasselt", "Brugge", "Mechelen"]
TAGS = ["mondmaskers", "terrassen", "waardebon", "vrijwilligers"]


@pytest.fixture
def catalogue_data(make_practice, editor):
    """Thirty practices with random facets and partners; some drafts and one archived practice too."""
    rng = random.Random(2020)
    themes = list(Theme.objects.values_list("slug", flat=True))
    phases = list(Phase.objects.values_list("slug", flat=True))
    groups = list(TargetGroup.objects.values_list("slug", flat=True))
    kinds = [kind.value for kind in PracticeKind]
    made = []
    for n in range(30):
        government = rng.choice(GOVERNMENTS)
        made.append(
            make_practice(
                government,
                stage=rng.choice(["published"] * 5 + ["draft"]),
                title=f"{rng.choice(['Aanpak', 'Zorg', 'Bonnen', 'Hulp'])} {n:02d}",
                kind=rng.choice(kinds),
                evidence=rng.choice(Evidence.values),
                results="Gemeten.",
                themes=rng.sample(themes, rng.randint(1, 3)),
                phases=rng.sample(phases, rng.randint(1, 2)),
                target_groups=rng.sample(groups, rng.randint(1, 2)),
                partners=rng.sample([g for g in GOVERNMENTS if g != government], rng.randint(0, 2)),
                tags=rng.sample(TAGS, rng.randint(0, 2)),
            )
        )
    archived = next(p for p in made if p.status == "gepubliceerd")
    services.archive(practice=archived, actor=editor, reason="Niet meer actueel.")
    return {"themes": themes, "phases": phases, "groups": groups, "kinds": kinds}


def _random_query(rng, data):
    provinces = list(LocalGovernment.objects.provinces().values_list("slug", flat=True))
    governments = [gov(name) for name in GOVERNMENTS]

    def some(values, most=2):
        return tuple(rng.sample(values, rng.choice([0, 0, 1, most])))

    return CatalogueQuery(
        themes=some(data["themes"]),
        phases=some(data["phases"]),
        target_groups=some(data["groups"]),
        kinds=some(data["kinds"]),
        evidence=some(Evidence.values),
        provinces=some([*provinces, "onbekend"]),
        governments=tuple(rng.choice([g.slug, g.nis_code]) for g in rng.sample(governments, rng.choice([0, 0, 0, 1]))),
        tags=some(TAGS, 1),
        sort=rng.choice(["", "recent", "titel"]),
    )


def test_the_index_counts_what_sql_counts_for_random_filter_combinations(catalogue_data):
    index = FacetIndex.loads(FacetIndex.build().dumps())  # as a worker gets it from the shared cache
    assert index.size == Practice.objects.published().count()
    rng = random.Random(7)
    compared = 0
    for _ in range(150):
        query = _random_query(rng, catalogue_data)
        counts, results = index.counts(query)
        assert counts == Catalogue(query).sql_counts(), query
        expected = list(order(apply_filters(Practice.objects.published(), query), query).values_list("pk", flat=True))
        sort = "titel" if query.effective_sort == "titel" else "recent"
        assert index.page(results, sort, 0, len(expected) + 1) == expected, query
        assert index.page(results, sort, 3, 2) == expected[3:5]
        compared += bool(counts["total"])
    assert compared > 40  # most combinations found something: the comparison is not of empty sets


def test_a_list_page_reads_the_index_once_built(catalogue_data, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    practice = Practice.objects.published().first()
    query = CatalogueQuery(themes=(practice.themes.first().slug,), target_groups=(practice.target_groups.first().slug,))
    assert Catalogue(query).index is not None  # built when first asked for (tasks run at once in the tests)
    client.get("/praktijken/", {"soort": "initiatief"})  # the reference lists are cached from here on
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/praktijken/", {"thema": query.themes, "doelgroep": query.target_groups})
    assert len(queries) == 2  # the cards and their themes: no count, no aggregate per facet
    assert response.context["total"] == Catalogue(query).sql_counts()["total"] > 0


def test_without_an_index_the_catalogue_counts_in_sql(catalogue_data, monkeypatch):
    monkeypatch.setattr(upkeep, "request_build", lambda: None)  # a build that has not run yet
    facets._loaded = (None, None)
    from django.core.cache import cache

    cache.clear()
    catalogue = Catalogue(CatalogueQuery(kinds=("sjabloon",)))
    assert catalogue.index is None
    assert catalogue.counts == catalogue.sql_counts()
    assert catalogue.page_ids(1) == list(
        Practice.objects.published()
        .filter(kind="sjabloon")
        .order_by("-last_published_at", "-pk")[:PAGE_SIZE]
        .values_list("pk", flat=True)
    )


def test_positions_skip_to_any_page_of_a_bitset():
    rng = random.Random(3)
    members = sorted(rng.sample(range(50_000), 9_000))
    bitset = to_bitset(members, 50_000)
    assert positions(bitset) == members
    for start in (0, 1, 17, 4_000, 8_990, 9_000):
        assert positions(bitset, start, 20) == members[start : start + 20]


@pytest.mark.postgres
def test_a_search_ranks_its_newest_results_and_lists_the_rest_by_date(make_practice, monkeypatch):
    """So a word found in every practice costs what a rare one does, and page 200 what page 1 does."""
    from catalogue import listing

    best = make_practice(title="Mondmaskers voor iedereen", summary="Mondmaskers, mondmaskers en nog eens mondmaskers.")
    others = [make_practice(title=f"Hulp {n}", summary="Met ook wat mondmaskers.") for n in range(3)]
    query = CatalogueQuery(q="mondmaskers")
    assert Catalogue(query).page_ids(1) == [best.pk, *reversed([p.pk for p in others])]
    monkeypatch.setattr(listing, "RANKED", 2)
    assert Catalogue(query).page_ids(1) == [*reversed([p.pk for p in others]), best.pk]


def test_the_index_finds_the_related_practices_sql_finds(catalogue_data):
    from catalogue.related import related_practice_ids

    index = FacetIndex.build()
    compared = 0
    for practice in Practice.objects.with_detail_data().filter(pk__in=Practice.objects.published()):
        found = index.related(
            practice.pk,
            [t.slug for t in practice.themes.all()],
            [g.slug for g in practice.target_groups.all()],
            [t.slug for t in practice.tags.all()],
        )
        assert found == related_practice_ids(practice), practice.title
        compared += len(found) == 4
    assert compared > 10


def test_government_pages_read_the_index_and_show_what_sql_shows(catalogue_data, client, monkeypatch):
    from django.test.utils import override_settings

    from catalogue import views

    def pages():
        governments = client.get("/besturen/").context["governments"]
        shown = {g.pk: g.n for g in governments}
        for name in GOVERNMENTS:
            for number in (1, 2):
                page = client.get(f"/besturen/{gov(name).url_key}/", {"pagina": number}).context["page"]
                shown[name, number] = (page.paginator.count, [p.pk for p in page.object_list])
        return shown

    with override_settings(CATALOGUE_CACHE_SECONDS=0):  # every page rendered, none from the page cache
        monkeypatch.setattr(views, "PAGE_SIZE", 3)  # several pages per government
        assert upkeep.current_index() is not None
        from_index = pages()
        monkeypatch.setattr(upkeep, "current_index", lambda build=True: None)
        assert from_index == pages()
    assert sum(shown[0] for key, shown in from_index.items() if isinstance(key, tuple) and key[1] == 1) > 20


@pytest.mark.postgres
def test_a_search_matching_most_practices_is_read_as_the_ones_it_does_not_match(make_practice, monkeypatch):
    from catalogue import search

    monkeypatch.setattr(search, "MANY_MATCHES", 2)
    found = [make_practice(title=f"Mondmaskers {n}") for n in range(3)]
    other = make_practice(title="Zomerterrassen", summary="Ruimere terrassen.")
    ids, inverted = search.match_ids(Practice.objects.published(), "mondmaskers")
    assert inverted and set(ids) == {other.pk}
    index = FacetIndex.build()
    assert sorted(index.ids[p] for p in positions(index.matches(ids, inverted))) == sorted(p.pk for p in found)
    assert Catalogue(CatalogueQuery(q="mondmaskers")).total == 3
    rare = index.matches(*search.match_ids(Practice.objects.published(), "zomerterrassen"))
    assert [index.ids[p] for p in positions(rare)] == [other.pk]  # whichever side the estimate chose


def test_an_index_that_cannot_be_read_is_built_again_and_sql_answers_meanwhile(catalogue_data, client, caplog):
    """A blob of another shape (a deploy in between) or a damaged one must never break a page."""
    from django.core.cache import cache

    generation = current_generation()
    facets._loaded = (None, None)
    cache.set(facets._key(generation), b"not an index", 60)
    query = CatalogueQuery(kinds=("initiatief",))
    catalogue_now = Catalogue(query)
    assert catalogue_now.index is None and "Could not load the facet index" in caplog.text
    assert catalogue_now.total == catalogue_now.sql_counts()["total"] > 0
    # The build it asked for ran (at once, in the tests): the next request reads a sound index.
    assert Catalogue(query).index is not None
    assert client.get("/praktijken/", {"soort": "initiatief"}).context["total"] == catalogue_now.total


def test_a_build_that_fails_or_cannot_be_queued_leaves_the_list_to_sql(catalogue_data, client, monkeypatch):
    def broken(cls):
        raise RuntimeError("the database went away mid-build")

    monkeypatch.setattr(facets.FacetIndex, "build", classmethod(broken))
    facets._loaded = (None, None)
    from django.core.cache import cache

    cache.clear()
    expected = Catalogue(CatalogueQuery(kinds=("relanceplan",))).sql_counts()["total"]
    assert client.get("/praktijken/", {"soort": "relanceplan"}).context["total"] == expected
    # And a queue that cannot take the request for a build at all.
    monkeypatch.setattr(upkeep, "request_build", lambda: broken(None))
    cache.clear()
    assert client.get("/praktijken/", {"soort": "relanceplan", "sorteer": "titel"}).context["total"] == expected


@pytest.mark.postgres
@pytest.mark.parametrize(
    "q", ["mondmaskers\x01", "'; DROP TABLE x; --", '"mond', "٣٤ mondmaskers", "-mondmaskers", "x" * 200, "or or"]
)
def test_hostile_words_reach_the_planner_and_the_search_as_parameters(make_practice, monkeypatch, q):
    """The estimate runs EXPLAIN over the search's own SQL: every word stays a parameter there too."""
    from catalogue import search

    make_practice(title="Mondmaskers voor iedereen")
    make_practice(title="Zomerterrassen")
    monkeypatch.setattr(search, "MANY_MATCHES", 0)  # every search asks the planner first
    ids, inverted = search.match_ids(Practice.objects.published(), q)
    index = FacetIndex.build()
    found = {index.ids[p] for p in positions(index.matches(ids, inverted))}
    assert found == set(search.search(Practice.objects.published(), q).values_list("pk", flat=True))


@pytest.mark.postgres
def test_searches_made_of_frequent_words_are_answered_from_their_bitsets_as_sql_answers(catalogue_data, monkeypatch):
    """Every lexeme kept (the share lowered for a small data set): plain AND and NOT queries come from the
    bitsets, phrases and OR from SQL, and both give what the search table gives."""
    from catalogue import search, words

    monkeypatch.setattr(words, "SHARE", 0)
    monkeypatch.setattr(words, "MIN_PRACTICES", 0)
    facets._loaded = (None, None)
    builds.build_and_keep()
    index = upkeep.current_index()
    assert words.of(index), "the task builds the words with the index"
    base = Practice.objects.published()
    vocabulary = ["aanpak", "zorg", "bonnen", "hulp", "waardebon", "inwoner", "euro", "mondmaskers", "onbekendwoord"]
    rng = random.Random(8)
    queries = ["", "de het", '"aanpak zorg"', "aanpak or zorg", "mondmaskers\x01", "'; drop", "zorg -zorg", "it''s"]
    queries += [
        " ".join(("-" if rng.random() < 0.2 else "") + rng.choice(vocabulary) for _ in range(rng.randint(1, 3)))
        for _ in range(40)
    ]
    answered = 0
    for q in queries:
        from_words = words.matches(q, index)
        from_sql = index.matches(*search.match_ids(base, q, index.size)) if q else None
        if from_words is not None:
            answered += 1
            assert from_words == from_sql, q
            assert Catalogue(CatalogueQuery(q=q)).total == search.search(base, q).count()
    assert words.matches('"aanpak zorg"', index) is None and words.matches("aanpak or zorg", index) is None
    assert words.matches("onbekendwoord", index) is None  # in no practice: not a kept word, SQL answers
    assert answered > 30


@pytest.mark.postgres
def test_without_the_word_bitsets_searches_go_to_the_database(catalogue_data, monkeypatch, caplog):
    from catalogue import search, words

    monkeypatch.setattr(words, "build", lambda index: 1 / 0)
    facets._loaded = (None, None)
    builds.build_and_keep()
    index = upkeep.current_index()
    assert index is not None and words.of(index) is None and "Could not build the word index" in caplog.text
    found = search.search(Practice.objects.published(), "zorg -bonnen").count()
    assert Catalogue(CatalogueQuery(q="zorg -bonnen")).total == found > 0
