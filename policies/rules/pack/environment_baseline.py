"""A staging/prod plan contains the baseline the blueprint always creates (a plan cannot drop it unseen)."""

from pulumi_policy import StackValidationArgs

from policies.rule import EVERY_TYPE, ReportViolation
from policies.support.props import keyed, setting
from policies.support.stack import is_kubernetes_layer, of_type

NAME = "environment-baseline"
DESCRIPTION = (
    "Where required (staging, prod), the stack contains the baseline the blueprint always creates: KMS keys, "
    "a VPC with flow logs, AWS Backup (plan, vault, selection); a plan missing any of them fails. A stack "
    "of Kubernetes objects only (the Kubernetes layer) is judged by its AWS layer's stack instead."
)
SEVERITY = "critical"
CATEGORY = "GOV"
CONTROLS = ("custom: environment baseline present",)
ROWS = ("X2",)
BASELINE = {
    "KMS keys": "aws:kms/key:Key",
    "network": "aws:ec2/vpc:Vpc",
    "VPC flow logs": "aws:ec2/flowLog:FlowLog",
    "backup plan": "aws:backup/plan:Plan",
    "backup vault": "aws:backup/vault:Vault",
    "backup selection": "aws:backup/selection:Selection",
    "audit trail": "aws:cloudtrail/trail:Trail",
}
# Every type: the rule must see whether the stack creates anything in AWS (the Kubernetes layer does not).
TYPES = frozenset({EVERY_TYPE})
REMEDIATION = "Plan the whole stack; the blueprint's components create the baseline in every staging/prod stack."
CONFIG = {
    "required": {
        "type": "array",
        "items": {"type": "string", "enum": sorted(BASELINE)},
        "default": [],
        "description": "baseline parts the environment must contain",
    }
}


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    if is_kubernetes_layer(args.resources):
        return  # a Kubernetes-layer stack: the baseline is its AWS layer's, checked on that stack
    for part in setting(args, CONFIG, "required"):
        if not of_type(args.resources, BASELINE[part]):
            report_violation(
                keyed(f"the plan has no {part} ({BASELINE[part]}); plan the whole stack", f"baseline:{part}")
            )
