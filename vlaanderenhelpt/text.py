"""Text as it is stored: one kind of line ending, no control characters, no meaningless trailing spaces.

A browser posts CRLF, the site itself writes LF; left alone, a comparison reports changes nobody made.
PostgreSQL refuses NUL in text, and no other control character belongs in what people type."""

import re

# C0 and C1 control characters except tab and line feed (a CR is turned into a line feed first).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)


def clean_text(value: str) -> str:
    """Line endings as LF, control characters removed. Safe for every field, passwords included."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_multiline(value: str) -> str:
    """clean_text, and spaces at the end of a line dropped — except Markdown's line break (two or more
    spaces before a following line), which is kept as exactly two spaces."""
    value = clean_text(value)
    if "\n" not in value:
        return value
    lines = value.split("\n")
    last = len(lines) - 1
    return "\n".join(
        line.rstrip(" \t") + ("  " if line.endswith("  ") and i < last and lines[i + 1].strip() else "")
        for i, line in enumerate(lines)
    )


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL.search(value)) or "\r" in value


def one_line(value: str) -> str:
    """A header value (a subject, a name) as one line: every run of white space, line feeds included,
    becomes one space, and control characters go. Text people stored may hold line feeds; a header
    with one is refused by the mail library, or worse, starts a header of its own."""
    return " ".join(clean_text(str(value)).split())
