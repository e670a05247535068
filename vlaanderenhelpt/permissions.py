"""The one way a screen is kept for a role."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def permission_or_404(permission):
    """A view for logged-in holders of `permission`; anyone else logged in gets 404, so the screens do
    not announce themselves, and anonymous visitors are sent to the log-in page."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
