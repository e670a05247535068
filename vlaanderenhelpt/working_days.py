"""Working days: Monday to Friday, without Belgium's public holidays (from the `holidays` package), as
local governments and the agency count a reply time."""

from datetime import timedelta
from functools import cache

import holidays
from django.utils import timezone


@cache
def _holidays(year):
    """The public holidays of one year that fall on a weekday."""
    return frozenset(day for day in holidays.country_holidays("BE", years=year) if day.weekday() < 5)


def is_working_day(day):
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_between(start, end):
    """Working days after `start`'s date up to and including `end`'s date (0 on the same day); both are
    moments, read in the site's time zone."""
    start, end = timezone.localdate(start), timezone.localdate(end)
    whole_weeks, rest = divmod((end - start).days, 7)
    days = whole_weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            days += 1
    for year in range(start.year, end.year + 1):
        days -= sum(1 for day in _holidays(year) if start < day <= end)
    return max(days, 0)


def add_working_days(day, count):
    """The date `count` working days after `day` (a date)."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
