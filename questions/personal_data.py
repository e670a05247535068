"""What a draft clarification may still say of the people who asked: their names, e-mail addresses,
phone numbers, their government's name. The editor is warned; a clarification names nobody."""

import re

from django.utils.translation import gettext as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Belgian numbers as people write them: 09 123 45 67, 0470/12.34.56, +32 9 123 45 67.
PHONE = re.compile(r"(?<![\w+])(?:\+32|0032|0)[\s./-]?\d(?:[\s./-]?\d){7,8}(?!\d)")


def _contains(text, name):
    return bool(name) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def warnings(text, questions):
    """One Dutch sentence for each kind of personal data found in `text`, given the questions it came from."""
    found = []
    people = {q.asked_by.full_name for q in questions if q.asked_by and q.asked_by.full_name}
    people |= {q.asked_by.email for q in questions if q.asked_by}
    named = sorted(p for p in people if _contains(text, p))
    if named:
        found.append(_("De tekst noemt wie de vraag stelde: %(names)s.") % {"names": ", ".join(named)})
    governments = sorted({q.local_government.name for q in questions if _contains(text, q.local_government.name)})
    if governments:
        found.append(
            _("De tekst noemt het bestuur dat de vraag stelde: %(names)s.") % {"names": ", ".join(governments)}
        )
    addresses = sorted(set(EMAIL.findall(text)) - people)
    if addresses:
        found.append(_("De tekst bevat een e-mailadres: %(addresses)s.") % {"addresses": ", ".join(addresses)})
    phones = sorted(set(PHONE.findall(text)))
    if phones:
        found.append(_("De tekst bevat een telefoonnummer: %(numbers)s.") % {"numbers": ", ".join(phones)})
    return found
