"""Every secret rotates automatically, at least every 90 days."""

import re

from policies.support.props import as_int, get, setting
from policies.support.stack import label, of_type, referenced

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
_RATE_DAYS = re.compile(r"^rate\((\d+) days?\)$")


def interval_days(rotation) -> int | None:
    days = get(rotation.props, "rotationRules.automaticallyAfterDays")
    if as_int(days) is not None:
        return days
    expression = get(rotation.props, "rotationRules.scheduleExpression") or ""
    match = _RATE_DAYS.match(expression.strip())
    if match:
        return int(match.group(1))
    fields = expression[5:-1].split() if expression.startswith("cron(") else []
    # A cron that fires every month rotates at least every 31 days; rarer schedules are not accepted.
    return 31 if len(fields) == 6 and fields[3] == "*" else None


def validate_stack(args, report_violation):
    maximum = setting(args, CONFIG, "maxDays")
    rotations = of_type(args.resources, ROTATION)
    for secret in of_type(args.resources, SECRET):
        mine = [r for r in rotations if referenced(r.props.get("secretId"), secret)]
        if not mine:
            report_violation(f"{label(secret)} has no SecretRotation; add one (<= {maximum} days)", secret.urn)
        for rotation in mine:
            days = interval_days(rotation)
            if days is None or days > maximum:
                report_violation(
                    f"{label(rotation)} rotates every {days!r} days; rotate at least every {maximum}",
                    rotation.urn,
                )
