"""Every CMK carries an explicit key policy (not the default 'whole account may do anything')."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import parse
from policies.support.props import get, violation

NAME = "kms-key-policy-explicit"
DESCRIPTION = "KMS keys and replica keys define an explicit, well-formed key policy."
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("SH KMS.5", "CKV_AWS_33", "CKV2_AWS_64")
ROWS = ("50",)
TYPES = frozenset({"aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"})
REMEDIATION = "Pass policy=json.dumps(...) separating key administration from key use."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    _, problem = parse(get(args.props, "policy"))
    if problem:
        report_violation(
            violation(
                "policy",
                get(args.props, "policy") and "<document>",
                f"the key policy {problem}; define an explicit key policy",
            )
        )
