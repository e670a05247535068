"""The map of Flanders: its shapes, its numbers (the list's numbers), the table and the locator maps."""

import csv
import json
import random
import re
from pathlib import Path

import pytest

from accounts.models import LocalGovernment, Membership
from catalogue import builds, maps, upkeep
from catalogue.management.commands import build_map
from practices import services
from tests.catalogue.test_facets import _random_query, catalogue_data  # noqa: F401 — a fixture
from tests.conftest import content, gov

CODES_2025 = Path(__file__).resolve().parents[2] / "accounts" / "data" / "flemish_municipalities_2025.csv"


def _rings(d):
    """The rings of a path written by build_map: "M x y" then relative "l" steps, each ring closed by z."""
    rings = []
    for ring in d.split("z"):
        if not ring:
            continue
        start, _, steps = ring[1:].partition("l")
        x, y = (int(v) for v in re.findall(r"-?\d+", start))
        points = [(x, y)]
        numbers = [int(v) for v in re.findall(r"-?\d+", steps)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(points)
    return rings


def _inside(point, d):
    """Even-odd rule, as the SVG fills the shape."""
    px, py = point
    inside = False
    for ring in _rings(d):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _centre(d):
    points = [p for ring in _rings(d) for p in ring]
    return sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)


def test_the_map_has_the_285_municipalities_of_2025_and_regenerates_to_the_committed_file():
    with CODES_2025.open(encoding="utf-8") as f:
        codes = {row["nis_code"] for row in csv.DictReader(f)}
    drawn = maps.shapes()
    assert set(drawn["municipalities"]) == codes and len(codes) == 285
    assert (
        "11007" not in drawn["municipalities"] and "33016" in drawn["municipalities"]
    )  # Borsbeek merged; Mesen is Flemish
    assert sum(len(d) for d in drawn["municipalities"].values()) <= 150_000
    assert build_map.build() == json.loads(maps.MAP_FILE.read_text(encoding="utf-8"))


def test_borsbeek_lies_inside_antwerpens_shape_and_no_other():
    """Borsbeek's own 2019 shape, drawn by the same code, has its centre inside Antwerpen of 2025 only."""
    drawing, flemish, _brussels, _successor = build_map.load()
    borsbeek = next(g for g in flemish if g["properties"]["nis"] == "11007")
    centre = _centre(drawing.path(drawing.dissolve([borsbeek])))
    assert _inside(centre, drawing.path(drawing.dissolve([borsbeek])))
    shapes = maps.shapes()["municipalities"]
    assert [nis for nis, d in shapes.items() if _inside(centre, d)] == ["11002"]


def _map_numbers(response):
    return {item["government"]["nis_code"]: item["n"] for item in response.context["map"]["items"]}


@pytest.mark.parametrize("with_index", [True, False], ids=["index", "sql"])
def test_the_numbers_on_the_map_are_the_lists_numbers_for_the_same_filters(
    catalogue_data,  # noqa: F811
    client,
    monkeypatch,
    with_index,
):
    if not with_index:
        monkeypatch.setattr(upkeep, "current_index", lambda build=True: None)
    rng = random.Random(11)
    queries = [_random_query(rng, catalogue_data) for _ in range(6)]
    for query in [q for q in queries if not q.governments][:4]:
        params = query.params(sort="")
        numbers = _map_numbers(client.get("/kaart/", params))
        assert len(numbers) == 285
        shown = {nis for nis, n in numbers.items() if n} | {"44021"}  # and one that may be zero
        for nis in shown:
            listed = client.get("/praktijken/", [*params, ("bestuur", nis)]).context["total"]
            assert numbers[nis] == listed, (params, nis)
        assert sum(numbers.values()) >= client.get("/praktijken/", params).context["total"] > 0


def test_the_map_names_every_shape_with_its_number_and_links_to_its_page(make_practice, client):
    make_practice("Gent", partners=["Leuven"])
    make_practice("Gent")
    html = client.get("/kaart/").content.decode()
    links = re.findall(r'<a href="(/besturen/[^"]+/)" aria-label="([^"]+)" data-nis="(\d{5})"><title>', html)
    assert len(links) == 285
    named = {nis: (href, label) for href, label, nis in links}
    assert named["44021"] == ("/besturen/44021/", "Gent: 2 praktijkvoorbeelden")
    assert named["24062"][1] == "Leuven: 1 praktijkvoorbeeld"
    assert named["11002"][1] == "Antwerpen: 0 praktijkvoorbeelden"
    # The legend's classes and the table say the same without colour.
    assert (
        "c0" in html
        and '<td><a href="/besturen/44021/">Gent</a></td><td>Oost-Vlaanderen</td><td class="number">2</td>' in html
    )


def test_practices_without_a_municipality_are_counted_beside_the_map(db, client, official_a, editor):
    limburg = LocalGovernment.objects.provinces().get(name="Limburg")
    Membership.objects.create(user=official_a, local_government=limburg)
    practice = services.create_practice(author=official_a, local_government=limburg, content=content())
    services.submit(practice=practice, actor=official_a)
    services.approve(practice=practice, actor=editor)
    response = client.get("/kaart/")
    assert response.context["total"] == 1 and response.context["unplaced"] == 1
    assert sum(_map_numbers(response).values()) == 0
    assert "1 voorbeeld uit deze selectie heeft geen gemeente" in response.content.decode()


def test_the_table_sorts_by_number_or_name_and_ignores_anything_else(make_practice, client):
    make_practice("Leuven")
    make_practice("Leuven")
    make_practice("Gent")
    by_number = [item["government"]["name"] for item in client.get("/kaart/?tabel=aantal").context["map"]["table"]]
    assert by_number[:2] == ["Leuven", "Gent"]
    for value in ("naam", "<script>", "aantal'--", ""):
        table = client.get("/kaart/", {"tabel": value}).context["map"]["table"]
        assert [item["government"]["name"] for item in table][:2] == ["Aalst", "Aalter"]


def test_the_list_and_the_map_link_to_each_other_with_the_same_filters(make_practice, client):
    make_practice("Gent", themes=["economie"])
    html = client.get("/praktijken/", {"thema": "economie", "sorteer": "titel", "pagina": "1"}).content.decode()
    assert '<a href="/kaart/?thema=economie">Toon op de kaart</a>' in html
    html = client.get("/kaart/", {"thema": "economie"}).content.decode()
    assert '<a href="/praktijken/?thema=economie">Toon deze selectie als lijst</a>' in html
    assert 'href="?thema=economie&amp;tabel=aantal#table-title"' in html


def test_a_government_page_shows_where_it_lies(db, client):
    page = client.get("/besturen/gent/").context["locator"]
    assert page["paths"] == [maps.shapes()["municipalities"]["44021"]]
    province = client.get(f"/besturen/{LocalGovernment.objects.provinces().get(name='Limburg').url_key}/")
    assert len(province.context["locator"]["paths"]) == 38
    assert 'role="img" aria-labelledby="locator-title"><title id="locator-title">Ligging van Limburg' in (
        province.content.decode()
    )
    assert gov("Gent").nis_code == "44021"


@pytest.mark.parametrize("count", [1, 30])
def test_the_map_query_budget_does_not_grow_with_practices(client, make_practice, count, django_assert_max_num_queries):
    for n in range(count):
        make_practice(GOVERNMENT_NAMES[n % len(GOVERNMENT_NAMES)], title=f"Voorbeeld {n}", themes=["economie"])
    builds.build_and_keep()  # what the task does after each publication
    with django_assert_max_num_queries(8):
        response = client.get("/kaart/?thema=economie&tabel=aantal")
    assert sum(_map_numbers(response).values()) == count


GOVERNMENT_NAMES = ["Gent", "Leuven", "Hasselt", "Brugge", "Genk"]
