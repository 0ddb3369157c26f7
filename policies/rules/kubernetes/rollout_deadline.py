"""A stuck rollout fails instead of hanging: Deployments set a progress deadline and a min-ready time."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, get, setting, violation

NAME = "k8s-rollout-deadline"
DESCRIPTION = (
    "Deployments set progressDeadlineSeconds (at most the limit, above minReadySeconds) and minReadySeconds "
    "(at least the minimum), so a rollout that makes no progress is marked failed and fails the update."
)
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("custom: bounded rollouts",)
ROWS = ("K19",)
TYPES = frozenset({"kubernetes:apps/v1:Deployment"})
REMEDIATION = "Set spec.progress_deadline_seconds (e.g. 600) and spec.min_ready_seconds (e.g. 10)."
CONFIG = {
    "maxProgressDeadlineSeconds": {
        "type": "integer",
        "minimum": 1,
        "default": 3600,
        "description": "longest progress deadline",
    },
    "minReadySeconds": {"type": "integer", "minimum": 0, "default": 0, "description": "least min-ready time"},
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    deadline, ready = get(args.props, "spec.progressDeadlineSeconds"), get(args.props, "spec.minReadySeconds")
    longest, least = setting(args, CONFIG, "maxProgressDeadlineSeconds"), setting(args, CONFIG, "minReadySeconds")
    ready_seconds = as_int(ready)
    if ready_seconds is None or ready_seconds < least:
        report_violation(violation("spec.minReadySeconds", ready, f"set it to at least {least}"))
    deadline_seconds = as_int(deadline)
    if deadline_seconds is None or deadline_seconds > longest or deadline_seconds <= (ready_seconds or 0):
        report_violation(
            violation(
                "spec.progressDeadlineSeconds",
                deadline,
                f"set it explicitly, above minReadySeconds and at most {longest}",
            )
        )
