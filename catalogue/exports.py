"""Open data as files. The CSV and JSON exports are written once per catalogue change, by a task, from
narrow value rows (no model instances), to a temporary file that then replaces the old one; they are
served as files, so a download never keeps an application worker computing."""

import csv
import json
import os
import re
import tempfile
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.urls import reverse
from taggit.models import TaggedItem

from practices.models import Adoption, Practice
from vlaanderenhelpt.generation import generation
from vlaanderenhelpt.rows import plain_rows

FILES = {"csv": "praktijkvoorbeelden.csv", "json": "praktijkvoorbeelden.json"}
GENERATION_FILE = "generatie.txt"
# Files of apps above the catalogue, written by the same task after each change: {kind: write(out) -> rows}.
WRITERS = {}


def register(kind, filename, write):
    """An app above the catalogue adds an open-data file: `write(out)` writes it to an open text file
    and returns how many rows it wrote. Called from the app's ready(), once."""
    FILES[kind] = filename
    WRITERS[kind] = write


COLUMNS = [
    ("slug", "Unieke, stabiele sleutel van het praktijkvoorbeeld"),
    ("url", "Adres van het praktijkvoorbeeld op deze site"),
    ("titel", "Titel"),
    ("samenvatting", "Samenvatting (hoogstens 300 tekens)"),
    ("soort", "initiatief, relanceplan of sjabloon"),
    ("bewijs", "idee (nog geen resultaten), gemeten (cijfers gegeven) of geevalueerd (evaluatie of rapport)"),
    ("bestuur", "Naam van het indienende lokale bestuur"),
    ("nis_code", "NIS-code van het indienende bestuur (gemeenten en provincies)"),
    ("provincie", "Provincie van het indienende bestuur"),
    ("partners", "Partnerbesturen, gescheiden door ;"),
    ("themas", "Thema's, gescheiden door ;"),
    ("fases", "Fases, gescheiden door ;"),
    ("doelgroepen", "Doelgroepen, gescheiden door ;"),
    ("trefwoorden", "Vrije trefwoorden, gescheiden door ;"),
    ("overgenomen_door", "Besturen die het overnamen (door de redactie gecontroleerd), gescheiden door ;"),
    ("gestart_op", "Startdatum (JJJJ-MM-DD), leeg als onbekend"),
    ("afgelopen_op", "Einddatum (JJJJ-MM-DD), leeg als het initiatief loopt"),
    ("eerst_gepubliceerd", "Moment van eerste publicatie (ISO 8601)"),
    ("laatst_bijgewerkt", "Moment van de laatste goedgekeurde versie (ISO 8601)"),
    ("resultaten_bijgewerkt", "Moment waarop de resultaten of het bewijs laatst veranderden (ISO 8601)"),
]

# Where a spreadsheet may start a cell: the start of the field, or after a separator it might split on
# (Belgian Excel splits on ";", others on ","), or a line break; spaces before the formula sign are skipped.
_CELL_START = re.compile(r"(^|[;,\n])( *)(?=[=+\-@\t\r])")


_FORMULA_SIGNS = frozenset("=+-@\t\r")


def csv_safe(value):
    """A cell that can never become a formula: whichever separator a spreadsheet splits it on, no
    piece of it starts with = + - @, a tab or a carriage return — each such piece gets a leading '."""
    if not isinstance(value, str) or _FORMULA_SIGNS.isdisjoint(value):
        return value  # the common case, without a regular expression
    return _CELL_START.sub(r"\1\2'", value)


def folder():
    return Path(settings.MEDIA_ROOT) / "open-data"


def path(kind):
    return folder() / FILES[kind]


def written_generation():
    """The catalogue generation the files on disk were written for, or None."""
    try:
        return (folder() / GENERATION_FILE).read_text().strip() or None
    except FileNotFoundError:
        return None


def is_current():
    return written_generation() == generation() and all(path(kind).exists() for kind in FILES)


def _names(links, owner, name, order):
    """{practice id: [names]} for one many-to-many relation, read from its link table in one query."""
    names = defaultdict(list)
    for pk, found in plain_rows(links.order_by(owner, *order).values_list(owner, name)):
        names[pk].append(found)
    return names


def rows():
    """One dict per published practice, in a fixed number of queries whatever their number."""
    published = Practice.objects.published()
    live = published.values("pk")

    def linked(relation, target):
        links = getattr(Practice, relation).through.objects.filter(practice__in=live)
        return _names(links, "practice_id", f"{target}__name", [f"{target}__position", f"{target}__name"])

    tagged = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Practice), object_id__in=live)
    partners = Practice.partners.through.objects.filter(practice__in=live)
    related = {
        "partners": _names(partners, "practice_id", "localgovernment__name", ["localgovernment__name"]),
        "themas": linked("themes", "theme"),
        "fases": linked("phases", "phase"),
        "doelgroepen": linked("target_groups", "targetgroup"),
        "trefwoorden": _names(tagged, "object_id", "tag__name", ["tag__name"]),
        "overgenomen_door": _names(
            Adoption.objects.filter(state=Adoption.State.PUBLISHED, practice__in=live),
            "practice_id",
            "local_government__name",
            ["adopted_on", "local_government__name"],
        ),
    }
    # One reverse() for all rows: the address with a marker where each slug goes.
    address = settings.SITE_URL + reverse("catalogue:detail", args=["SLUG-MARKER"])
    values = published.order_by("pk").values(
        "pk",
        "slug",
        "title",
        "summary",
        "kind",
        "evidence",
        "started_on",
        "ended_on",
        "first_published_at",
        "last_published_at",
        "results_updated_at",
        government=F("local_government__name"),
        nis=F("local_government__nis_code"),
        province=F("local_government__province__name"),
    )
    for p in values.iterator(chunk_size=2000):
        yield {
            "slug": p["slug"],
            "url": address.replace("SLUG-MARKER", p["slug"]),
            "titel": p["title"],
            "samenvatting": p["summary"],
            "soort": p["kind"],
            "bewijs": p["evidence"],
            "bestuur": p["government"],
            "nis_code": p["nis"] or "",
            "provincie": p["province"] or "",
            **{name: ";".join(names.get(p["pk"], ())) for name, names in related.items()},
            "gestart_op": p["started_on"].isoformat() if p["started_on"] else "",
            "afgelopen_op": p["ended_on"].isoformat() if p["ended_on"] else "",
            "eerst_gepubliceerd": p["first_published_at"].isoformat() if p["first_published_at"] else "",
            "laatst_bijgewerkt": p["last_published_at"].isoformat() if p["last_published_at"] else "",
            "resultaten_bijgewerkt": p["results_updated_at"].isoformat() if p["results_updated_at"] else "",
        }


@contextmanager
def _replacing(target):
    """A file to write that takes the place of `target` at once when done: a reader never sees half."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=target.suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# Free text a person typed or a name: the columns a spreadsheet could take for a formula. The others
# (slug, address, kind, codes, dates) are written by the site itself.
TEXT_COLUMNS = {
    "titel",
    "samenvatting",
    "bestuur",
    "provincie",
    "partners",
    "themas",
    "fases",
    "doelgroepen",
    "trefwoorden",
    "overgenomen_door",
}


def write_files():
    """Write both exports for the catalogue as it is now, in one pass over the rows; returns their number."""
    written_for = generation()  # read first: a change during the export makes the next one
    header = [name for name, _ in COLUMNS]
    safe = [name in TEXT_COLUMNS for name in header]
    count = 0
    folder().mkdir(parents=True, exist_ok=True)
    with _replacing(path("csv")) as csv_out, _replacing(path("json")) as json_out:
        writer = csv.writer(csv_out)
        csv_out.write("\ufeff")
        writer.writerow(header)
        json_out.write(f'{{"licentie": "CC BY 4.0", "bron": {json.dumps(settings.SITE_URL)}, "praktijkvoorbeelden": [')
        for row in rows():
            values = [row[name] for name in header]
            writer.writerow([csv_safe(v) if s else v for v, s in zip(values, safe, strict=True)])
            json_out.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
            count += 1
        json_out.write("\n]}\n")
    for kind, write in WRITERS.items():
        with _replacing(path(kind)) as out:
            write(out)
    with _replacing(folder() / GENERATION_FILE) as out:
        out.write(written_for)
    return count
