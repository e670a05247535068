"""The map of Flanders: the shapes of the 285 municipalities of 2025 (built once by `build_map` into
catalogue/data/flanders_map.json) and the choropleth of a selection of practices.

A practice counts at the municipality that submitted it and at every partner municipality: the number a
shape shows is what the list shows with that municipality selected. Practices of provinces and of other
local governments (OCMW, police zone, partnership) count only at their partner municipalities.
"""

import functools
import json
from pathlib import Path

from django.urls import reverse
from django.utils.translation import ngettext

from accounts.models import LocalGovernment

MAP_FILE = Path(__file__).resolve().parent / "data" / "flanders_map.json"
# A sequential scale of one hue (ColorBrewer "Blues"), read by colour-blind readers as lighter and darker;
# no shape relies on its colour alone: each names its number, and the table below says the same.
COLOURS = ("#eef1f4", "#c6dbef", "#6baed6", "#2171b5", "#08306b")


@functools.cache
def shapes():
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def classes(counts):
    """Class boundaries for the numbers on the map: [(low, high)], the first always (0, 0). The other
    classes split the municipalities that have practices into roughly equal groups."""
    found = sorted(n for n in counts if n)
    if not found:
        return [(0, 0)]
    bounds, low = [], 1
    for share in (0.25, 0.5, 0.75, 1.0):
        high = found[min(len(found) - 1, int(share * len(found)))] if share < 1 else found[-1]
        if high >= low:
            bounds.append((low, high))
            low = high + 1
    return [(0, 0), *bounds]


def class_of(n, bounds):
    for index, (low, high) in enumerate(bounds):
        if low <= n <= high:
            return index
    return len(bounds) - 1


def legend_label(low, high):
    if low == high:
        return str(low)
    return f"{low}–{high}"


TABLE_SORTS = ("naam", "aantal")


def municipalities():
    """The active municipalities with a shape, by name: [{pk, nis_code, name, url_key, province}] as plain
    values (285 model instances with their provinces cost the map page 3 ms)."""
    rows = (
        LocalGovernment.objects.municipalities()
        .active()
        .filter(nis_code__in=list(shapes()["municipalities"]))
        .order_by("name")
        .values_list("pk", "nis_code", "name", "province__name")
    )
    # A municipality's page is at its NIS code (LocalGovernment.url_key), and every one here has one.
    return [
        {"pk": pk, "nis_code": nis, "name": name, "url_key": nis, "province": province or ""}
        for pk, nis, name, province in rows
    ]


def choropleth(counts, rows, *, table_sort="naam", adopted=None):
    """Everything the map and its table need, from {government id: number} and the municipalities."""
    drawn = shapes()
    numbers = [counts.get(m["pk"], 0) for m in rows]
    bounds = classes(numbers)
    # 285 shapes: the page address and the label's wording are looked up once, not once per shape.
    before, after = reverse("catalogue:local_government", args=["__key__"]).split("__key__")
    wordings = {}
    items = []
    for municipality, n in zip(rows, numbers, strict=True):
        index = class_of(n, bounds)
        if n not in wordings:
            wordings[n] = ngettext("%(name)s: %(n)s praktijkvoorbeeld", "%(name)s: %(n)s praktijkvoorbeelden", n)
        items.append(
            {
                "government": municipality,
                "url": f"{before}{municipality['url_key']}{after}",
                "n": n,
                "adopted": (adopted or {}).get(municipality["pk"], 0),
                "path": drawn["municipalities"][municipality["nis_code"]],
                "colour_class": str(index),  # as text: 285 numbers are not each localised by the template
                "label": wordings[n] % {"name": municipality["name"], "n": n},
            }
        )
    table = (
        sorted(items, key=lambda item: (-item["n"], item["government"]["name"])) if table_sort == "aantal" else items
    )
    legend = [{"colour_class": index, "label": legend_label(low, high)} for index, (low, high) in enumerate(bounds)]
    return {
        "view_box": " ".join(str(v) for v in drawn["view_box"]),
        "items": items,
        "table": table,
        "legend": legend,
        "borders": drawn["borders"],
        "brussels": drawn["brussels"],
        "with_practices": sum(1 for n in numbers if n),
    }


def locator(government):
    """A small map with a municipality, or a province's municipalities, highlighted; None for others."""
    drawn = shapes()
    if government.kind == LocalGovernment.Kind.PROVINCE:
        codes = government.members.municipalities().active().values_list("nis_code", flat=True)
    else:
        codes = [government.nis_code] if government.kind == LocalGovernment.Kind.MUNICIPALITY else []
    paths = [drawn["municipalities"][code] for code in codes if code in drawn["municipalities"]]
    if not paths:
        return None
    return {"view_box": " ".join(str(v) for v in drawn["view_box"]), "paths": paths, "borders": drawn["borders"]}
