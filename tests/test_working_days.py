"""Working days skip weekends and Belgium's public holidays, movable ones included."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from vlaanderenhelpt.working_days import add_working_days, is_working_day, working_days_between


def _at(day, hour=10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 11, 2), date(2026, 11, 2), 0),  # the same day
        (date(2026, 11, 6), date(2026, 11, 9), 1),  # Friday to Monday
        (date(2026, 11, 10), date(2026, 11, 12), 1),  # over Armistice Day (Wednesday 11 November)
        (date(2026, 7, 17), date(2026, 7, 22), 2),  # over the weekend and the National Day (Tuesday 21 July)
        (date(2026, 4, 3), date(2026, 4, 7), 1),  # over Easter and Easter Monday (6 April 2026)
        (date(2027, 3, 26), date(2027, 3, 30), 1),  # Easter Monday moves: 29 March 2027
        (date(2026, 12, 24), date(2027, 1, 4), 5),  # Christmas and New Year (both Fridays), across the year's end
        (date(2026, 11, 14), date(2026, 11, 15), 0),  # a weekend alone
    ],
)
def test_working_days_between_two_moments(start, end, days):
    assert working_days_between(_at(start), _at(end, 16)) == days


def test_a_due_date_is_counted_in_working_days():
    assert add_working_days(date(2026, 11, 9), 5) == date(2026, 11, 17)  # Armistice Day does not count
    assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 29)  # nor Christmas and the weekend
    assert not is_working_day(date(2026, 5, 14)) and is_working_day(date(2026, 5, 15))  # Ascension, then not
