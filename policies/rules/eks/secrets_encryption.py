"""Kubernetes Secrets are envelope-encrypted with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, require_cmk, violation

NAME = "eks-secrets-encryption"
DESCRIPTION = "EKS clusters envelope-encrypt Kubernetes secrets with a customer-managed KMS key."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH EKS.3", "CKV_AWS_58")
ROWS = ("36",)
TYPES = frozenset({"aws:eks/cluster:Cluster"})
REMEDIATION = "Set encryption_config={resources: ['secrets'], provider: {key_arn: <cluster CMK ARN>}}."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    resources = get(args.props, "encryptionConfig.resources")
    if "secrets" not in as_list(resources):
        report_violation(violation("encryptionConfig.resources", resources, "set it to ['secrets']"))
    require_cmk(args.props, report_violation, "encryptionConfig.provider.keyArn")
