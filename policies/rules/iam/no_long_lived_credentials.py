"""No IAM users, access keys or passwords: people use SSO roles, workloads use their own roles."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import violation

NAME = "iam-no-long-lived-credentials"
DESCRIPTION = (
    "The stack creates no IAM users, access keys, login profiles, service-specific credentials, signing "
    "certificates or SSH keys (long-lived credentials)."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("SH IAM.3", "SH IAM.4", "CIS 1.12", "CKV_AWS_273")
ROWS = ("X9",)
TYPES = frozenset(
    {
        "aws:iam/user:User",
        "aws:iam/accessKey:AccessKey",
        "aws:iam/userLoginProfile:UserLoginProfile",
        "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
        "aws:iam/signingCertificate:SigningCertificate",
        "aws:iam/sshKey:SshKey",
    }
)
REMEDIATION = "Use an IAM role (Pod Identity for workloads, IAM Identity Center for people) instead."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        kind = args.resource_type.rsplit(":", 1)[-1]
        report_violation(violation("type", kind, "remove it and use a role with temporary credentials"))
