"""Counting a promise window in the shop's opening hours, across weekends and summer time."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.domain.opening_hours import (
    add_open_hours,
    check_promise_window,
    is_open,
    longest_wait,
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


@pytest.mark.parametrize(
    "text",
    [
        "",
        "whenever",
        "Mon-Fri 17:00-09:00",
        "Funday 9-5",
        "Mon 09:00-12:00, 11:00-13:00",
        "Mon 25:00-26:00",
    ],
)
def test_bad_hours_say_so(text):
    with pytest.raises(ValidationError) as error:
        parse_opening_hours(text)
    assert error.value.field == "opening_hours"


def test_within_one_day():
    start = london(2026, 11, 23, 10, 0)  # a Monday
    assert add_open_hours(start, 3, HOURS, LONDON) == london(2026, 11, 23, 13, 0)


def test_overnight_and_before_opening():
    assert add_open_hours(london(2026, 11, 23, 15, 0), 4, HOURS, LONDON) == london(
        2026, 11, 24, 11, 0
    )
    assert add_open_hours(london(2026, 11, 23, 6, 0), 1, HOURS, LONDON) == london(
        2026, 11, 23, 10, 0
    )


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


# ----- skipped wall times, the README's example, hours that put a promise too far away ----------

SANTIAGO = ZoneInfo("America/Santiago")  # clocks jump from Sat 24:00 to Sun 01:00 (6 Sep 2026)
BERLIN = ZoneInfo("Europe/Berlin")  # clocks jump from 02:00 to 03:00 on Sunday 29 March 2026
JUMP_SANTIAGO = datetime(2026, 9, 6, 4, 0, tzinfo=UTC)
JUMP_BERLIN = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


@pytest.fixture(params=["zoneinfo", "this computer's zone"])
def zone_of(request, monkeypatch):
    """The shop's zone given as a ZoneInfo, or as this computer's own (TZ), the default."""
    import time

    def use(zone: ZoneInfo):
        if request.param == "zoneinfo":
            return zone
        monkeypatch.setenv("TZ", zone.key)
        time.tzset()
        return None

    yield use
    monkeypatch.undo()
    time.tzset()


def test_a_day_that_ends_at_a_skipped_midnight_ends_when_the_clocks_jump(zone_of):
    zone = zone_of(SANTIAGO)
    saturday = parse_opening_hours("Sat 00:00-24:00")
    noon = datetime(2026, 9, 5, 12, 0, tzinfo=SANTIAGO).astimezone(UTC)
    assert add_open_hours(noon, 12, saturday, zone) == JUMP_SANTIAGO  # not a week later
    assert add_open_hours(noon, 11, saturday, zone) == JUMP_SANTIAGO - timedelta(hours=1)
    assert is_open(JUMP_SANTIAGO - timedelta(minutes=30), saturday, zone)


def test_a_day_that_starts_at_a_skipped_midnight_has_only_its_real_hours(zone_of):
    zone = zone_of(SANTIAGO)
    sunday = parse_opening_hours("Sun 00:00-24:00")
    friday = datetime(2026, 9, 4, 12, 0, tzinfo=SANTIAGO).astimezone(UTC)
    # That Sunday is 23 hours long: the 23rd hour ends at Monday's midnight, the 24th a week on.
    assert add_open_hours(friday, 23, sunday, zone) == datetime(2026, 9, 7, 3, 0, tzinfo=UTC)
    assert add_open_hours(friday, 1, sunday, zone) == JUMP_SANTIAGO + timedelta(hours=1)
    assert not is_open(JUMP_SANTIAGO - timedelta(minutes=30), sunday, zone)


def test_opening_at_a_skipped_time_opens_when_the_clocks_jump(zone_of):
    zone = zone_of(BERLIN)
    hours = parse_opening_hours("Mon-Sun 02:30-10:00")
    saturday_close = datetime(2026, 3, 28, 10, 0, tzinfo=BERLIN).astimezone(UTC)
    # Sunday is open from the jump (03:00 CEST) to 10:00 CEST: 7 real hours, not 7.5 or 6.5.
    assert add_open_hours(saturday_close, 7, hours, zone) == datetime(
        2026, 3, 29, 10, 0, tzinfo=BERLIN
    ).astimezone(UTC)
    assert add_open_hours(saturday_close, 0.5, hours, zone) == JUMP_BERLIN + timedelta(minutes=30)
    assert not is_open(JUMP_BERLIN - timedelta(minutes=1), hours, zone)
    assert is_open(JUMP_BERLIN, hours, zone)


def _example(text: str) -> re.Match:
    found = re.search(
        r"`([^`]+)`: 24 opening hours from a Friday-evening DM.*?due on (\w+) at "
        r"(\d\d:\d\d)",
        " ".join(text.split()),
    )
    assert found, "the example is gone"
    return found


@pytest.mark.parametrize("where", ["README.md", "app/domain/opening_hours.py"])
def test_the_friday_evening_example_says_what_kindly_does(where):
    from app.domain import opening_hours

    text = (
        (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
        if where == "README.md"
        else opening_hours.__doc__.replace('"', "`")
    )
    if where != "README.md":
        found = re.search(
            r"`([^`]+)`, in the shop's local time \(with those, a Friday-evening DM "
            r"is due on (\w+) at (\d\d:\d\d)",
            " ".join(text.split()),
        )
    else:
        found = _example(text)
    assert found
    hours = parse_opening_hours(found.group(1))
    friday_evening = london(2026, 11, 27, 19, 30)
    due = add_open_hours(friday_evening, 24, hours, LONDON).astimezone(LONDON)
    assert (due.strftime("%A"), due.strftime("%H:%M")) == (found.group(2), found.group(3))


@pytest.mark.parametrize(
    "text, worst",
    [
        ("Mon 09:00-09:01", "not within a year"),
        ("Sun 10:00-11:00", "24 weeks later"),
        ("Mon 09:00-13:00", "6 weeks later"),
    ],
)
def test_hours_that_put_a_promise_more_than_a_week_away_are_refused(text, worst):
    with pytest.raises(ValidationError) as error:
        check_promise_window(parse_opening_hours(text), 24)
    assert worst in str(error.value) and "more than a week after" in str(error.value)
    assert error.value.field == "opening_hours"


def test_ordinary_hours_pass_and_the_worst_start_is_a_closing_time():
    hours = parse_opening_hours("Mon-Fri 09:00-17:30; Sat 10:00-16:00")
    check_promise_window(hours, 24)
    wait, _day, minute = longest_wait(hours, 24)
    assert wait <= timedelta(days=7) and minute in (17 * 60 + 30, 16 * 60)
    check_promise_window(parse_opening_hours("Sun 10:00-11:00"), 1)  # an hour a week, 1 h: fine
