"""What every page shows of practices: for editors, how many wait for them (in the navigation)."""

from vlaanderenhelpt.permissions import MODERATE_PRACTICE

from .models import Practice


def queue(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.has_perm(MODERATE_PRACTICE):
        return {"QUEUE_COUNT": Practice.objects.awaiting_review().count()}
    return {}
