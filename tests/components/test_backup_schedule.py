"""The worst-case gap between runs of an AWS Backup cron expression (feeds validation and the posture)."""

import pytest

from components.reference.schedules import ScheduleError, max_interval_minutes


@pytest.mark.parametrize(
    ("expression", "minutes"),
    [
        ("cron(0 5 ? * * *)", 24 * 60),  # daily
        ("cron(0 */12 ? * * *)", 12 * 60),  # every 12 hours
        ("cron(30 1,5 ? * * *)", 20 * 60),  # 01:30 and 05:30: the long gap wins
        ("cron(0 5 ? * SAT *)", 7 * 24 * 60),  # weekly, by day name
        ("cron(0 5 ? * 2-6 *)", 3 * 24 * 60),  # weekdays only: Friday to Monday
        ("cron(0 5 ? * MON-FRI *)", 3 * 24 * 60),
        ("cron(0 5 1 * ? *)", 31 * 24 * 60),  # monthly: the longest month
        ("cron(0 0 1 JAN ? *)", 366 * 24 * 60),  # yearly, across the leap year
        ("cron(15 * ? * * *)", 60),  # hourly
        ("cron(* * ? * * *)", 1),  # every minute: computed day by day, not run by run
        ("cron(0 0,12 29 FEB ? *)", (4 * 365 + 1) * 24 * 60 - 12 * 60),  # leap days only: four years apart
    ],
)
def test_max_interval(expression, minutes):
    assert max_interval_minutes(expression) == minutes


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("rate(12 hours)", "'rate(12 hours)': must be an AWS cron expression such as 'cron(0 5 ? * * *)'"),
        (
            "cron(0 5 * * *)",
            "'cron(0 5 * * *)': must have 6 fields (minutes hours day-of-month month day-of-week year), got 5",
        ),
        ("cron(0 5 * * * *)", "'cron(0 5 * * * *)': exactly one of day-of-month and day-of-week must be '?'"),
        ("cron(0 5 ? * * 2030)", "'cron(0 5 ? * * 2030)': the year field must be '*' (a recurring schedule)"),
        (
            "cron(0 25 ? * * *)",
            "'cron(0 25 ? * * *)': hours value '25' must be a number from 0 to 23 (L, W and # are not supported)",
        ),
        (
            "cron(0 5 L * ? *)",
            "'cron(0 5 L * ? *)': day-of-month value 'L' must be a number from 1 to 31 (L, W and # are not supported)",
        ),
        ("cron(0 5 ? * FRI-MON *)", "'cron(0 5 ? * FRI-MON *)': day-of-week range 'FRI-MON' runs backwards"),
        ("cron(0 5 31 FEB ? *)", "'cron(0 5 31 FEB ? *)': runs less than twice in eight years"),
        ("cron(0 5/ ? * * *)", "'cron(0 5/ ? * * *)': hours step in '5/' is missing"),
        (
            "cron(0 \u0663 ? * * *)",  # an Arabic-Indic three: a digit to str.isdigit, not to AWS
            "'cron(0 \u0663 ? * * *)': hours value '\u0663' must be a number from 0 to 23 "
            "(L, W and # are not supported)",
        ),
        (" cron(0 5 ? * * *)", "' cron(0 5 ? * * *)': must be an AWS cron expression such as 'cron(0 5 ? * * *)'"),
        ("cron(0 5 ? * * *)\n", "'cron(0 5 ? * * *)\\n': must be an AWS cron expression such as 'cron(0 5 ? * * *)'"),
    ],
)
def test_rejects_what_it_cannot_evaluate(expression, message):
    with pytest.raises(ScheduleError) as caught:
        max_interval_minutes(expression)
    assert str(caught.value) == message
