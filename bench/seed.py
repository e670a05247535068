"""Seed N synthetic published practices straight into PostgreSQL, set-based, in seconds.

The rows are what the publishing service would leave behind: a live row, its published version,
themes, phases, target groups, tags and the stored search vector.
"""

import random
import time
from concurrent.futures import ThreadPoolExecutor

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from taggit.models import Tag, TaggedItem

from accounts.models import LocalGovernment
from practices.models import Phase, Practice, PracticeVersion, SearchEntry, TargetGroup, Theme
from practices.search_entries import refresh_search_vectors

WORDS = [
    "steun",
    "handelaars",
    "horeca",
    "verenigingen",
    "inwoners",
    "jongeren",
    "ouderen",
    "vrijwilligers",
    "premie",
    "waardebon",
    "terras",
    "lockdown",
    "relance",
    "heropstart",
    "cultuur",
    "sport",
    "jeugd",
    "zorg",
    "opvang",
    "kinderopvang",
    "school",
    "onderwijs",
    "armoede",
    "voedselhulp",
    "energie",
    "huur",
    "leegstand",
    "markt",
    "afstand",
    "handhaving",
    "sensibilisering",
    "campagne",
    "affiche",
    "bestek",
    "mondmaskers",
    "aankoop",
    "raamovereenkomst",
    "ontsmetting",
    "vaccinatie",
    "testcentrum",
    "contactopvolging",
    "quarantaine",
    "buurt",
    "wijk",
    "plein",
    "park",
    "straat",
    "fiets",
    "mobiliteit",
    "parkeren",
    "toerisme",
    "gidsen",
    "wandeling",
    "evenement",
    "livestream",
    "bibliotheek",
    "laptop",
    "internet",
    "digitaal",
    "webwinkel",
    "afhaal",
    "levering",
    "boeren",
    "korte",
    "keten",
    "coöperatie",
    "subsidie",
    "fonds",
    "noodfonds",
    "budget",
    "gemeenteraad",
    "college",
    "burgemeester",
    "schepen",
    "OCMW",
    "politie",
    "gemeenschapswachten",
    "stewards",
    "drukte",
    "strand",
    "zomer",
    "winter",
    "kerst",
    "feest",
    "muziek",
    "theater",
    "kunstenaars",
    "optreden",
    "ontmoeting",
    "eenzaamheid",
    "telefoon",
    "bellers",
    "brief",
    "tolken",
    "talen",
    "sleutelfiguren",
    "integratie",
    "werk",
    "jobbeurs",
    "opleiding",
    "VDAB",
    "ondernemers",
    "zelfstandigen",
    "economie",
    "solidariteit",
    "levenskwaliteit",
    "veiligheid",
    "gezondheid",
    "welzijn",
]


FILLER = [
    "de",
    "het",
    "een",
    "en",
    "van",
    "voor",
    "met",
    "in",
    "op",
    "aan",
    "door",
    "om",
    "te",
    "we",
    "ons",
    "onze",
    "zij",
    "dat",
    "die",
    "dit",
    "er",
    "ook",
    "bij",
    "naar",
]


def _vocabulary():
    """The base words and their compounds, the way Dutch forms them (buurt + premie = buurtpremie):
    about 20,000 words, used with a Zipf-like frequency like real text."""
    compounds = [a + b for a in WORDS[:140] for b in WORDS[:140] if a != b]
    return WORDS + compounds


def word(rng, vocabulary):
    """One word of the vocabulary, common ones far more often than rare ones."""
    rank = min(int(rng.paretovariate(0.9)) - 1, len(vocabulary) - 1)
    return vocabulary[(rank * 7919) % len(vocabulary)] if rank > 200 else vocabulary[rank]


def _words(rng, vocabulary, n):
    return " ".join(rng.choice(FILLER) if rng.random() < 0.4 else word(rng, vocabulary) for _ in range(n))


class _Steps:
    def __init__(self):
        self.last = time.perf_counter()

    def __call__(self, label):
        now = time.perf_counter()
        print(f"  {label}: {now - self.last:.1f} s")
        self.last = now


def seed(n, seed_value=2020, workers=2):
    """Insert n published practices; returns the number now published."""
    step = _Steps()
    _insert(n, seed_value, step)
    # Bulk-load practice: fill the search column without its GIN index, on every core, then build it.
    index = next(i for i in SearchEntry._meta.indexes if i.name == "search_entry_gin")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX "{index.name}"')
    ids = list(Practice.objects.order_by("pk").values_list("pk", flat=True))
    chunks = [ids[k::workers] for k in range(workers)]
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(_refresh, chunks))
    step("search vectors")
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
    with connection.schema_editor() as editor:
        editor.add_index(SearchEntry, index)
    step("search index")
    return Practice.objects.published().count()


def _refresh(ids):
    try:
        refresh_search_vectors(ids)
    finally:
        connection.close()  # this thread's own connection


@transaction.atomic
def _insert(n, seed_value, step):
    rng = random.Random(seed_value)
    with connection.cursor() as cursor:
        # The rows are built consistent; skip the per-row foreign-key triggers (superuser, this transaction only).
        cursor.execute("SET LOCAL session_replication_role = replica")
    governments = list(LocalGovernment.objects.active().municipalities().values_list("pk", flat=True))
    themes = list(Theme.objects.values_list("pk", flat=True))
    phases = list(Phase.objects.values_list("pk", flat=True))
    groups = list(TargetGroup.objects.values_list("pk", flat=True))
    # A vocabulary of sentences, reused with a per-row offset so that rows differ without generating
    # megabytes of text in Python.
    vocabulary = _vocabulary()
    sentences = [_words(rng, vocabulary, 12).capitalize() + "." for _ in range(997)]
    table = Practice._meta.db_table
    version_table = PracticeVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (title, summary, description, resources, results, difficulties, transferability,
                kind, started_on, ended_on, contact_name, contact_function, contact_email, contact_phone,
                contact_consent, links, slug, local_government_id, status, created_at, first_published_at,
                last_published_at, evidence, outdated, results_updated_at)
            SELECT initcap(s[1 + g %% 997]), left(s[1 + (g * 7) %% 997] || ' ' || s[1 + (g * 11) %% 997], 300),
                s[1 + (g * 13) %% 997] || ' ' || s[1 + (g * 17) %% 997] || E'\\n\\n' || s[1 + (g * 19) %% 997]
                    || ' ' || s[1 + (g * 23) %% 997],
                s[1 + (g * 29) %% 997], s[1 + (g * 31) %% 997], s[1 + (g * 37) %% 997], s[1 + (g * 41) %% 997],
                (ARRAY['initiatief', 'relanceplan', 'sjabloon'])[1 + g %% 3],
                DATE '2020-03-01' + (g %% 600), NULL, 'Contact ' || g, 'Projectleider', '', '', FALSE, '[]',
                'bench-' || g, (%s::bigint[])[1 + g %% %s], 'gepubliceerd',
                now() - make_interval(mins => g), now() - make_interval(mins => g), now() - make_interval(mins => g),
                (ARRAY['idee', 'gemeten', 'geevalueerd'])[1 + (g / 3) %% 3], FALSE, now() - make_interval(mins => g)
            FROM generate_series(1, %s) AS g, (SELECT %s::text[] AS s) AS vocabulary
            """,
            [governments, len(governments), n, sentences],
        )
        step("practices")
        columns = ", ".join(f.column for f in PracticeVersion._meta.concrete_fields if f.name in Practice.SCALAR_FIELDS)
        cursor.execute(
            f"""
            INSERT INTO {version_table} ({columns}, practice_id, number, tag_names, note_to_editors,
                created_at, updated_at, submitted_at, editor_authors, confirms_current)
            SELECT {columns}, id, 1, '[]', '', created_at, created_at, created_at, '[]', FALSE FROM {table}
            WHERE slug LIKE 'bench-%%'
            """
        )
        cursor.execute(
            f"""UPDATE {table} p SET published_version_id = v.id FROM {version_table} v
                WHERE v.practice_id = p.id AND p.slug LIKE 'bench-%%'"""
        )
        step("versions")
        # The wide practice table is scanned once; the link tables are filled from this narrow copy.
        cursor.execute(
            f"CREATE TEMP TABLE bench_ids ON COMMIT DROP AS SELECT id FROM {table} WHERE slug LIKE 'bench-%%'"
        )
        for field, ids, per in (("themes", themes, 2), ("phases", phases, 1), ("target_groups", groups, 2)):
            through = Practice._meta.get_field(field).remote_field.through
            target = through._meta.get_field(Practice._meta.get_field(field).related_model._meta.model_name).column
            for k in range(per):
                cursor.execute(
                    f"""INSERT INTO {through._meta.db_table} (practice_id, {target})
                        SELECT id, (%s::bigint[])[1 + ((id * {k * 3 + 1} + {k}) %% %s)] FROM bench_ids
                        ON CONFLICT DO NOTHING""",
                    [ids, len(ids)],
                )
    step("themes, phases, target groups")
    tags = [
        Tag.objects.get_or_create(name=f"trefwoord-{i}", defaults={"slug": f"trefwoord-{i}"})[0] for i in range(200)
    ]
    content_type = ContentType.objects.get_for_model(Practice)
    with connection.cursor() as cursor:
        for k in range(2):
            cursor.execute(
                f"""INSERT INTO {TaggedItem._meta.db_table} (object_id, content_type_id, tag_id)
                    SELECT id, %s, (%s::bigint[])[1 + ((id * {7 + k * 6}) %% 200)] FROM bench_ids
                    ON CONFLICT DO NOTHING""",
                [content_type.pk, [t.pk for t in tags]],
            )
    step("tags")
