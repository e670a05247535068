"""With Redis away the public pages still serve (uncached), forms still work, and the cache comes back
by itself — with a real Redis client against a port where nothing listens, and then the real Redis."""

import pytest
from django.core.cache import caches

from practices.models import ProblemReport
from tests.conftest import closed_port


def use_redis(settings, url):
    settings.CACHES = {
        "default": {
            "BACKEND": "vlaanderenhelpt.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    caches["default"].__class__._down_until = 0.0
    return caches["default"]


def test_pages_and_forms_serve_without_redis(client, settings, make_practice):
    practice = make_practice(title="Buurtbellers")
    use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")
    for url in ("/", "/praktijken/", "/praktijken/?q=buurtbellers&thema=economie", practice.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Buurtbellers" in client.get("/praktijken/").content.decode()
    report = {"kind": "onjuist", "text": "Klopt niet.", "email": "", "website": ""}
    assert client.post(f"{practice.get_absolute_url()}melden/", report).status_code == 302
    assert ProblemReport.objects.count() == 1


@pytest.fixture
def real_redis(settings, db):
    """The shared cache on the local Redis (database 15)."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15").ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    return use_redis(settings, "redis://127.0.0.1:6379/15")


def test_the_cache_is_used_again_when_redis_answers(real_redis):
    cache = real_redis
    cache.set("proef", "waarde", 30)
    assert cache.get("proef") == "waarde"
    cache.delete("proef")


def test_a_search_s_matches_of_100_000_practices_pass_through_redis(real_redis):
    """A bitset of the whole catalogue is too long an integer for Redis's digits: it travels as bytes."""
    from catalogue.bitsets import to_bytes

    shared = real_redis
    everything = (1 << 100_000) - 1
    with pytest.raises(ValueError, match="4300 digits"):
        shared.set("matches", everything)
    shared.set("matches", to_bytes(everything))
    assert int.from_bytes(shared.get("matches"), "little") == everything
    shared.delete("matches")
