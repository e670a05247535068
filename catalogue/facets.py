"""The facet index: which published practice has which facet value, as bitsets, per catalogue generation.

Every published practice has a position in the list's default order (newest first, the possibly outdated
ones after the current ones), and every facet value
a Python integer with the bit of each practice that has it. A list page is then the search matches (one
query, as ids) intersected with the selected values' bitsets, and every count, "added" counts
included, is an intersection and a bit count: microseconds instead of one aggregate per facet.

A task builds the index after each change of the catalogue and keeps it in the shared cache, and the
last one built in the database as well; each process loads it once per generation. Until the current
generation's is there (the seconds after a publication, a restarted cache) the last one built is served
(see upkeep.current_index); with none that can be read the catalogue counts in SQL, with the same results.
"""

import logging
import pickle
import time
from array import array
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from taggit.models import TaggedItem

from accounts.models import LocalGovernment
from practices.models import Adoption, Practice
from vlaanderenhelpt.rows import plain_rows

from .bitsets import BLOCK, positions, to_bitset
from .models import KeptIndex
from .query import LIST_PARAMS

logger = logging.getLogger(__name__)

INDEX_SECONDS = 24 * 3600  # an unchanged catalogue's index is rebuilt once a day, when it expires
# Each many-to-many facet, and its value's slug as seen from the link table.
M2M = {"themes": "theme__slug", "phases": "phase__slug", "target_groups": "targetgroup__slug"}
FACETS = (*M2M, "kinds", "evidence", "provinces")
FORMAT = 3  # a deploy that changes what the index holds raises this: old blobs are then not read


def _key(generation):
    return f"catalogue:facet-index:{FORMAT}:{generation}"


class FacetIndex:
    """The published practices of one catalogue generation, as bitsets over their positions."""

    def __init__(self, ids, values, lists, title_order, province_keys, government_keys, owner_counts):
        self.ids = ids  # array: the practice id at each position, in the default order
        self.values = values  # {facet: {value: bitset}}
        self.lists = lists  # {"tags": {slug: positions}, "governments": {id: positions}}: many, mostly small
        self.title_order = title_order  # array: positions in the order of the title sort
        self.province_keys = province_keys  # the values the province filter knows
        self.government_keys = government_keys  # {NIS code or slug: government id}
        self.owner_counts = owner_counts  # {government id: practices it submitted}
        self._adopted = None
        self._government_bitsets = {}  # made as the map asks for them (see government_counts)
        self.size = len(ids)
        self.everything = (1 << self.size) - 1
        self._position = None
        self._title_rank = None
        self.generation = None  # the catalogue generation it was loaded for (see load())
        self.words = None  # the frequent words' bitsets of that generation, once loaded (see words.py)

    # Building and sharing

    @classmethod
    def build(cls, only=None):
        """From narrow value queries over the published practices; no model instances. `only` (ids)
        indexes just those of them: the few an alerts run asks about (see alerts.matching)."""
        # One pass over the practices; the links are read from their own narrow tables, the practices'
        # wide rows only once. The title order is the database's own, as in the SQL sort.
        published = Practice.objects.published()
        if only is not None:
            published = published.filter(pk__in=only)
        title_rank = Window(RowNumber(), order_by=[F("title").asc(), F("pk").asc()])
        rows = plain_rows(
            published.order_by("outdated", "-last_published_at", "-pk").values_list(
                "pk", "kind", "evidence", "local_government_id", title_rank
            )
        )
        ids = array("q", (row[0] for row in rows))
        position = {pk: index for index, pk in enumerate(ids)}
        size = len(ids)

        governments = LocalGovernment.objects.values_list("pk", "slug", "nis_code", "kind", "province__slug")
        province_of, province_keys, government_keys = {}, set(), {}
        for pk, slug, nis_code, kind, province in governments:
            # Counted like the list counts: under the province, or a government's own slug without one.
            province_of[pk] = province or slug
            if province:
                province_keys.add(province)
            if kind == LocalGovernment.Kind.PROVINCE:
                province_keys.add(slug)
            government_keys[slug] = pk
            if nis_code:
                government_keys[nis_code.lower()] = pk

        grouped = {facet: defaultdict(list) for facet in FACETS}
        by_government = defaultdict(list)
        owner_counts = defaultdict(int)
        title_order = array("I", bytes(4 * size))
        for index, (_pk, kind, evidence, government, rank) in enumerate(rows):
            grouped["kinds"][kind].append(index)
            grouped["evidence"][evidence].append(index)
            grouped["provinces"][province_of[government]].append(index)
            by_government[government].append(index)
            owner_counts[government] += 1
            title_order[rank - 1] = index

        def links(rows, column="practice_id"):
            if only is not None:
                rows = rows.filter(**{f"{column}__in": list(ids)})
            for pk, found in plain_rows(rows):
                at = position.get(pk)
                if at is not None:
                    yield at, found

        for facet, slug_of in M2M.items():
            for at, slug in links(getattr(Practice, facet).through.objects.values_list("practice_id", slug_of)):
                grouped[facet][slug].append(at)
        for at, government in links(Practice.partners.through.objects.values_list("practice_id", "localgovernment_id")):
            by_government[government].append(at)
        tags = defaultdict(list)
        content_type = ContentType.objects.get_for_model(Practice)
        for at, slug in links(
            TaggedItem.objects.filter(content_type=content_type).values_list("object_id", "tag__slug"), "object_id"
        ):
            tags[slug].append(at)

        values = {
            facet: {value: to_bitset(found, size) for value, found in by_value.items()}
            for facet, by_value in grouped.items()
        }
        lists = {
            "tags": {slug: array("I", sorted(set(found))) for slug, found in tags.items()},
            "governments": {pk: array("I", sorted(set(found))) for pk, found in by_government.items()},
        }
        return cls(ids, values, lists, title_order, frozenset(province_keys), government_keys, dict(owner_counts))

    def dumps(self):
        state = {
            "ids": self.ids.tobytes(),
            "values": self.values,
            "lists": {name: {k: v.tobytes() for k, v in found.items()} for name, found in self.lists.items()},
            "title_order": self.title_order.tobytes(),
            "province_keys": self.province_keys,
            "government_keys": self.government_keys,
            "owner_counts": self.owner_counts,
        }
        return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, blob):
        state = pickle.loads(blob)  # noqa: S301 — written by this site's own task into its own cache

        def unpack(code, raw):
            found = array(code)
            found.frombytes(raw)
            return found

        lists = {name: {k: unpack("I", v) for k, v in found.items()} for name, found in state["lists"].items()}
        return cls(
            unpack("q", state["ids"]),
            state["values"],
            lists,
            unpack("I", state["title_order"]),
            state["province_keys"],
            state["government_keys"],
            state["owner_counts"],
        )

    # Reading

    @property
    def position(self):
        if self._position is None:
            self._position = {pk: index for index, pk in enumerate(self.ids)}
        return self._position

    def matches(self, ids, inverted=False):
        """The bitset of the published practices among `ids` (a search's matches), or, `inverted`,
        of those not among them."""
        found = self.position.get
        data = bytearray((self.size + 7) // 8)
        for pk in ids:
            at = found(pk)
            if at is not None:
                data[at >> 3] |= 1 << (at & 7)
        found = int.from_bytes(data, "little")
        return self.everything & ~found if inverted else found

    def of_government(self, pk):
        """The bitset of the practices a government submitted or took part in."""
        return to_bitset(self.lists["governments"].get(pk, ()), self.size)

    def government_counts(self, results, governments):
        """({government id: results it submitted or took part in}, how many results have at least one of
        `governments`). The map's 285 municipalities get a bitset each, made in this process on the first
        map of a generation (3.6 MB at 100,000 practices): then a count is an intersection, 1 ms for the
        285 where a walk over their positions took 8 ms of every filtered map page."""
        found = self.lists["governments"]
        if results == self.everything:
            counts = {pk: len(found[pk]) for pk in governments if pk in found}
            return counts, len({p for pk in counts for p in found[pk]})
        kept = self._government_bitsets
        counts, placed = {}, 0
        for pk in governments:
            if pk not in found:
                continue
            if pk not in kept:
                kept[pk] = to_bitset(found[pk], self.size)
            mine = kept[pk] & results
            if mine:
                counts[pk] = mine.bit_count()
                placed |= mine
        return counts, placed.bit_count()

    def _any_of(self, bitsets):
        combined = 0
        for bitset in bitsets:
            combined |= bitset
        return combined

    def _selected(self, attr, selected):
        if attr == "governments":
            keys = {self.government_keys.get(value.lower()) for value in selected}
            found = self.lists["governments"]
            return to_bitset((p for pk in keys if pk in found for p in found[pk]), self.size)
        if attr == "tags":
            found = self.lists["tags"]
            return to_bitset((p for slug in selected if slug in found for p in found[slug]), self.size)
        by_value = self.values[attr]
        if attr == "provinces":
            selected = [value for value in selected if value in self.province_keys]
        return self._any_of(by_value.get(value, 0) for value in selected)

    def filtered(self, query, matches=None, skip=None):
        """Every active filter but the facet `skip`; `matches` is the search's bitset, None without a search."""
        result = self.everything if matches is None else matches
        for attr in LIST_PARAMS.values():
            selected = getattr(query, attr)
            if selected and attr != skip:
                result &= self._selected(attr, selected)
        return result

    def counts(self, query, matches=None):
        """The same numbers as the catalogue's SQL counts (see Catalogue.sql_counts)."""
        results = self.filtered(query, matches)
        total = results.bit_count()
        counts = {"total": total}
        for attr in FACETS:
            selected = getattr(query, attr)
            others = self.filtered(query, matches, skip=attr) if selected else results
            raw = _counted(others, self.values[attr])
            if not selected:
                counts[attr] = raw
                continue
            added = _counted(others & ~results, self.values[attr])
            counts[attr] = {value: total + n for value, n in added.items()}
            counts[attr].update({value: raw.get(value, 0) for value in selected})
            counts[f"{attr}:unlisted"] = total
        return counts, results

    def related(self, pk, themes, target_groups, tags, limit=4):
        """The published practices sharing the most themes, target groups and tags with practice `pk`,
        in the default order among equals: what `querysets.related_practice_ids` asks of SQL."""
        shared = [self.values["themes"].get(slug, 0) for slug in themes]
        shared += [self.values["target_groups"].get(slug, 0) for slug in target_groups]
        shared += [self._selected("tags", [slug]) for slug in tags]
        # A counter per position, as bitsets of its binary digits: each shared value adds one.
        digits = []
        for members in shared:
            carry = members
            for level, digit in enumerate(digits):
                digits[level], carry = digit ^ carry, digit & carry
                if not carry:
                    break
            if carry:
                digits.append(carry)
        pool = self._any_of(shared)
        own = self.position.get(pk)
        if own is not None:
            pool &= ~(1 << own)
        found = []
        while pool and len(found) < limit:
            best = pool  # the positions with the highest count left: narrowed digit by digit, from the top
            for digit in reversed(digits):
                if best & digit:
                    best &= digit
            found += positions(best, 0, limit - len(found))
            pool &= ~best
        return [self.ids[p] for p in found]

    def page(self, results, sort, start, count):
        """The ids of one page of `results` in the order `sort` ("recent", "titel" or "overgenomen")."""
        if sort == "titel":
            found = self._by_title(results, start, count)
        elif sort == "overgenomen":
            found = self._by_adoptions(results, start, count)
        else:
            found = positions(results, start, count)
        return [self.ids[p] for p in found]

    @property
    def adopted(self):
        """The positions of the practices other governments took over, most adoptions first (then newest):
        the "meest overgenomen" order is these, then every other practice newest first. Read once per
        process and generation, when that sort is first asked for (adoptions are few; publishing one
        starts a new generation)."""
        if self._adopted is None:
            rows = Adoption.objects.filter(state=Adoption.State.PUBLISHED).order_by().values_list("practice")
            position = self.position
            counted = sorted((-n, position[pk]) for pk, n in plain_rows(rows.annotate(n=Count("pk"))) if pk in position)
            self._adopted = array("I", (p for _n, p in counted))
        return self._adopted

    def _by_adoptions(self, results, start, count):
        data = results.to_bytes((self.size + 7) // 8, "little")
        top = [p for p in self.adopted if data[p >> 3] >> (p & 7) & 1]
        found = top[start : start + count]
        if len(found) < count:
            rest = results & ~to_bitset(self.adopted, self.size)
            found += positions(rest, max(0, start - len(top)), count - len(found))
        return found

    def _by_title(self, results, start, count):
        total = results.bit_count()
        if total <= 4 * BLOCK:
            # Few results: sort them, rather than walk the whole title order for them.
            if self._title_rank is None:
                rank = array("I", bytes(4 * self.size))
                for index, p in enumerate(self.title_order):
                    rank[p] = index
                self._title_rank = rank  # once per process and generation, ~10 ms at 100,000
            return sorted(positions(results), key=self._title_rank.__getitem__)[start : start + count]
        data = results.to_bytes((self.size + 7) // 8, "little")
        found, seen = [], 0
        for p in self.title_order:
            if data[p >> 3] >> (p & 7) & 1:
                if seen >= start:
                    found.append(p)
                    if len(found) == count:
                        break
                seen += 1
        return found


def _counted(bitset, by_value):
    counts = {}
    for value, members in by_value.items():
        n = (bitset & members).bit_count()
        if n:
            counts[value] = n
    return counts


_loaded = (None, None)  # (generation, index) of this process
_latest = (None, None)  # (generation, index): the last built one this process read (see latest())
LATEST_KEY = f"catalogue:facet-index-latest:{FORMAT}"  # the generation of the last index built


class Unreadable(Exception):
    """A kept index that could not be read (another shape, after a deploy, or damaged)."""


def _loads(blob, generation):
    started = time.perf_counter()
    index = FacetIndex.loads(blob)
    index.generation = generation
    logger.info("facet index loaded", extra={"practices": index.size, "ms": (time.perf_counter() - started) * 1000})
    return index


def load(generation):
    """The index of `generation`, loaded once per process; None while it is not built. A blob that
    cannot be read is dropped, and `Unreadable` raised (upkeep.current_index then asks for a build)."""
    global _loaded
    if _loaded[0] == generation:
        return _loaded[1]
    blob = cache.get(_key(generation))
    if blob is None:
        return None
    try:
        index = _loads(blob, generation)
    except Exception:
        # Never a broken page for a broken index: SQL answers until it is built again.
        logger.exception("Could not load the facet index")
        cache.delete(_key(generation))
        raise Unreadable from None
    _loaded = (generation, index)
    return index


def latest():
    """The last index built, of whatever generation; None when there is none that can be read. The
    shared cache names it; after a restart of the cache the database still holds it (KeptIndex). Read
    once per process and build: a request that finds it loaded asks the cache one key."""
    global _latest
    known = {_latest[0]: _latest[1], _loaded[0]: _loaded[1]}
    generation = cache.get(LATEST_KEY)
    if generation == "":
        return None  # none was built: the database said so within the last minute
    if generation is not None and generation in known:
        return known[generation]
    blob = cache.get(_key(generation)) if generation is not None else None
    if blob is None:
        kept = KeptIndex.objects.filter(name="facets", format=FORMAT)
        generation = kept.values_list("generation", flat=True).first()
        cache.add(LATEST_KEY, generation or "", None if generation else 60)  # every process asks the cache now
        if generation is None or generation in known:
            return known.get(generation)
        # The blob with its own generation, in one read: a build may have replaced the row meanwhile.
        generation, blob = kept.values_list("generation", "blob").first()
        blob = bytes(blob)
    try:
        index = _loads(blob, generation)
    except Exception:
        logger.exception("Could not load the last facet index")
        return None
    _latest = (generation, index)
    return index


def keep(generation):
    """Build the index for `generation` and keep it: in the shared cache for every process, and in the
    database as the last one built. None when it is kept already."""
    if cache.get(_key(generation)) is not None:
        return None
    started = time.perf_counter()
    index = FacetIndex.build()
    blob = index.dumps()
    cache.set(_key(generation), blob, INDEX_SECONDS)
    kept = KeptIndex(name="facets", format=FORMAT, generation=generation, built_at=timezone.now(), blob=blob)
    KeptIndex.objects.bulk_create(  # one statement: insert, or replace the last one
        [kept],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["format", "generation", "built_at", "blob"],
    )
    cache.set(LATEST_KEY, generation, None)
    logger.info("facet index built", extra={"practices": index.size, "ms": (time.perf_counter() - started) * 1000})
    return index
