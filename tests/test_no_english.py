"""No English from a framework default anywhere a user looks: every page of the persona ladder, and every
form on it in its empty and its error state, is read for Django's own English wordings."""

import re
from html import unescape

import pytest
from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

from accounts.models import Membership
from tests.conftest import gov
from tests.test_permissions import PERSONAS, html_pages, objects  # noqa: F401 - objects is the ladder's fixture


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def english_defaults():
    """Django's default wordings of form and model fields, widgets and validators, in English: the part
    before the first placeholder, when it is long enough to mean something."""
    texts = {"Select an option", "This field is required"}
    with translation.override("en"):
        for base in (forms.Field, models.Field):
            for cls in {base, *_all_subclasses(base)}:
                for message in getattr(cls, "default_error_messages", {}).values():
                    texts.add(str(message))
        for _name, value in vars(validators).items():
            if isinstance(getattr(value, "message", None), Promise | str):
                texts.add(str(value.message))
        for widget in (forms.ClearableFileInput,):
            texts.update(str(getattr(widget, name)) for name in ("clear_checkbox_label", "initial_text", "input_text"))
        texts.add(str(ValidationError("x").messages[0]))
    fragments = set()
    for text in texts:
        fragment = re.split(r"%\(|%s|%d|\{", text)[0].strip(" “\"'")
        if len(fragment) >= 8:
            fragments.add(fragment)
    return sorted(fragments)


ENGLISH = english_defaults()
FORM = re.compile(r'<form\b[^>]*\bmethod="post"[^>]*>', re.IGNORECASE)


def _english_in(html):
    text = unescape(re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S))
    return [fragment for fragment in ENGLISH if fragment in text]


def _posts_to_itself(html, url):
    for tag in FORM.findall(html):
        action = re.search(r'\baction="([^"]*)"', tag)
        if action is None or unescape(action.group(1)) in ("", url, url.split("?")[0]):
            return True
    return False


def test_the_list_of_english_defaults_is_what_it_should_be():
    assert "Select an option" in ENGLISH and "Enter a valid email address." in ENGLISH
    assert "Ensure this value is less than or equal to" in ENGLISH


@pytest.fixture
def official_of_two(official_a):
    """An official of Gent and Tienen: forms that choose a government show their list."""
    Membership.objects.create(user=official_a, local_government=gov("Tienen"))
    return official_a


@pytest.mark.parametrize("persona", [*PERSONAS, "official_of_two"])
def test_no_page_or_form_state_shows_a_framework_default_in_english(client, request, objects, persona):  # noqa: F811
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    found = []
    for url, page in html_pages(client, objects, persona if persona in PERSONAS else "official_a"):
        html = page.content.decode()
        found += [f"GET {url}: {fragment}" for fragment in _english_in(html)]
        if _posts_to_itself(html, url):
            error_state = client.post(url, {})  # every field empty: the form's error state
            if error_state.status_code == 200 and error_state["Content-Type"].startswith("text/html"):
                found += [f"POST {url}: {fragment}" for fragment in _english_in(error_state.content.decode())]
    assert not found, "\n".join(found)
