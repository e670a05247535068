"""Build the map of Flanders drawn on /kaart/: the 285 municipalities of 2025 as SVG paths.

The source is the TopoJSON of the 2019–2024 Belgian municipalities (CC0 1.0, in catalogue/data/). Every
2025 merger joined whole municipalities, so a 2025 shape is its predecessors' shapes without the borders
between them. Working on the TopoJSON's shared arcs keeps neighbours fitting: each border is simplified
once, for both sides, and a border inside a merger is dropped. Flemish municipalities are picked by NIS
code from the 2019–2024 list, not by the file's region (which puts Mesen in Wallonia). The result is
committed; the running site reads that file and needs no geometry code.
"""

import csv
import json
import math
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand

DATA = Path(__file__).resolve().parents[2] / "data"
SOURCE = DATA / "belgium_municipalities_2019_2024.topojson"
MUNICIPALITIES = Path(__file__).resolve().parents[3] / "accounts" / "data" / "flemish_municipalities_2019_2024.csv"
TARGET = DATA / "flanders_map.json"
WIDTH = 800  # the map's width in SVG user units; its height follows from the shape of Flanders
TOLERANCE = 0.25  # how far, in user units, a simplified border may stray from the real one


class Command(BaseCommand):
    help = "Bouw de kaart van de Vlaamse gemeenten van 2025 (catalogue/data/flanders_map.json) uit de TopoJSON."

    def add_arguments(self, parser):
        parser.add_argument("--tolerance", type=float, default=TOLERANCE)

    def handle(self, *args, tolerance, **options):
        result = build(tolerance)
        TARGET.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n")
        size = sum(len(d) for d in result["municipalities"].values())
        self.stdout.write(f"{len(result['municipalities'])} gemeenten, {size / 1000:.0f} kB paddata: {TARGET}")


def load(tolerance=TOLERANCE):
    """(drawing, the Flemish 2019–2024 geometries, Brussels' geometries, {2019–2024 code: 2025 code})."""
    topology = json.loads(SOURCE.read_text(encoding="utf-8"))
    with MUNICIPALITIES.open(newline="", encoding="utf-8") as f:
        successor = {row["nis_code"]: row["successor_2025_nis"] for row in csv.DictReader(f)}
    geometries = topology["objects"]["municipalities"]["geometries"]
    flemish = [g for g in geometries if g["properties"]["nis"] in successor]
    brussels = [g for g in geometries if g["properties"]["reg_nis"] == "04000"]
    missing = set(successor) - {g["properties"]["nis"] for g in flemish}
    if missing:
        raise ValueError(f"Not in the TopoJSON: {sorted(missing)}")
    return _Map(topology, flemish + brussels, tolerance), flemish, brussels, successor


def build(tolerance=TOLERANCE):
    map_, flemish, brussels, successor = load(tolerance)
    groups = defaultdict(list)
    for geometry in flemish:
        groups[successor[geometry["properties"]["nis"]]].append(geometry)
    municipalities = {nis: map_.path(map_.dissolve(members)) for nis, members in sorted(groups.items())}

    # Thicker lines over the fills: between provinces (the first digit of a NIS code), and around Flanders.
    sides = defaultdict(set)
    for nis, members in groups.items():
        for arc in (arc for geometry in members for arc in _arc_uses(geometry)):
            sides[_plain(arc)].add(nis[0])
    between = [index for index, provinces in sorted(sides.items()) if len(provinces) > 1]
    borders = " ".join(map_.line(index) for index in between) + map_.path(map_.dissolve(flemish))
    return {
        "source": "bmesuere/belgium-topojson (CC0 1.0): grenzen van 2019–2024, samengevoegd tot de gemeenten van 2025",
        "view_box": [0, 0, WIDTH, map_.height],
        "municipalities": municipalities,
        "borders": borders,
        "brussels": map_.path(map_.dissolve(brussels)),
    }


def _arc_uses(geometry):
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    return [arc for polygon in polygons for ring in polygon for arc in ring]


def _plain(arc):
    return arc if arc >= 0 else ~arc


class _Map:
    def __init__(self, topology, geometries, tolerance):
        used = {_plain(arc) for geometry in geometries for arc in _arc_uses(geometry)}
        (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
        quantized = {}
        for index in used:
            x = y = 0
            points = []
            for dx, dy in topology["arcs"][index]:
                x, y = x + dx, y + dy
                points.append((x, y))
            quantized[index] = points
        # Arcs meet at exactly equal quantized points: those are the keys that chain them into rings.
        self.ends = {index: (points[0], points[-1]) for index, points in quantized.items()}
        lons = [tx + x * sx for points in quantized.values() for x, _ in points]
        lats = [ty + y * sy for points in quantized.values() for _, y in points]
        # Equirectangular at Flanders' latitude: true enough at this size; north up.
        factor = math.cos(math.radians((min(lats) + max(lats)) / 2))
        scale = (WIDTH - 2) / ((max(lons) - min(lons)) * factor)
        west, north = min(lons), max(lats)
        self.height = math.ceil((north - min(lats)) * scale) + 2
        self.arcs = {}
        for index, points in quantized.items():
            projected = [
                (1 + (tx + x * sx - west) * factor * scale, 1 + (north - ty - y * sy) * scale) for x, y in points
            ]
            simplified = _simplify(projected, tolerance)
            self.arcs[index] = [(round(x), round(y)) for x, y in simplified]

    def dissolve(self, geometries):
        """The rings of the union of these shapes, as arc references: an arc two of them share lies inside."""
        uses = [arc for geometry in geometries for arc in _arc_uses(geometry)]
        counted = defaultdict(int)
        for arc in uses:
            counted[_plain(arc)] += 1
        kept = [arc for arc in uses if counted[_plain(arc)] == 1]
        by_start = defaultdict(list)
        for arc in kept:
            by_start[self._end(arc, 0)].append(arc)
        rings, used = [], set()
        for first in kept:
            ring, arc = [], first
            while arc is not None and arc not in used:
                used.add(arc)
                ring.append(arc)
                arc = next((a for a in by_start[self._end(arc, 1)] if a not in used), None)
            if ring:
                rings.append(ring)
        return rings

    def _end(self, arc, which):
        start, end = self.ends[_plain(arc)]
        return (start, end)[which if arc >= 0 else 1 - which]

    def _points(self, arc):
        points = self.arcs[_plain(arc)]
        return points if arc >= 0 else points[::-1]

    def path(self, rings):
        parts = []
        for ring in rings:
            points = []
            for arc in ring:
                found = self._points(arc)
                points.extend(found[1:] if points else found)
            points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if len(set(points)) >= 3:  # a ring that simplifies to a line covers nothing
                parts.append(_relative(points) + "z")
        return "".join(parts)

    def line(self, index):
        return _relative(self.arcs[index])


def _relative(points):
    (x, y), rest = points[0], points[1:]
    out = [f"M{x} {y}"]
    if rest:
        steps = []
        for nx, ny in rest:
            steps.append(f"{nx - x} {ny - y}".replace(" -", "-"))
            x, y = nx, ny
        out.append("l" + " ".join(steps).replace(" -", "-"))
    return "".join(out)


def _simplify(points, tolerance):
    """Douglas–Peucker, the ends kept; a closed arc is split at its farthest point so that it stays a ring."""
    if len(points) < 3:
        return points
    if points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: _distance(points[i], points[0], points[0]))
        return _simplify(points[: far + 1], tolerance)[:-1] + _simplify(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, at = 0.0, None
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, at = d, i
        if at is not None and best > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _distance(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    return abs(dy * px - dx * py + bx * ay - by * ax) / math.hypot(dx, dy)
