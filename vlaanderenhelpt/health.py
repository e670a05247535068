"""Liveness (/healthz: the process answers and reaches its database), readiness (/healthz/ready:
every part a request may need answers; a load balancer takes the server out until it does), and what
robots may read (/robots.txt)."""

import uuid

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    if settings.REDIS_URL:
        # Asked directly: the site's cache hides an unreachable Redis from the pages on purpose.
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
        return
    key, value = "healthz:ready", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("cache does not keep values")


@require_safe
@cache_control(no_store=True)
def healthz(request):
    try:
        _database()
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /aanmelden/", f"Sitemap: {settings.SITE_URL}/sitemap.xml"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
@cache_control(no_store=True)
def ready(request):
    parts = {
        "PostgreSQL" if connection.vendor == "postgresql" else "database": _database,
        "Redis" if settings.REDIS_URL else "cache": _cache,
    }
    missing = []
    for name, check in parts.items():
        try:
            check()
        except Exception:
            missing.append(name)
    if missing:
        body = "".join(f"{name} unavailable\n" for name in missing)
        return HttpResponse(body, status=503, content_type="text/plain")
    return HttpResponse("ready\n", content_type="text/plain")
