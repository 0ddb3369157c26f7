"""OpenSearch domains encrypt data at rest with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk, require_true

NAME = "opensearch-domain-encryption"
DESCRIPTION = "OpenSearch domains encrypt at rest with a customer-managed KMS key."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH Opensearch.1", "CKV_AWS_5", "CKV_AWS_247")
ROWS = ("X6",)
TYPES = frozenset({"aws:opensearch/domain:Domain"})
REMEDIATION = "Set encrypt_at_rest={enabled: True, kms_key_id: <CMK ARN>}."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "encryptAtRest.enabled")
        require_cmk(args.props, report_violation, "encryptAtRest.kmsKeyId")
