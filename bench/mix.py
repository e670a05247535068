"""The benchmark's cold mix: distinct URLs, drawn with a fixed seed the way visitors vary them.

Search words come from the seeded text with its Zipf-like frequency (most searches are for common
words, the long tail for rare ones); facets, sort and page are drawn at random, page 1 most often.
"""

import random

from bench.seed import _vocabulary, word

FACETS = ("thema", "fase", "doelgroep", "soort", "provincie")


def reference_data():
    """What the URLs are drawn from, read from the seeded database."""
    from accounts.models import LocalGovernment
    from practices.models import Phase, Practice, PracticeKind, TargetGroup, Theme

    published = Practice.objects.published()
    slugs = list(published.order_by("pk").values_list("slug", flat=True))
    with_practices = LocalGovernment.objects.filter(pk__in=published.values("local_government"))
    return {
        "thema": list(Theme.objects.values_list("slug", flat=True)),
        "fase": list(Phase.objects.values_list("slug", flat=True)),
        "doelgroep": list(TargetGroup.objects.values_list("slug", flat=True)),
        "soort": [kind.value for kind in PracticeKind],
        "provincie": list(LocalGovernment.objects.provinces().values_list("slug", flat=True)),
        "slugs": random.Random(2026).sample(slugs, min(len(slugs), 20_000)),
        "governments": [g.url_key for g in with_practices.order_by("pk")],
        "published": len(slugs),
    }


def _facets(rng, data, most):
    pairs = []
    for param in rng.sample(FACETS, rng.randint(0, most)):
        pairs += [(param, value) for value in rng.sample(data[param], min(len(data[param]), rng.choice([1, 1, 2])))]
    return pairs


def _page(rng, deep=False):
    if deep and rng.random() < 0.1:
        return rng.randint(100, 250)  # far into the results: must cost what page 1 costs
    return 1 if rng.random() < 0.6 else rng.randint(2, 20)


def _url(path, pairs):
    from urllib.parse import urlencode

    return path + ("?" + urlencode(pairs) if pairs else "")


def urls(kind, data, n, seed=2026, common_word="horeca"):
    """n distinct paths of one kind of page."""
    rng = random.Random(f"{seed}-{kind}")
    vocabulary = _vocabulary()
    found, seen, attempts = [], set(), 0
    while len(found) < n and attempts < 50 * n:
        attempts += 1
        path, page = "/praktijken/", _page(rng, deep=True)
        if kind == "list":
            sort = rng.choice(["", "", "recent", "titel"])
            pairs = _facets(rng, data, 3) + ([("sorteer", sort)] if sort else [])
        elif kind in ("search", "search, common word"):
            words = [word(rng, vocabulary) for _ in range(rng.choice([1, 1, 2]))] if kind == "search" else [common_word]
            pairs = [("q", " ".join(words)), *_facets(rng, data, 2)]
            pairs += [("sorteer", "recent")] if rng.random() < 0.2 else []
        elif kind == "detail":
            path, pairs, page = f"/praktijken/{data['slugs'][attempts % len(data['slugs'])]}/", [], 1
        elif kind == "map":
            path, page = "/kaart/", 1
            pairs = _facets(rng, data, 3) + ([("tabel", "aantal")] if rng.random() < 0.2 else [])
        elif kind == "bestuur":
            path, pairs, page = f"/besturen/{rng.choice(data['governments'])}/", [], _page(rng)
        else:
            raise ValueError(kind)
        url = _url(path, pairs + ([("pagina", page)] if page > 1 else []))
        if url not in seen:
            seen.add(url)
            found.append(url)
    return found


def mix(data, n, seed=2026):
    """A visitor mix: half list and facet pages, a third searches, the rest practices."""
    rng = random.Random(f"{seed}-mix")
    parts = {"list": 0.5, "search": 0.35, "detail": 0.15}
    pools = {kind: urls(kind, data, int(n * share) + 1, seed + 1) for kind, share in parts.items()}
    mixed = [url for pool in pools.values() for url in pool]
    rng.shuffle(mixed)
    return mixed[:n]
