"""Log groups that AWS services and add-ons would create on their own are created first, encrypted.

A service that writes to a log group that does not exist creates it: with no CMK and no retention.
The blueprint creates each such group beforehand (the CMK and retention rules then check it).
"""

from collections.abc import Iterable

from pulumi_policy import PolicyResource, StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, required_switch, setting
from policies.support.stack import label, of_type, place

NAME = "logs-service-log-groups-precreated"
DESCRIPTION = (
    "The log groups that EKS (control plane), RDS (log exports) and the amazon-cloudwatch-observability add-on "
    "(/aws/containerinsights/<cluster>/{application,dataplane,host,performance}) write to exist in the stack, "
    "in the same region, before they write to them."
)
SEVERITY = "high"
CATEGORY = "LOG"
CONTROLS = ("CKV_AWS_158", "NAG R5-CloudWatchLogGroupEncrypted", "custom: service log groups pre-created")
ROWS = ("69",)
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
ADDON = "aws:eks/addon:Addon"
EKS = "aws:eks/cluster:Cluster"
RDS = "aws:rds/cluster:Cluster"
TYPES = frozenset({LOG_GROUP, ADDON, EKS, RDS})
OBSERVABILITY_ADDON = "amazon-cloudwatch-observability"
CONTAINER_INSIGHTS_KINDS = ("application", "dataplane", "host", "performance")
CONFIG = {
    "required": required_switch("require the service log groups"),
}
REMEDIATION = (
    "Create each group with aws.cloudwatch.LogGroup(name=..., kms_key_id=<logs CMK>, retention_in_days=...) "
    "and make the writer depend on it (components/support/logs.py)."
)


def _expected(resources: Iterable[PolicyResource]) -> list[tuple[PolicyResource, str, list[str]]]:
    """(writer, its region, the log group names it writes to)."""
    expected: list[tuple[PolicyResource, str, list[str]]] = []
    for addon in of_type(resources, ADDON):
        if get(addon.props, "addonName") == OBSERVABILITY_ADDON:
            cluster = get(addon.props, "clusterName")
            names = [f"/aws/containerinsights/{cluster}/{kind}" for kind in CONTAINER_INSIGHTS_KINDS]
            expected.append((addon, place(addon)[1], names))
    for cluster in of_type(resources, EKS):
        if as_list(get(cluster.props, "enabledClusterLogTypes")):
            expected.append((cluster, place(cluster)[1], [f"/aws/eks/{get(cluster.props, 'name')}/cluster"]))
    for cluster in of_type(resources, RDS):
        exports = as_list(get(cluster.props, "enabledCloudwatchLogsExports"))
        identifier = get(cluster.props, "clusterIdentifier")
        if exports and identifier:
            expected.append((cluster, place(cluster)[1], [f"/aws/rds/cluster/{identifier}/{kind}" for kind in exports]))
    return expected


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    if not setting(args, CONFIG, "required"):
        return
    groups = {(get(g.props, "name"), place(g)[1]) for g in of_type(args.resources, LOG_GROUP)}
    for writer, home, names in _expected(args.resources):
        missing = [name for name in names if (name, home) not in groups]
        if missing:
            report_violation(
                f"{label(writer)} writes to {missing} in {home}, which the stack does not create; create them "
                "first with the logs CMK and a retention",
                writer.urn,
            )
