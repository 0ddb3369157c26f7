"""Images are encrypted with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, check_cmk, get, violation

NAME = "ecr-repository-cmk"
DESCRIPTION = "ECR repositories and repository creation templates encrypt images with KMS using a customer-managed key."
SEVERITY = "medium"
CATEGORY = "EaR"
CONTROLS = ("CKV_AWS_136",)
ROWS = ("77",)
TYPES = frozenset({"aws:ecr/repository:Repository", "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"})
REMEDIATION = "Set encryption_configurations=[{encryption_type: 'KMS', kms_key: <CMK ARN>}]."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    configs = as_list(get(args.props, "encryptionConfigurations"))
    config = configs[0] if configs else {}
    if get(config, "encryptionType") != "KMS":
        report_violation(
            violation("encryptionConfigurations[0].encryptionType", get(config, "encryptionType"), "set it to 'KMS'")
        )
    check_cmk(report_violation, "encryptionConfigurations[0].kmsKey", get(config, "kmsKey"))
