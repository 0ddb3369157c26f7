"""The master password is never a plaintext input, and the master user name is not a well-known one."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, get, violation
from policies.support.rds import is_global_secondary

NAME = "rds-master-credentials"
DESCRIPTION = (
    "Master passwords are managed by Secrets Manager (or, for a global cluster, a write-only input); "
    "no plaintext masterPassword; master user name is not postgres/admin/root."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("SH RDS.24", "SH RDS.25", "custom: no plaintext master password")
ROWS = ("15",)
TYPES = frozenset({"aws:rds/cluster:Cluster", "aws:rds/instance:Instance"})
REMEDIATION = (
    "Set manage_master_user_password=True with master_user_secret_kms_key_id; for an Aurora global "
    "primary use master_password_wo from a Secrets Manager secret; pick a non-default username."
)
WELL_KNOWN_USERS = frozenset({"postgres", "admin", "root", "master", "administrator", "sa", "rdsadmin"})


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    props = args.props
    if get(props, "masterPassword"):
        report_violation(
            violation(
                "masterPassword",
                "<set>",
                "remove it: a plaintext password lands in state; use manage_master_user_password or master_password_wo",
            )
        )
    if is_global_secondary(props):
        return
    username = get(props, "masterUsername")
    if not isinstance(username, str) or username.lower() in WELL_KNOWN_USERS:
        report_violation(violation("masterUsername", username, "set a non-default administrator name"))
    managed = as_bool(get(props, "manageMasterUserPassword")) is True
    write_only = bool(get(props, "globalClusterIdentifier")) and bool(get(props, "masterPasswordWo"))
    if not managed and not write_only:
        report_violation(
            violation(
                "manageMasterUserPassword",
                get(props, "manageMasterUserPassword"),
                "set it to true (global cluster primaries: master_password_wo from a secret)",
            )
        )
