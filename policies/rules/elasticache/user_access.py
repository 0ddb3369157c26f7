"""The built-in `default` user cannot run commands; users authenticate with IAM or a password."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, violation

NAME = "elasticache-user-access"
DESCRIPTION = (
    "ElastiCache users require IAM or password authentication; a user named 'default' is disabled "
    "('off -@all'); user groups replace the AWS-provided default user."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("custom: CDK ElastiCache alpha README",)
ROWS = ("27",)
TYPES = frozenset({"aws:elasticache/user:User", "aws:elasticache/userGroup:UserGroup"})
REMEDIATION = (
    "Create a replacement user with user_name='default', access_string='off -@all' and "
    "authentication_mode={'type': 'password'} (or 'iam'); list it instead of the built-in 'default'."
)
AUTH_TYPES = ("iam", "password")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    props = args.props
    if args.resource_type == "aws:elasticache/userGroup:UserGroup":
        if "default" in as_list(get(props, "userIds")):
            report_violation(
                violation(
                    "userIds",
                    get(props, "userIds"),
                    "replace the built-in 'default' user with a disabled default user",
                )
            )
        return
    if args.resource_type not in TYPES:
        return
    mode = get(props, "authenticationMode.type")
    if mode is None and (get(props, "passwordsWo") or get(props, "passwords")):
        mode = "password"  # passwords(_wo) imply it; the provider refuses passwords_wo with authentication_mode
    if mode not in AUTH_TYPES or get(props, "noPasswordRequired") is True:
        report_violation(violation("authenticationMode.type", mode, f"set it to one of {list(AUTH_TYPES)}"))
    access = str(get(props, "accessString") or "")
    if get(props, "userName") == "default" and not ("off" in access.split() and "-@all" in access.split()):
        report_violation(
            violation("accessString", get(props, "accessString"), "set it to 'off -@all' for the default user")
        )
