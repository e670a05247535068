"""The catalogue's query, filters and counts."""

import pytest
from django.http import QueryDict

from catalogue.listing import Catalogue
from catalogue.query import CatalogueQuery
from practices import services
from practices.models import Practice
from tests.conftest import content


def query(string):
    return CatalogueQuery.from_params(QueryDict(string))


@pytest.fixture
def spread(make_practice):
    make_practice("Gent", title="Een", themes=["economie"], target_groups=["horeca"], kind="initiatief")
    make_practice("Gent", title="Twee", themes=["economie", "cultuur"], target_groups=["handelaars"])
    make_practice("Leuven", title="Drie", themes=["cultuur"], target_groups=["horeca"], kind="sjabloon")
    make_practice("Brugge", title="Vier", themes=["solidariteit"], target_groups=["inwoners"], kind="relanceplan")
    make_practice("Hasselt", title="Vijf", themes=["economie"], phases=["heropstart-en-relance"], tags=["premie"])


def titles(string):
    return set(Catalogue(query(string)).results.values_list("title", flat=True))


def test_values_in_one_facet_combine_with_or_and_facets_with_and(spread):
    assert titles("thema=economie") == {"Een", "Twee", "Vijf"}
    assert titles("thema=economie&thema=cultuur") == {"Een", "Twee", "Drie", "Vijf"}
    assert titles("thema=economie&thema=cultuur&doelgroep=horeca") == {"Een", "Drie"}


def test_province_government_kind_and_tag_filters(spread):
    assert titles("provincie=provincie-oost-vlaanderen") == {"Een", "Twee"}
    assert titles("bestuur=44021") == {"Een", "Twee"}
    assert titles("bestuur=leuven") == {"Drie"}
    assert titles("soort=sjabloon&soort=relanceplan") == {"Drie", "Vier"}
    assert titles("tag=premie") == {"Vijf"}


def test_every_facet_count_equals_the_results_of_a_click_on_it(spread):
    for string in ["", "thema=economie", "thema=cultuur&doelgroep=horeca", "provincie=provincie-limburg&q="]:
        catalogue = Catalogue(query(string))
        for facet in catalogue.facets():
            for option in facet["options"]:
                if option["selected"]:
                    continue
                clicked = Catalogue(query(option["url"].lstrip("?")))
                assert option["count"] == clicked.total, (string, facet["param"], option["value"])
                assert clicked.results.count() == clicked.total


def test_counts_follow_a_new_publication(make_practice, spread, editor, official_a, gent):
    before = Catalogue(query("")).total
    make_practice("Gent", title="Zes")
    assert Catalogue(query("")).total == before + 1


def test_an_unpublished_practice_is_never_counted_or_listed(spread, official_a, gent):
    services.create_practice(author=official_a, local_government=gent, content=content(title="Geheim concept"))
    assert "Geheim concept" not in titles("")
    assert Catalogue(query("")).total == Practice.objects.published().count() == 5


def test_unknown_or_malformed_parameters_are_harmless(spread):
    q = query("pagina=abc&sorteer=hack&thema=" + "x" * 500 + "&q=" + "y" * 1000)
    assert q.page == 1
    assert q.sort == ""
    assert len(q.q) == 200
    assert Catalogue(q).total == 0


def test_the_url_keeps_every_state(spread):
    q = query("q=premie&thema=economie&thema=cultuur&sorteer=titel&pagina=2")
    assert q.url() == "?q=premie&thema=economie&thema=cultuur&sorteer=titel&pagina=2"
    assert q.toggle_url("themes", "cultuur") == "?q=premie&thema=economie&sorteer=titel"
