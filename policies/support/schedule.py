"""AWS schedule expressions (EventBridge, Backup, Secrets Manager) parsed fully, year field included.

`cron(minutes hours day-of-month month day-of-week year)` and `rate(value unit)`. A schedule is judged by
when it fires: the largest gap between firing days over the coming years (from `today`), so a schedule
that never fires again (31 February, a past year), or fires rarer than required, is seen as such.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_MONTHS = {name: index for index, name in enumerate(calendar.month_abbr) if name}
_DAYS = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
# How far ahead firing days are computed: longer than any interval a policy asks for.
HORIZON_DAYS = 3 * 366
NEVER = float("inf")


class ScheduleError(ValueError):
    """Not a schedule expression AWS accepts."""


@dataclass(frozen=True)
class _Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: str
    months: frozenset[int]
    days_of_week: str
    years: frozenset[int]


def _numbers(field: str, low: int, high: int, names: dict[str, int] | None = None) -> frozenset[int]:
    """Values of one field with `,` `-` `*` `/`; names (JAN, MON) allowed where the field has them."""
    values: set[int] = set()
    for part in field.split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            if not step_text.isdigit() or int(step_text) == 0:
                raise ScheduleError(f"bad step in {field!r}")
            step = int(step_text)
        if part in ("*", "?"):
            start, end = low, high
        elif "-" in part:
            start, end = (_value(p, low, high, names) for p in part.split("-", 1))
        else:
            start = _value(part, low, high, names)
            end = high if step > 1 else start
        if start > end:
            raise ScheduleError(f"empty range in {field!r}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


def _value(text: str, low: int, high: int, names: dict[str, int] | None) -> int:
    if names and text.upper() in names:
        return names[text.upper()]
    if not text.isdigit() or not low <= int(text) <= high:
        raise ScheduleError(f"{text!r} is outside {low}-{high}")
    return int(text)


def _parse_cron(body: str) -> _Cron:
    fields = body.split()
    if len(fields) != 6:
        raise ScheduleError(
            f"cron needs 6 fields (minutes hours day-of-month month day-of-week year), not {len(fields)}"
        )
    minutes, hours, dom, month, dow, year = fields
    # AWS requires exactly one of the two day fields to be `?`.
    if (dom == "?") == (dow == "?"):
        raise ScheduleError("exactly one of day-of-month and day-of-week must be '?'")
    return _Cron(
        _numbers(minutes, 0, 59),
        _numbers(hours, 0, 23),
        dom,
        _numbers(month, 1, 12, _MONTHS),
        dow,
        _numbers(year, 1970, 2199),
    )


def _day_of_month_matches(field: str, day: datetime.date) -> bool:
    last = calendar.monthrange(day.year, day.month)[1]
    for part in field.split(","):
        if part == "?":
            return True
        if part == "L":
            if day.day == last:
                return True
        elif part.endswith("W") and part[:-1].isdigit():
            if day.weekday() < 5 and abs(day.day - min(int(part[:-1]), last)) <= 2:
                return True  # nearest weekday: close enough for an interval bound
        elif day.day in _numbers(part, 1, 31):
            return True
    return False


def _day_of_week_matches(field: str, day: datetime.date) -> bool:
    aws_day = (day.weekday() + 1) % 7 + 1  # AWS: SUN=1 ... SAT=7
    last = calendar.monthrange(day.year, day.month)[1]
    for part in field.split(","):
        if part == "?":
            return True
        if "#" in part:
            name, nth = part.split("#", 1)
            if not nth.isdigit() or not 1 <= int(nth) <= 5:
                raise ScheduleError(f"bad nth weekday in {field!r}")
            if aws_day == _value(name, 1, 7, _DAYS) and (day.day - 1) // 7 + 1 == int(nth):
                return True
        elif part.endswith("L") and part != "L":
            if aws_day == _value(part[:-1], 1, 7, _DAYS) and day.day + 7 > last:
                return True
        elif aws_day in _numbers(part, 1, 7, _DAYS):
            return True
    return False


def _fires_on(cron: _Cron, day: datetime.date) -> bool:
    return (
        day.year in cron.years
        and day.month in cron.months
        and _day_of_month_matches(cron.days_of_month, day)
        and _day_of_week_matches(cron.days_of_week, day)
    )


def largest_gap_days(expression: object, today: datetime.date) -> float:
    """The longest wait, in days, between firings over the horizon (from `today`); NEVER if it stops.

    Raises ScheduleError for anything AWS would not accept as a schedule.
    """
    if not isinstance(expression, str):
        raise ScheduleError("not a string")
    text = expression.strip()
    rate = _RATE.match(text)
    if rate:
        value, unit = int(rate.group(1)), rate.group(2)
        if value == 0 or (value == 1) != (not unit.endswith("s")):
            raise ScheduleError("rate needs a positive value and a singular unit exactly for 1")
        return value / {"minute": 1440, "hour": 24, "day": 1}[unit.rstrip("s")]
    if not (text.startswith("cron(") and text.endswith(")")):
        raise ScheduleError("neither cron(...) nor rate(...)")
    cron = _parse_cron(text[5:-1])
    _day_of_month_matches(cron.days_of_month, today)  # validate both day fields once
    _day_of_week_matches(cron.days_of_week, today)
    firing = [offset for offset in range(HORIZON_DAYS) if _fires_on(cron, today + datetime.timedelta(days=offset))]
    if not firing or not cron.minutes or not cron.hours:
        return NEVER
    # Waiting before the first firing counts, and so does the wait after the last one up to the horizon.
    gaps = [firing[0] + 1, *(b - a for a, b in zip(firing, firing[1:], strict=False)), HORIZON_DAYS - firing[-1]]
    return float(max(gaps))
