"""The one way a number is read from a request."""

import re

# ASCII digits only: str.isdigit() and int() also accept "²", "٣" or "1_000", which either crash
# int() or let odd spellings of one number through. Eighteen digits always fit a bigint column.
_WHOLE = re.compile(r"[0-9]{1,18}")


def whole_number(value, *, default=None, minimum=0, maximum=None):
    """A non-negative whole number written in ASCII digits, or `default` for anything else.

    Values below `minimum` give `default`; values above `maximum` are capped at it."""
    if not isinstance(value, str) or not _WHOLE.fullmatch(value):
        return default
    number = int(value)
    if number < minimum:
        return default
    return min(number, maximum) if maximum is not None else number
