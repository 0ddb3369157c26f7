"""Backup plans run at least daily and keep recovery points for the environment's minimum."""

import datetime
from collections.abc import Mapping

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, as_list, get, setting, violation
from policies.support.schedule import NEVER, ScheduleError, largest_gap_days

NAME = "backup-plan-schedule"
DESCRIPTION = (
    "Every AWS Backup plan rule runs at least daily (cron and rate parsed fully, year included: a schedule "
    "that never fires or skips days fails) and keeps recovery points for the environment's minimum retention."
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


def _schedule_problem(schedule, today) -> str | None:
    try:
        gap = largest_gap_days(schedule, today)
    except ScheduleError as error:
        return f"is not a schedule AWS accepts ({error})"
    if gap == NEVER:
        return "never fires again"
    if gap > 1:
        return f"leaves up to {gap:g} days between backups"
    return None


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    rules = [r for r in as_list(get(args.props, "rules")) if isinstance(r, Mapping)]
    if not rules:
        report_violation(violation("rules", get(args.props, "rules"), "add a daily rule"))
    today = datetime.date.today()
    for index, rule in enumerate(rules):
        problem = _schedule_problem(rule.get("schedule"), today)
        if problem:
            report_violation(
                violation(f"rules[{index}].schedule", rule.get("schedule"), f"it {problem}; run it at least daily")
            )
    minimum = setting(args, CONFIG, "minRetentionDays")
    for index, rule in enumerate(rules):
        days = get(rule, "lifecycle.deleteAfter")
        if as_int(days) is None or days < minimum:
            report_violation(violation(f"rules[{index}].lifecycle.deleteAfter", days, f"keep >= {minimum} days"))
