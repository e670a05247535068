"""Every required field says what to do in its own words, never the generic "Dit veld is verplicht."."""

import importlib
import inspect

from django import forms
from django.forms import Field

from vlaanderenhelpt.forms import SaysWhatIsMissing

GENERIC = str(Field.default_error_messages["required"])


def _form_classes():
    for module_name in ("accounts.forms", "practices.forms", "guidance.forms"):
        module = importlib.import_module(module_name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                yield cls


def test_no_required_field_falls_back_to_the_generic_message():
    generic = []
    for cls in _form_classes():
        messages = getattr(cls, "required_messages", {})
        for name, field in cls.base_fields.items():
            if field.required and str(field.error_messages["required"]) == GENERIC and name not in messages:
                generic.append(f"{cls.__name__}.{name}")
    assert not generic, generic


def test_the_message_reaches_the_page(client, db):
    empty = {"full_name": "", "email": "", "function": "", "local_government": "", "motivation": "", "website": ""}
    html = client.post("/toegang-aanvragen/", empty).content.decode()
    assert "Kies uw lokaal bestuur." in html and "Vul uw naam in." in html
    assert "Dit veld is verplicht." not in html
    assert issubclass(importlib.import_module("accounts.forms").AccessRequestForm, SaysWhatIsMissing)
