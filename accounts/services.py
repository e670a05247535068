"""Every write to accounts data goes through these functions."""

import csv
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .models import LocalGovernment

DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINCES = {
    "Antwerpen": "10000",
    "Vlaams-Brabant": "20001",
    "West-Vlaanderen": "30000",
    "Oost-Vlaanderen": "40000",
    "Limburg": "70000",
}


def _read(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_local_governments():
    """Load the 5 provinces, the 285 municipalities of 2025 and the 27 that ceased on 1 January 2025.

    Idempotent: runs again without creating duplicates and corrects changed names or figures.
    Returns a dict of counts.
    """
    provinces = {}
    for name, nis in PROVINCES.items():
        provinces[name], _ = LocalGovernment.objects.update_or_create(
            nis_code=nis,
            defaults={"name": name, "slug": f"provincie-{slugify(name)}", "kind": LocalGovernment.Kind.PROVINCE},
        )

    current = {}
    for row in _read("flemish_municipalities_2025.csv"):
        current[row["nis_code"]], _ = LocalGovernment.objects.update_or_create(
            nis_code=row["nis_code"],
            defaults={
                "name": row["name_nl"],
                "slug": slugify(row["name_nl"]),
                "kind": LocalGovernment.Kind.MUNICIPALITY,
                "province": provinces[row["province"]],
                "population": int(row["population_2020"]),
                "is_active": True,
                "successor": None,
            },
        )

    taken = set(LocalGovernment.objects.filter(nis_code__in=current).values_list("slug", flat=True))
    ceased = 0
    for row in _read("flemish_municipalities_2019_2024.csv"):
        if row["nis_code"] == row["successor_2025_nis"]:
            continue
        slug = slugify(row["name_nl"])
        if slug in taken:  # e.g. the old Hasselt code: the name belongs to the new municipality
            slug = f"{slug}-{row['nis_code']}"
        LocalGovernment.objects.update_or_create(
            nis_code=row["nis_code"],
            defaults={
                "name": row["name_nl"],
                "slug": slug,
                "kind": LocalGovernment.Kind.MUNICIPALITY,
                "province": provinces[row["province"]],
                "population": int(row["population_2020"]),
                "is_active": False,
                "successor": current[row["successor_2025_nis"]],
            },
        )
        ceased += 1
    return {"provinces": len(provinces), "municipalities": len(current), "ceased": ceased}


def set_notifications(*, user, new_submissions):
    """An editor chooses whether new submissions reach them by e-mail."""
    user.notify_new_submissions = new_submissions
    user.save(update_fields=["notify_new_submissions"])
