"""The permissions, named once, and the one way a screen is kept for a role."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

# The editors of ABB: review practices, adoptions, reports and periods; see the queues.
MODERATE_PRACTICE = "practices.moderate_practice"
# Rework and publish guidance documents, and handle their suggestions.
EDIT_GUIDANCE = "guidance.edit_guidance"
# The question desk of ABB: read every question to ABB, assign, answer, write internal notes.
ANSWER_QUESTIONS = "questions.answer_question"
# Draft, approve (a second editor) and publish clarifications; confirm or correct one marked for review.
EDIT_CLARIFICATIONS = "questions.edit_clarification"
# Invite users and decide on access requests.
MANAGE_ACCESS = "accounts.manage_access"


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
