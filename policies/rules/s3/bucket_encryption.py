"""Bucket default encryption is SSE-KMS with a CMK; an ALB access-log bucket alone may use SSE-S3.

ALB access logging supports no server-side encryption but SSE-S3 (ELB User Guide, "Enable access logs
for your Application Load Balancer"): a CMK-encrypted log bucket receives no logs at all. So a bucket
that an application load balancer of the same stack names as its access-log bucket may use exactly
AES256 (S3-managed keys, still encrypted at rest); every other bucket needs a CMK. This is a stack
policy because only the whole stack shows which buckets receive ALB access logs.
"""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.edge_facts import ALB_ACCESS_LOG_SSE_ALGORITHM
from policies.support.props import as_bool, as_list, check_cmk, get, violation
from policies.support.stack import of_type

NAME = "s3-bucket-encryption-cmk"
DESCRIPTION = (
    "S3 bucket default encryption uses SSE-KMS with a customer-managed key; an application load balancer's "
    "access-log bucket uses SSE-S3 (AES256), the only encryption ALB log delivery supports."
)
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH S3.17", "CKV_AWS_145", "NAG S2")
ROWS = ("79",)
ENCRYPTION_TYPES = (
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
)
LOAD_BALANCERS = ("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")
TYPES = frozenset({*ENCRYPTION_TYPES, *LOAD_BALANCERS})
REMEDIATION = (
    "Set rules=[{apply_server_side_encryption_by_default: {sse_algorithm: 'aws:kms', "
    "kms_master_key_id: <CMK ARN>}, bucket_key_enabled: True}] (an ALB access-log bucket: sse_algorithm "
    "'AES256')."
)


def alb_access_log_buckets(resources) -> set[str]:
    """Names of the buckets application load balancers deliver access logs to."""
    return {
        get(balancer.props, "accessLogs.bucket")
        for balancer in of_type(resources, *LOAD_BALANCERS)
        if get(balancer.props, "loadBalancerType") in (None, "application")
        and as_bool(get(balancer.props, "accessLogs.enabled")) is True
        and isinstance(get(balancer.props, "accessLogs.bucket"), str)
    }


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    log_buckets = alb_access_log_buckets(args.resources)
    for configuration in of_type(args.resources, *ENCRYPTION_TYPES):

        def report(message, urn=configuration.urn, name=configuration.name):
            report_violation(f"{name}: {message}", urn)

        rules = as_list(get(configuration.props, "rules"))
        if not rules:
            report(violation("rules", get(configuration.props, "rules"), "add an SSE-KMS default encryption rule"))
        for index, rule in enumerate(rules):
            path = f"rules[{index}].applyServerSideEncryptionByDefault"
            default = get(rule, "applyServerSideEncryptionByDefault")
            algorithm = get(default, "sseAlgorithm")
            if configuration.props.get("bucket") in log_buckets:
                if algorithm != ALB_ACCESS_LOG_SSE_ALGORITHM or get(default, "kmsMasterKeyId") is not None:
                    report(
                        violation(
                            f"{path}.sseAlgorithm",
                            algorithm,
                            "an ALB access-log bucket must use 'AES256' without a key (ALB delivers to no other)",
                        )
                    )
                continue
            if algorithm not in ("aws:kms", "aws:kms:dsse"):
                report(violation(f"{path}.sseAlgorithm", algorithm, "set it to 'aws:kms'"))
            check_cmk(report, f"{path}.kmsMasterKeyId", get(default, "kmsMasterKeyId"))
