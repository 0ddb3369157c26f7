"""Every secret rotates automatically, at least every 90 days."""

import datetime

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, get, keyed, plain, setting
from policies.support.schedule import NEVER, ScheduleError, largest_gap_days
from policies.support.stack import label, linked, of_type

NAME = "secretsmanager-secret-rotation"
DESCRIPTION = "Every Secrets Manager secret has a SecretRotation that rotates at least every maxDays (90)."
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("SH SecretsManager.1", "SH SecretsManager.4", "CKV2_AWS_57", "CKV_AWS_304", "NAG SMG4")
ROWS = ("54",)
SECRET = "aws:secretsmanager/secret:Secret"
ROTATION = "aws:secretsmanager/secretRotation:SecretRotation"
TYPES = frozenset({SECRET, ROTATION})
REMEDIATION = (
    "Add aws.secretsmanager.SecretRotation(secret_id=<secret ARN>, rotation_lambda_arn=..., "
    "rotation_rules={automatically_after_days: 30})."
)
CONFIG = {
    "maxDays": {
        "type": "integer",
        "minimum": 1,
        "maximum": 365,
        "default": 90,
        "description": "longest allowed rotation interval",
    }
}


def interval_days(rotation, today: datetime.date) -> float | None:
    """The longest wait between rotations, in days; None when the rules are unreadable."""
    days = get(rotation.props, "rotationRules.automaticallyAfterDays")
    expression = get(rotation.props, "rotationRules.scheduleExpression")
    if expression is None:
        return days if as_int(days) is not None and days > 0 else None
    try:
        return largest_gap_days(expression, today)
    except ScheduleError:
        return None


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    maximum = setting(args, CONFIG, "maxDays")
    today = datetime.date.today()
    rotations = of_type(args.resources, ROTATION)
    for secret in of_type(args.resources, SECRET):
        mine = [r for r in rotations if linked(r, r.props.get("secretId"), secret)]
        if not mine:
            report_violation(f"{label(secret)} has no SecretRotation; add one (<= {maximum} days)", secret.urn)
        for rotation in mine:
            days = interval_days(rotation, today)
            if days is None or days > maximum:
                rules = plain(get(rotation.props, "rotationRules"))
                shown = "never (or an unreadable schedule)" if days in (None, NEVER) else f"up to every {days:g} days"
                report_violation(
                    keyed(
                        f"{label(rotation)} rotationRules {rules} rotate {shown}; rotate at least every {maximum}",
                        "rotationRules",
                        rules,
                    ),
                    rotation.urn,
                )
