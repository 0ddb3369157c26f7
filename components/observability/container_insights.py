"""Container Insights (with enhanced observability) and Application Signals on one EKS cluster.

The `amazon-cloudwatch-observability` managed add-on runs the CloudWatch agent (metrics, and the
OpenTelemetry endpoint the services send traces to) and Fluent Bit (container logs). Before it is
installed, this component creates the log groups it writes to, encrypted with the logs CMK and with a
retention, so that nothing lands unencrypted or is kept forever; the agent's role may write to exactly
those groups and may not create others.

The agent and Fluent Bit share the `cloudwatch-agent` service account; its AWS role comes through EKS
Pod Identity (add-on >= v3.1.0), not through the node role. Actions that AWS authorizes only on
Resource "*" (PutMetricData, EC2 Describe*, X-Ray's trace and sampling APIs) are in statements of
their own, narrowed by condition where the service offers one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import pulumi
import pulumi_aws as aws

from components.reference.container_insights import (
    ADDON_NAME,
    CLUSTER_LOG_GROUP_KINDS,
    METRICS_NAMESPACE,
    NAMESPACE,
    SERVICE_ACCOUNT,
    cluster_log_group,
    supports_pod_identity,
)
from components.support.iam import document, statement
from components.support.logs import encrypted_log_group
from components.support.validation import require_between
from components.support.workload_identity import pod_identity_role

APPLICATION_SIGNALS_NAMESPACE = "ApplicationSignals"
# The agent's configuration: enhanced Container Insights metrics, Application Signals metrics, and the
# traces the services send it (to X-Ray); Fluent Bit ships container logs.
AGENT_CONFIGURATION = {
    "agent": {
        "config": {
            "logs": {
                "metrics_collected": {
                    "kubernetes": {"enhanced_container_insights": True},
                    "application_signals": {},
                }
            },
            "traces": {"traces_collected": {"application_signals": {}}},
        }
    },
    "containerLogs": {"enabled": True},
}
NODE_DESCRIBE_ACTIONS = ("ec2:DescribeInstances", "ec2:DescribeTags", "ec2:DescribeVolumes")
TRACE_ACTIONS = (
    "xray:GetSamplingRules",
    "xray:GetSamplingStatisticSummaries",
    "xray:GetSamplingTargets",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
)
LOG_WRITE_ACTIONS = ("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents")


@dataclass(frozen=True, kw_only=True)
class ContainerInsightsArgs:
    """Inputs for `ContainerInsights`.

    Attributes:
        cluster_name: The EKS cluster.
        cluster_arn: Its ARN (the Pod Identity trust names it).
        account_id: The cluster's account.
        region: The cluster's region.
        addon_version: `amazon-cloudwatch-observability` version, >= v3.1.0 (Pod Identity).
        logs_kms_key_arn: The logs CMK of the region.
        log_retention_days: Retention of the add-on's log groups.
        application_signals_log_group: Name of the region's Application Signals log group (created
            once per account and region by the account baseline); the agent may write to it.
    """

    cluster_name: pulumi.Input[str]
    cluster_arn: pulumi.Input[str]
    account_id: pulumi.Input[str]
    region: str
    addon_version: str
    logs_kms_key_arn: pulumi.Input[str]
    log_retention_days: int
    application_signals_log_group: str

    def __post_init__(self) -> None:
        if not supports_pod_identity(self.addon_version):
            raise ValueError(
                "ContainerInsightsArgs.addon_version: must be >= v3.1.0 for EKS Pod Identity "
                f"(got {self.addon_version!r})"
            )
        require_between("ContainerInsightsArgs.log_retention_days", self.log_retention_days, 1, 3653)


class ContainerInsights(pulumi.ComponentResource):
    """The add-on, its pre-created encrypted log groups and its Pod Identity role."""

    role: aws.iam.Role
    log_groups: dict[str, aws.cloudwatch.LogGroup]

    def __init__(self, name: str, args: ContainerInsightsArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:observability:ContainerInsights", name, None, opts)
        self._name, self._args = name, args
        self.log_groups = {
            kind: encrypted_log_group(
                f"{name}-{kind}-logs",
                log_group_name=pulumi.Output.from_input(args.cluster_name).apply(partial(cluster_log_group, kind=kind)),
                kms_key_arn=args.logs_kms_key_arn,
                retention_days=args.log_retention_days,
                parent=self,
            )
            for kind in CLUSTER_LOG_GROUP_KINDS
        }
        self.role = pod_identity_role(
            f"{name}-agent",
            cluster_arn=args.cluster_arn,
            namespace=NAMESPACE,
            service_account=SERVICE_ACCOUNT,
            description=f"{name}: CloudWatch agent and Fluent Bit (amazon-cloudwatch-observability)",
            parent=self,
        )
        permissions = aws.iam.RolePolicy(
            f"{name}-agent-policy",
            role=self.role.id,
            policy=self._agent_policy(),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.addon = aws.eks.Addon(
            f"{name}-addon",
            cluster_name=args.cluster_name,
            addon_name=ADDON_NAME,
            addon_version=args.addon_version,
            resolve_conflicts_on_create="OVERWRITE",
            resolve_conflicts_on_update="OVERWRITE",
            pod_identity_associations=[{"role_arn": self.role.arn, "service_account": SERVICE_ACCOUNT}],
            configuration_values=json.dumps(AGENT_CONFIGURATION, sort_keys=True),
            # The agent starts writing at once: its groups (encrypted) and permissions come first.
            opts=pulumi.ResourceOptions(parent=self, depends_on=[*self.log_groups.values(), permissions]),
        )
        self.register_outputs({"role_arn": self.role.arn, "addon": self.addon.addon_name})

    def _agent_policy(self) -> pulumi.Output[str]:
        args = self._args
        group_arns: Sequence[pulumi.Input[str]] = [
            *(group.arn for group in self.log_groups.values()),
            pulumi.Output.concat(
                "arn:aws:logs:", args.region, ":", args.account_id, ":log-group:", args.application_signals_log_group
            ),
        ]
        streams = [pulumi.Output.concat(arn, ":log-stream:*") for arn in group_arns]
        return document(
            [
                statement("WriteToThePreCreatedLogGroups", LOG_WRITE_ACTIONS, [*group_arns, *streams]),
                statement(
                    "PublishContainerInsightsMetrics",
                    ["cloudwatch:PutMetricData"],
                    ["*"],
                    conditions={
                        "StringEquals": {"cloudwatch:namespace": [METRICS_NAMESPACE, APPLICATION_SIGNALS_NAMESPACE]}
                    },
                ),
                statement("DescribeNodesAndVolumes", NODE_DESCRIBE_ACTIONS, ["*"]),
                statement("SendTracesAndReadSamplingRules", TRACE_ACTIONS, ["*"]),
            ]
        )
