"""Replica keys come from multi-Region primaries whose policy lets administrators replicate them."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import covers, statements_of
from policies.support.stack import label, of_type

NAME = "kms-multi-region-replicas"
DESCRIPTION = (
    "Every KMS replica key's primary is a multi-Region key in this stack whose key policy grants "
    "kms:ReplicateKey to its administrators."
)
SEVERITY = "medium"
CATEGORY = "BDR"
CONTROLS = ("custom: multi-Region keys for DR replicas",)
ROWS = ("52",)
KEY = "aws:kms/key:Key"
REPLICA = "aws:kms/replicaKey:ReplicaKey"
TYPES = frozenset({KEY, REPLICA})
REMEDIATION = "Create the primary with multi_region=True and grant kms:ReplicateKey in its key policy."


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    keys = {k.props.get("arn"): k for k in of_type(args.resources, KEY) if k.props.get("arn")}
    for replica in of_type(args.resources, REPLICA):
        primary = keys.get(replica.props.get("primaryKeyArn"))
        if primary is None:
            report_violation(
                f"{label(replica)} primaryKeyArn {replica.props.get('primaryKeyArn')!r} is not a key of "
                "this stack; declare the primary here",
                replica.urn,
            )
            continue
        if primary.props.get("multiRegion") is not True:
            report_violation(
                f"{label(primary)} is replicated by {replica.name} but multiRegion is "
                f"{primary.props.get('multiRegion')!r}; set multi_region=True",
                primary.urn,
            )
        if not any(
            s.allows and any(covers(a, "kms:ReplicateKey") for a in s.actions)
            for s in statements_of(primary.props, ("policy",))
        ):
            report_violation(
                f"{label(primary)} key policy grants no kms:ReplicateKey; grant it to key administrators",
                primary.urn,
            )
