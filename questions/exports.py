"""The published clarifications as an open-data file (verduidelijkingen.json), written by the catalogue's
open-data task after each change, from value rows in a fixed number of queries."""

import json
from collections import defaultdict

from django.conf import settings

from .models import Clarification, ClarifiedSection, Rule

FILENAME = "verduidelijkingen.json"


def rows():
    """One dict per published clarification, its current version with its rules and guidance sections."""
    published = Clarification.objects.published()
    versions = published.values("current")
    rules, sections = defaultdict(list), defaultdict(list)
    for version, name, article, url, start, end in Rule.objects.filter(version__in=versions).values_list(
        "version", "name", "article", "url", "valid_from", "valid_until"
    ):
        rules[version].append(
            {
                "naam": name,
                "artikel": article,
                "url": url,
                "geldig_vanaf": start.isoformat() if start else "",
                "geldig_tot": end.isoformat() if end else "",
            }
        )
    for version, slug, anchor, title in ClarifiedSection.objects.filter(version__in=versions).values_list(
        "version", "document__slug", "anchor", "title"
    ):
        sections[version].append({"titel": title, "url": f"{settings.SITE_URL}/handreikingen/{slug}/#{anchor}"})
    fields = (
        "slug", "current", "current__title", "current__body", "current__number", "theme__name",
        "first_published_at", "last_published_at", "review_since", "asked_count",
    )  # fmt: skip
    for row in published.order_by("pk").values_list(*fields).iterator(chunk_size=2000):
        slug, version, title, body, number, theme, first, last, review, asked = row
        yield {
            "slug": slug,
            "url": f"{settings.SITE_URL}/vragen/{slug}/",
            "titel": title,
            "tekst": body,
            "thema": theme,
            "versie": number,
            "eerst_gepubliceerd": first.isoformat() if first else "",
            "laatst_bijgewerkt": last.isoformat() if last else "",
            "te_herzien_sinds": review.isoformat() if review else "",
            "gevraagd_door_besturen": asked,
            "regels": rules.get(version, []),
            "onderdelen_van_handreikingen": sections.get(version, []),
        }


def write(out):
    """Write the file to `out`; returns the number of clarifications."""
    out.write(f'{{"licentie": "CC BY 4.0", "bron": {json.dumps(settings.SITE_URL)}, "verduidelijkingen": [')
    count = 0
    for row in rows():
        out.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count
