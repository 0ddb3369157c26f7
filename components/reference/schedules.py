"""The longest gap between two runs of an AWS Backup schedule expression.

AWS Backup schedules are six-field cron expressions, `cron(minutes hours day-of-month month day-of-week
year)`, with `?` in one of the two day fields. The worst-case gap between runs is what a schedule
contributes to the recovery point objective, so both the backup component (a plan must run at least
daily) and the DR posture read it from here.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

MINUTES_PER_DAY = 24 * 60
_CRON = re.compile(r"^cron\((?P<body>[^()]+)\)\Z")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_WEEKDAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")  # AWS numbers them 1 (SUN) to 7 (SAT)
# Eight years from 2024-01-01 hold two leap days, so even a schedule that only runs on 29 February
# shows its real gap; runs are compared day by day, so an every-minute schedule costs no more.
_SIMULATION_START = date(2024, 1, 1)
_SIMULATION_DAYS = 2922
_MAX_DIGITS = 4


def _calendar() -> tuple[tuple[int, int, int, int], ...]:
    """(offset, month, day of month, AWS weekday) of every simulated day."""
    days = (_SIMULATION_START + timedelta(days=offset) for offset in range(_SIMULATION_DAYS))
    # Python numbers Monday 0; AWS numbers Sunday 1 to Saturday 7.
    return tuple((offset, day.month, day.day, (day.weekday() + 1) % 7 + 1) for offset, day in enumerate(days))


_CALENDAR = _calendar()


class ScheduleError(ValueError):
    """A schedule expression this module cannot evaluate; the message says what and why."""


@lru_cache(maxsize=256)
def max_interval_minutes(expression: str) -> int:
    """The longest time between two consecutive runs of `expression`, in minutes.

    Raises ScheduleError for anything that is not a six-field AWS cron expression with `?` in
    exactly one day field, or that runs less than twice in two years.
    """
    fields = _fields(expression)
    minutes = _values(fields[0], 0, 59, (), "minutes", expression)
    hours = _values(fields[1], 0, 23, (), "hours", expression)
    days_of_month = _values(fields[2], 1, 31, (), "day-of-month", expression)
    months = _values(fields[3], 1, 12, _MONTHS, "month", expression)
    weekdays = _values(fields[4], 1, 7, _WEEKDAYS, "day-of-week", expression)
    times_of_day = sorted(hour * 60 + minute for hour in hours for minute in minutes)
    run_days = [
        offset
        for offset, month, day_of_month, weekday in _CALENDAR
        if month in months and day_of_month in days_of_month and weekday in weekdays
    ]
    if len(run_days) * len(times_of_day) < 2:
        raise ScheduleError(f"{_shown(expression)}: runs less than twice in eight years")
    # Consecutive runs are either on one day, or the last run of a day and the first of the next run day.
    within_a_day = [later - earlier for earlier, later in zip(times_of_day, times_of_day[1:], strict=False)]
    across_days = [
        (later - earlier) * MINUTES_PER_DAY + times_of_day[0] - times_of_day[-1]
        for earlier, later in zip(run_days, run_days[1:], strict=False)
    ]
    return max(within_a_day + across_days)


def _shown(expression: str) -> str:
    return repr(expression[:120])


def _fields(expression: str) -> list[str]:
    match = _CRON.match(expression)
    if match is None:
        raise ScheduleError(f"{_shown(expression)}: must be an AWS cron expression such as 'cron(0 5 ? * * *)'")
    fields = match.group("body").split()
    if len(fields) != 6:
        raise ScheduleError(
            f"{_shown(expression)}: must have 6 fields "
            f"(minutes hours day-of-month month day-of-week year), got {len(fields)}"
        )
    if (fields[2] == "?") == (fields[4] == "?"):
        raise ScheduleError(f"{_shown(expression)}: exactly one of day-of-month and day-of-week must be '?'")
    if fields[5] != "*":
        raise ScheduleError(f"{_shown(expression)}: the year field must be '*' (a recurring schedule)")
    return fields


def _values(field: str, low: int, high: int, names: tuple[str, ...], label: str, expression: str) -> frozenset[int]:
    if field in ("*", "?"):
        return frozenset(range(low, high + 1))
    values: set[int] = set()
    for part in field.split(","):
        values.update(_part(part, low, high, names, label, expression))
    return frozenset(values)


def _part(part: str, low: int, high: int, names: tuple[str, ...], label: str, expression: str) -> range:
    base, slash, step_text = part.partition("/")
    if slash and not step_text:
        raise ScheduleError(f"{_shown(expression)}: {label} step in {part!r} is missing")
    step = _number(step_text, 1, high, (), label, expression) if step_text else 1
    if base == "*":
        first, last = low, high
    elif "-" in base:
        first_text, _, last_text = base.partition("-")
        first = _number(first_text, low, high, names, label, expression)
        last = _number(last_text, low, high, names, label, expression)
    else:
        first = _number(base, low, high, names, label, expression)
        last = high if step_text else first
    if first > last:
        raise ScheduleError(f"{_shown(expression)}: {label} range {base!r} runs backwards")
    return range(first, last + 1, step)


def _number(text: str, low: int, high: int, names: tuple[str, ...], label: str, expression: str) -> int:
    upper = text.upper()
    if upper in names:
        return low + names.index(upper)
    ascii_number = text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS  # not "٣", "²", huge
    if not ascii_number or not low <= int(text) <= high:
        raise ScheduleError(
            f"{_shown(expression)}: {label} value {text!r} must be a number from {low} to {high}"
            + (f" or one of {list(names)}" if names else "")
            + " (L, W and # are not supported)"
        )
    return int(text)
