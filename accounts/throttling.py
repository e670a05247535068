"""Login throttling: which account a failed login counts against, and how long it stays locked."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def login_username(request, credentials=None):
    """The address someone tried to log in with, as django-axes counts failures for it.

    The login forms post it as "username" while the user model logs in by e-mail, so read both and
    ignore case: "Jan@Gent.be" and "jan@gent.be" are one account.
    """
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email") or request.POST.get("username", "")
    return value.strip().lower() or None


# Minutes an account stays locked after every further five failures within a day: short enough that
# nobody can keep a colleague out for long, growing so that guessing a password never pays.
LOCK_MINUTES = (1, 2, 4, 8, 15)


def cool_off(request=None):
    """How long an account stays locked, from the failures recorded for it in the last day."""
    # Read here, not at the top: the settings name this module, and axes' models load after them.
    from axes.models import AccessFailureLog

    username = login_username(request, getattr(request, "axes_credentials", None)) if request is not None else None
    if not username:
        return timedelta(minutes=LOCK_MINUTES[-1])
    since = timezone.now() - timedelta(days=1)
    failures = AccessFailureLog.objects.filter(username=username, attempt_time__gte=since).count()
    step = max(failures // settings.AXES_FAILURE_LIMIT - 1, 0)
    return timedelta(minutes=LOCK_MINUTES[min(step, len(LOCK_MINUTES) - 1)])
