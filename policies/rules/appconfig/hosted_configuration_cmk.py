"""Feature flags and other hosted configurations are encrypted with a CMK, stored and deployed."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, require_cmk

NAME = "appconfig-hosted-configuration-cmk"
DESCRIPTION = (
    "AppConfig configuration profiles in the hosted store encrypt new versions with a customer-managed KMS "
    "key, and every deployment encrypts the deployed data with one."
)
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("custom: AppConfig hosted configuration CMK",)
ROWS = ("X15",)
PROFILE = "aws:appconfig/configurationProfile:ConfigurationProfile"
DEPLOYMENT = "aws:appconfig/deployment:Deployment"
TYPES = frozenset({PROFILE, DEPLOYMENT})
REMEDIATION = "Set kms_key_identifier=<release CMK ARN> on the configuration profile and on the deployment."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type == DEPLOYMENT or (
        args.resource_type == PROFILE and get(args.props, "locationUri") == "hosted"
    ):
        require_cmk(args.props, report_violation, "kmsKeyIdentifier")
