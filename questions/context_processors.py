"""What every page shows of questions: the way to one's own questions, and for the desk how many wait."""

from vlaanderenhelpt.permissions import ANSWER_QUESTIONS

from .models import Question
from .states import DESK_TURN


def questions(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context = {"ASKS_QUESTIONS": user.memberships.exists()}
    if user.has_perm(ANSWER_QUESTIONS):
        context["DESK_COUNT"] = Question.objects.of_status(DESK_TURN).count()
    return context
