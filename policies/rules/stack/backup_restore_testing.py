"""Restores are exercised automatically, which is what proves the RTO."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import required_switch, setting
from policies.support.stack import linked, of_type

NAME = "backup-restore-testing"
DESCRIPTION = "Where required, a restore testing plan with a selection exists for the stack's databases."
SEVERITY = "medium"
CATEGORY = "BDR"
CONTROLS = ("custom: lgallard restore_testing_plans",)
ROWS = ("63",)
PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan"
SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection"
DATABASES = ("aws:rds/cluster:Cluster", "aws:rds/instance:Instance")
TYPES = frozenset({PLAN, SELECTION, *DATABASES})
REMEDIATION = (
    "Add aws.backup.RestoreTestingPlan and a RestoreTestingSelection (protected_resource_type 'Aurora'/'RDS')."
)
CONFIG = {"required": required_switch("require restore testing")}


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    databases = of_type(args.resources, *DATABASES)
    if not setting(args, CONFIG, "required") or not databases:
        return
    plans = of_type(args.resources, PLAN)
    selections = of_type(args.resources, SELECTION)
    if not any(linked(s, s.props.get("restoreTestingPlanName"), p, "name") for p in plans for s in selections):
        report_violation(
            "no RestoreTestingPlan with a RestoreTestingSelection covers the databases; add one",
            databases[0].urn,
        )
