"""The expert's page: the single-use link of an e-mail from the desk shows the question and the desk's
note, and takes the advice once. HTTP only; the experts module does the work."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from . import experts
from .forms import AdviceForm
from .services import QuestionError


@require_http_methods(["GET", "HEAD", "POST"])
def advise(request, token):
    """GET shows the question (a link checker changes nothing); POST gives the advice, once."""
    found = experts.find(token)
    if found is None:
        return render(request, "questions/expert.html", {"gone": True}, status=404)
    form = AdviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            experts.advise(token=token, text=form.cleaned_data["text"])
        except QuestionError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "questions/expert.html", {"done": True, "request": found})
    return render(request, "questions/expert.html", {"request": found, "question": found.question, "form": form})
