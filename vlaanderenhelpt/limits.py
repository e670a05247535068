"""Who is asking, and how often: the client address behind the proxies, and the one rate limiter.

Counts live in the shared cache (Redis in production), so they hold across app processes and machines."""

import contextlib
import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_address(request):
    """The visitor's address. Behind TRUSTED_PROXY_COUNT proxies, each of which appends the address it
    was called from to X-Forwarded-For, the visitor is that many entries from the right; anything
    further left was written by the visitor and is never believed."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def mailbox(email):
    """One spelling per mailbox, for counting: the domain in lower case and in its ASCII (punycode)
    form, and the local part in lower case without a "+tag", so `An+1@Voorbeeld.BE`, `an@voorbeeld.be`
    and an internationalised domain and its punycode count as one address."""
    local, _at, domain = (email or "").strip().rpartition("@")
    if not local:
        return (email or "").strip().lower()
    local = local.lower().split("+", 1)[0]
    with contextlib.suppress(UnicodeError):  # a name the IDNA codec refuses is counted as written
        domain = domain.strip(".").encode("idna").decode("ascii")
    return f"{local}@{domain.lower()}"


def _key(scope, kind, value, window):
    digest = hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:32]
    return f"limit:{scope}:{digest}:{window}"


def allow(scope, *, per_hour, address="", email=""):
    """Count one use of `scope` for the address and, when given, the e-mail address; False once either
    has been used more than `per_hour` times in the current hour."""
    window = int(time.time() // 3600)
    allowed = True
    for kind, value in (("address", address), ("email", mailbox(email))):
        if not value:
            continue
        key = _key(scope, kind, value, window)
        cache.add(key, 0, 3600 + 60)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, 3600 + 60)
            used = 1
        allowed = allowed and used <= per_hour
    return allowed


def allow_request(request, scope, *, per_hour, email=""):
    return allow(scope, per_hour=per_hour, address=client_address(request), email=email)


def too_many(request):
    """A person who is limited is told so, with HTTP 429 and when to try again."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(3600 - int(time.time()) % 3600)
    return response
