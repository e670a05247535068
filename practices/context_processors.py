"""What every page shows of practices: for editors, how many wait for them (in the navigation)."""

from .models import Practice


def queue(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.has_perm("practices.moderate_practice"):
        return {"QUEUE_COUNT": Practice.objects.awaiting_review().count()}
    return {}
