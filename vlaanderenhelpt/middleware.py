"""Input is cleaned once, where it enters: every query parameter, form field and cookie."""

from django.http import Http404, QueryDict

from .text import clean_multiline, clean_text, has_control_characters


def _cleaned(query_dict):
    if not any(has_control_characters(k) or any(has_control_characters(v) for v in vs) for k, vs in query_dict.lists()):
        return query_dict
    cleaned = QueryDict(mutable=True, encoding=query_dict.encoding)
    for key, values in query_dict.lists():
        cleaned.setlist(clean_text(key), [clean_multiline(v) for v in values])
    cleaned._mutable = False
    return cleaned


class CleanInputMiddleware:
    """Control characters are removed and line endings made LF in GET and POST data and cookies, so
    neither the database (PostgreSQL refuses NUL) nor a comparison of two texts ever sees them. A path
    with a control character names nothing here: 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.path):
            raise Http404
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = _cleaned(request.POST)
        request.COOKIES = {clean_text(k): clean_text(v) for k, v in request.COOKIES.items()}
        return self.get_response(request)
