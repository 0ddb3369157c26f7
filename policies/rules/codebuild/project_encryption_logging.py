"""A CodeBuild project encrypts its artifacts with a CMK and logs every build to CloudWatch Logs."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, describe, get, require_cmk

NAME = "codebuild-project-encryption-logging"
DESCRIPTION = (
    "CodeBuild projects encrypt build artifacts with a customer-managed key and send build logs to a "
    "named CloudWatch Logs group (S3 logs, if any, encrypted)."
)
SEVERITY = "medium"
CATEGORY = "LOG"
CONTROLS = ("SH CodeBuild.3", "SH CodeBuild.4", "CKV_AWS_147", "CKV_AWS_314", "CKV_AWS_311")
ROWS = ("69", "X12")
TYPES = frozenset({"aws:codebuild/project:Project"})
REMEDIATION = (
    "Set encryption_key=<CMK ARN> and logs_config={cloudwatch_logs: {status: ENABLED, group_name: "
    "<encrypted log group created first>}}; S3 logs off or with encryption_disabled=False."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    props = args.props
    require_cmk(props, report_violation, "encryptionKey")
    status = get(props, "logsConfig.cloudwatchLogs.status")
    group = get(props, "logsConfig.cloudwatchLogs.groupName")
    if status != "ENABLED" or not group:
        report_violation(
            f"logsConfig.cloudwatchLogs is status {describe(status)}, group {describe(group)}; enable it with "
            "the name of an encrypted log group"
        )
    if get(props, "logsConfig.s3Logs.status") == "ENABLED" and as_bool(
        get(props, "logsConfig.s3Logs.encryptionDisabled")
    ):
        report_violation("logsConfig.s3Logs.encryptionDisabled is true; keep S3 build logs encrypted")
