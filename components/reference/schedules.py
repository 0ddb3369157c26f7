"""The longest gap between two runs of an AWS Backup schedule expression.

AWS Backup schedules are six-field cron expressions, `cron(minutes hours day-of-month month day-of-week
year)`, with `?` in one of the two day fields. The worst-case gap between runs is what a schedule
contributes to the recovery point objective, so both the backup component (a plan must run at least
daily) and the DR posture read it from here.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MINUTES_PER_DAY = 24 * 60
_CRON = re.compile(r"^cron\((?P<body>[^()]+)\)\Z")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_WEEKDAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")  # AWS numbers them 1 (SUN) to 7 (SAT)
# Two years from a Monday cover every weekly, monthly and yearly pattern, leap day included.
_SIMULATION_START = date(2024, 1, 1)
_SIMULATION_DAYS = 731


class ScheduleError(ValueError):
    """A schedule expression this module cannot evaluate; the message says what and why."""


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
    runs = []
    for offset in range(_SIMULATION_DAYS):
        day = _SIMULATION_START + timedelta(days=offset)
        aws_weekday = (day.weekday() + 1) % 7 + 1  # Python: Monday=0; AWS: Sunday=1
        if day.month in months and day.day in days_of_month and aws_weekday in weekdays:
            runs.extend(offset * MINUTES_PER_DAY + time for time in times_of_day)
    if len(runs) < 2:
        raise ScheduleError(f"{expression!r}: runs less than twice in two years")
    return max(later - earlier for earlier, later in zip(runs, runs[1:], strict=False))


def _fields(expression: str) -> list[str]:
    match = _CRON.match(expression.strip())
    if match is None:
        raise ScheduleError(f"{expression!r}: must be an AWS cron expression such as 'cron(0 5 ? * * *)'")
    fields = match.group("body").split()
    if len(fields) != 6:
        raise ScheduleError(
            f"{expression!r}: must have 6 fields (minutes hours day-of-month month day-of-week year), got {len(fields)}"
        )
    if (fields[2] == "?") == (fields[4] == "?"):
        raise ScheduleError(f"{expression!r}: exactly one of day-of-month and day-of-week must be '?'")
    if fields[5] != "*":
        raise ScheduleError(f"{expression!r}: the year field must be '*' (a recurring schedule)")
    return fields


def _values(field: str, low: int, high: int, names: tuple[str, ...], label: str, expression: str) -> frozenset[int]:
    if field in ("*", "?"):
        return frozenset(range(low, high + 1))
    values: set[int] = set()
    for part in field.split(","):
        values.update(_part(part, low, high, names, label, expression))
    return frozenset(values)


def _part(part: str, low: int, high: int, names: tuple[str, ...], label: str, expression: str) -> range:
    base, _, step_text = part.partition("/")
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
        raise ScheduleError(f"{expression!r}: {label} range {base!r} runs backwards")
    return range(first, last + 1, step)


def _number(text: str, low: int, high: int, names: tuple[str, ...], label: str, expression: str) -> int:
    upper = text.upper()
    if upper in names:
        return low + names.index(upper)
    if not text.isdigit() or not low <= int(text) <= high:
        raise ScheduleError(
            f"{expression!r}: {label} value {text!r} must be a number from {low} to {high}"
            + (f" or one of {list(names)}" if names else "")
            + " (L, W and # are not supported)"
        )
    return int(text)
