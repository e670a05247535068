"""The one road of a form anyone may send: a bot that filled the hidden field is thanked and ignored, a
sender over the limit is told so (429), the service does the work, and its refusal shows at the top of
the form."""

from dataclasses import dataclass

from django.http import HttpResponse

from . import limits
from .errors import DomainError


@dataclass
class Posted:
    done: bool = False  # the post is handled: thank the sender (also a bot's, which did nothing)
    result: object = None  # what the service returned (None for a bot)
    limited: HttpResponse | None = None  # the answer to return at once: over the limit


def post_public_form(request, form, *, scope, per_hour, act):
    """Run `act(cleaned_data)` for a valid post of `form`, within `per_hour` per visitor and address."""
    if request.method != "POST" or not form.is_valid():
        return Posted()
    data = form.cleaned_data
    if data.get("website"):
        return Posted(done=True)
    if not limits.allow_request(request, scope, per_hour=per_hour, email=data.get("email", "")):
        return Posted(limited=limits.too_many(request))
    try:
        return Posted(done=True, result=act(data))
    except DomainError as error:
        form.add_error(None, error.message)
        return Posted()
