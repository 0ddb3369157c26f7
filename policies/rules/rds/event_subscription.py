"""Failover, failure and maintenance events reach an SNS topic."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, require_set, violation

NAME = "rds-event-subscription"
DESCRIPTION = "RDS event subscriptions cover cluster/instance failover, failure and maintenance events."
SEVERITY = "low"
CATEGORY = "LOG"
CONTROLS = ("SH RDS.19", "SH RDS.20", "custom: failover events")
ROWS = ("22",)
TYPES = frozenset({"aws:rds/eventSubscription:EventSubscription"})
REMEDIATION = (
    "Set source_type='db-cluster' (or 'db-instance'), event_categories including failover, failure, "
    "maintenance, and sns_topic=<alerts topic ARN>."
)
SOURCE_TYPES = ("db-cluster", "db-instance")
CATEGORIES = ("failover", "failure", "maintenance")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    source = get(args.props, "sourceType")
    if source not in SOURCE_TYPES:
        report_violation(violation("sourceType", source, f"set it to one of {list(SOURCE_TYPES)}"))
    categories = get(args.props, "eventCategories")
    # An empty list subscribes to every category.
    missing = [c for c in CATEGORIES if as_list(categories) and c not in as_list(categories)]
    if categories is None or missing:
        report_violation(violation("eventCategories", categories, f"include {list(CATEGORIES)}"))
    require_set(args.props, report_violation, "snsTopic", "the alerts SNS topic ARN")
