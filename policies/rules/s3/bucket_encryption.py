"""Bucket default encryption is SSE-KMS with a CMK."""

from policies.support.props import as_list, check_cmk, get, violation

NAME = "s3-bucket-encryption-cmk"
DESCRIPTION = "S3 bucket default encryption uses SSE-KMS with a customer-managed key."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH S3.17", "CKV_AWS_145", "NAG S2")
ROWS = ("79",)
TYPES = frozenset(
    {
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    }
)
REMEDIATION = (
    "Set rules=[{apply_server_side_encryption_by_default: {sse_algorithm: 'aws:kms', "
    "kms_master_key_id: <CMK ARN>}, bucket_key_enabled: True}]."
)


def validate(args, report_violation):
    if args.resource_type not in TYPES:
        return
    rules = as_list(get(args.props, "rules"))
    if not rules:
        report_violation(violation("rules", get(args.props, "rules"), "add an SSE-KMS default encryption rule"))
    for index, rule in enumerate(rules):
        path = f"rules[{index}].applyServerSideEncryptionByDefault"
        default = get(rule, "applyServerSideEncryptionByDefault")
        algorithm = get(default, "sseAlgorithm")
        if algorithm not in ("aws:kms", "aws:kms:dsse"):
            report_violation(violation(f"{path}.sseAlgorithm", algorithm, "set it to 'aws:kms'"))
        check_cmk(report_violation, f"{path}.kmsMasterKeyId", get(default, "kmsMasterKeyId"))
