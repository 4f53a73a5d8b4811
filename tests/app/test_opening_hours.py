"""Counting a promise window in the shop's opening hours, across weekends and summer time."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.opening_hours import (
    add_open_hours,
    is_open,
    next_local_time,
    parse_opening_hours,
)
from app.errors import ValidationError

LONDON = ZoneInfo("Europe/London")
HOURS = parse_opening_hours("Mon-Fri 09:00-17:00; Sat 10:00-14:00")


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON).astimezone(UTC)


def test_parse_and_write_back():
    assert HOURS.days[0] == ((540, 1020),)
    assert HOURS.days[5] == ((600, 840),)
    assert HOURS.days[6] == ()
    assert HOURS.open_minutes_per_week == 5 * 8 * 60 + 4 * 60
    assert HOURS.text() == "Mon-Fri 09:00-17:00; Sat 10:00-14:00"
    split = parse_opening_hours("Tue, Thu 9-13, 14:00-18:30\nSunday 11.00-15.00")
    assert split.days[1] == ((540, 780), (840, 1110))
    assert split.days[6] == ((660, 900),)
    assert parse_opening_hours("Sat-Mon 10:00-24:00").days[0] == ((600, 1440),)


@pytest.mark.parametrize("text", ["", "whenever", "Mon-Fri 17:00-09:00", "Funday 9-5",
                                  "Mon 09:00-12:00, 11:00-13:00", "Mon 25:00-26:00"])
def test_bad_hours_say_so(text):
    with pytest.raises(ValidationError) as error:
        parse_opening_hours(text)
    assert error.value.field == "opening_hours"


def test_within_one_day():
    start = london(2026, 11, 23, 10, 0)  # a Monday
    assert add_open_hours(start, 3, HOURS, LONDON) == london(2026, 11, 23, 13, 0)


def test_overnight_and_before_opening():
    assert add_open_hours(london(2026, 11, 23, 15, 0), 4, HOURS, LONDON) == london(2026, 11, 24, 11, 0)
    assert add_open_hours(london(2026, 11, 23, 6, 0), 1, HOURS, LONDON) == london(2026, 11, 23, 10, 0)


def test_friday_evening_dm_is_due_after_the_weekend():
    friday_evening = london(2026, 11, 27, 19, 30)
    # Saturday gives 4 open hours, Sunday none, Monday the remaining 4 of 8.
    assert add_open_hours(friday_evening, 8, HOURS, LONDON) == london(2026, 11, 30, 13, 0)
    # 24 open hours: Sat 4 + Mon 8 + Tue 8 + Wed 4.
    assert add_open_hours(friday_evening, 24, HOURS, LONDON) == london(2026, 12, 2, 13, 0)


def test_summer_time_neither_adds_nor_loses_an_open_hour():
    # Clocks go forward on Sunday 29 March 2026 (closed day) and back on Sunday 25 October.
    saturday = london(2026, 3, 28, 13, 0)
    assert add_open_hours(saturday, 2, HOURS, LONDON) == london(2026, 3, 30, 10, 0)
    assert london(2026, 3, 30, 10, 0).hour == 9  # 10:00 BST is 09:00 UTC
    autumn = london(2026, 10, 24, 13, 0)
    assert add_open_hours(autumn, 2, HOURS, LONDON) == london(2026, 10, 26, 10, 0)
    assert london(2026, 10, 26, 10, 0).hour == 10


def test_a_change_inside_opening_hours_counts_real_hours():
    always = parse_opening_hours("Mon-Sun 00:00-24:00")
    before = london(2026, 3, 29, 0, 30)
    after = add_open_hours(before, 2, always, LONDON)
    assert after - before == timedelta(hours=2)  # real elapsed time, though the wall clock says 3


def test_is_open_and_next_local_time():
    assert is_open(london(2026, 11, 23, 9, 0), HOURS, LONDON)
    assert not is_open(london(2026, 11, 23, 17, 0), HOURS, LONDON)
    assert not is_open(london(2026, 11, 29, 12, 0), HOURS, LONDON)
    # Tomorrow 9:00 across the autumn change is still 9:00 on the wall clock.
    saturday_night = london(2026, 10, 24, 23, 0)
    nine = next_local_time(saturday_night, 9, 0, LONDON)
    assert nine.astimezone(LONDON).hour == 9 and nine == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)


def test_never_open_is_refused():
    closed = parse_opening_hours("Mon 09:00-10:00")
    object.__setattr__(closed, "days", ((),) * 7)
    with pytest.raises(ValidationError):
        add_open_hours(london(2026, 11, 23, 9, 0), 1, closed, LONDON)


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        add_open_hours(datetime(2026, 11, 23, 9, 0), 1, HOURS, LONDON)
