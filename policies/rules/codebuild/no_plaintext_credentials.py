"""A CodeBuild project carries no credentials in plain text: not in its environment, not in its source URL."""

import re

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get

NAME = "codebuild-no-plaintext-credentials"
DESCRIPTION = (
    "CodeBuild projects hold no AWS or Pulumi credentials in PLAINTEXT environment variables and no "
    "user name or token in the source location."
)
SEVERITY = "critical"
CATEGORY = "LP"
CONTROLS = ("SH CodeBuild.1", "SH CodeBuild.2")
ROWS = ("X12",)
TYPES = frozenset({"aws:codebuild/project:Project"})
REMEDIATION = (
    "Let the project's service role provide AWS credentials; take other secrets from Secrets Manager or "
    "Parameter Store (type SECRETS_MANAGER / PARAMETER_STORE); authenticate to the source host with a "
    "CodeBuild source credential, never in the URL."
)
CREDENTIAL_VARIABLES = frozenset(
    {
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "PULUMI_ACCESS_TOKEN",
        "PULUMI_CONFIG_PASSPHRASE",
        "GITHUB_TOKEN",
        "GITLAB_TOKEN",
    }
)
_URL_CREDENTIALS = re.compile(r"^[a-z]+://[^/@]+@")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    for index, variable in enumerate(as_list(get(args.props, "environment.environmentVariables"))):
        name, kind = get(variable, "name"), get(variable, "type") or "PLAINTEXT"
        if name in CREDENTIAL_VARIABLES and kind == "PLAINTEXT":
            report_violation(
                f"environment.environmentVariables[{index}] {name} is PLAINTEXT; use the service role (AWS) or "
                "type SECRETS_MANAGER / PARAMETER_STORE"
            )
    location = get(args.props, "source.location")
    if isinstance(location, str) and _URL_CREDENTIALS.match(location):
        report_violation("source.location carries credentials before '@'; use a CodeBuild source credential")
