"""Backup plans run at least daily and keep recovery points for the environment's minimum."""

import re
from collections.abc import Mapping

from policies.support.props import as_int, as_list, get, setting, violation

NAME = "backup-plan-schedule"
DESCRIPTION = (
    "Every AWS Backup plan rule runs at least daily and keeps recovery points for the environment's minimum retention."
)
SEVERITY = "high"
CATEGORY = "BDR"
CONTROLS = ("Config backup-plan-min-frequency-and-min-retention-check",)
ROWS = ("60",)
TYPES = frozenset({"aws:backup/plan:Plan"})
REMEDIATION = "Add a rule with schedule 'cron(0 5 ? * * *)' (or more often) and lifecycle.delete_after >= minimum."
CONFIG = {
    "minRetentionDays": {
        "type": "integer",
        "minimum": 1,
        "default": 7,
        "description": "minimum recovery point retention in days",
    }
}
_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")


def at_least_daily(schedule) -> bool:
    """cron(min hour day-of-month month day-of-week year) firing every day, or rate(<= 1 day)."""
    if not isinstance(schedule, str):
        return False
    rate = _RATE.match(schedule.strip())
    if rate:
        return rate.group(2).startswith(("minute", "hour")) or int(rate.group(1)) <= 1
    if not schedule.startswith("cron(") or not schedule.endswith(")"):
        return False
    fields = schedule[5:-1].split()
    return len(fields) == 6 and fields[2] in ("*", "?") and fields[3] in ("*", "?") and fields[4] in ("*", "?")


def validate(args, report_violation):
    if args.resource_type not in TYPES:
        return
    rules = [r for r in as_list(get(args.props, "rules")) if isinstance(r, Mapping)]
    if not rules:
        report_violation(violation("rules", get(args.props, "rules"), "add a daily rule"))
    for index, rule in enumerate(rules):
        if not at_least_daily(rule.get("schedule")):
            report_violation(violation(f"rules[{index}].schedule", rule.get("schedule"), "run it at least daily"))
    minimum = setting(args, CONFIG, "minRetentionDays")
    for index, rule in enumerate(rules):
        days = get(rule, "lifecycle.deleteAfter")
        if as_int(days) is None or days < minimum:
            report_violation(violation(f"rules[{index}].lifecycle.deleteAfter", days, f"keep >= {minimum} days"))
