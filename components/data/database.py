"""Aurora PostgreSQL: an encrypted cluster on isolated subnets, closed to everything but `allow_from`.

Per instance: Performance Insights on the CMK, enhanced monitoring, the current CA, no public access.
Per cluster: CMK storage, IAM authentication, TLS forced by the parameter group, PITR backups,
deletion protection and a final snapshot, log export to an encrypted log group, failover / failure /
maintenance events to an encrypted SNS topic (the DR secondary: its own topic in the DR region).

Credentials: without a DR replica RDS manages the master password in Secrets Manager on the secrets
CMK. An Aurora global database forbids that, so with `global_replica` the component generates the
password with Secrets Manager's GetRandomPassword and passes it only to write-only inputs (the
cluster's `master_password_wo` and the credential secret's `secret_string_wo`): it never lands in
Pulumi state. With `master_secret_rotation`, AWS's published rotation function for Aurora PostgreSQL
(components/data/rotation.py) rotates it from then on; without, bump MASTER_PASSWORD_VERSION.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.data.database_args import (
    DatabaseArgs,
    DatabaseAuditArgs,
    GlobalReplicaArgs,
    MasterRotationArgs,
    ReaderAutoscalingArgs,
    ServerlessCapacity,
)
from components.data.rotation import RotationFunction, RotationFunctionArgs
from components.data.secrets import Secret, SecretArgs, SecretRotationArgs, generated_password
from components.reference.aurora import (
    CURRENT_CA,
    DB_NAME_PATTERN,
    ENGINE,
    IDENTIFIER_PATTERN,
    MAX_IDENTIFIER_LENGTH,
    parameter_group_family,
)
from components.reference.pgaudit import apply_method, audit_parameters
from components.reference.rotation import POSTGRES_SINGLE_USER
from components.support.alert_topics import Publisher, encrypted_topic
from components.support.firewall import IngressPaths
from components.support.grants import arn_part, grant_to_role
from components.support.iam import service_trust, statement
from components.support.logs import encrypted_log_group
from components.support.placement import isolated_placement
from components.support.regional import RegionalGroup

ENHANCED_MONITORING_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
LOG_EXPORTS = ["postgresql"]
EVENT_CATEGORIES = ["failover", "failure", "maintenance"]
MASTER_PASSWORD_VERSION = 1
# In a global database the GlobalCluster's engine_version drives upgrades of every member; members that
# also diff on it fail the update with "inconsistent final plan" (pulumi-aws rds.GlobalCluster docs).
GLOBAL_MEMBER_IGNORED = ["engineVersion"]

__all__ = [
    "Database",
    "DatabaseArgs",
    "DatabaseAuditArgs",
    "GlobalReplicaArgs",
    "MasterRotationArgs",
    "ReaderAutoscalingArgs",
    "ServerlessCapacity",
]


@dataclass(frozen=True)
class _Placement:
    """Where one region's cluster lives: subnet group, closed security group, TLS parameter group."""

    subnet_group: aws.rds.SubnetGroup
    security_group: aws.ec2.SecurityGroup
    parameters: aws.rds.ClusterParameterGroup


class Database(pulumi.ComponentResource):
    """An Aurora PostgreSQL cluster (writer + readers), optionally the primary of a global database."""

    cluster_arn: pulumi.Output[str]
    cluster_identifier: pulumi.Output[str]
    cluster_resource_id: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    reader_endpoint: pulumi.Output[str]
    port: int
    security_group_id: pulumi.Output[str]
    master_secret_arn: pulumi.Output[str]
    event_topic_arn: pulumi.Output[str]
    instance_arns: list[pulumi.Output[str]]
    global_cluster_identifier: pulumi.Output[str] | None
    dr_cluster_arn: pulumi.Output[str] | None
    dr_cluster_identifier: pulumi.Output[str] | None
    dr_endpoint: pulumi.Output[str] | None
    dr_reader_endpoint: pulumi.Output[str] | None
    dr_security_group_id: pulumi.Output[str] | None
    dr_event_topic_arn: pulumi.Output[str] | None

    def __init__(self, name: str, args: DatabaseArgs, opts: pulumi.ResourceOptions | None = None):
        if not IDENTIFIER_PATTERN.match(name) or len(name) > MAX_IDENTIFIER_LENGTH:
            raise ValueError(
                f"Database name: must be lowercase letters, digits and single hyphens, starting "
                f"with a letter, at most {MAX_IDENTIFIER_LENGTH} characters (got {name!r})"
            )
        super().__init__("bulkhead:database:Database", name, None, opts)
        self._name = name
        self._args = args
        self._dr_group: RegionalGroup | None = None
        self._dr_placement: _Placement | None = None
        self.dr_security_group_id = None
        self.dr_event_topic_arn = None
        self.port = args.port
        self._ingress = IngressPaths(name, port=args.port, protocol="PostgreSQL")
        self._global = self._create_global_cluster() if args.global_replica else None
        self.global_cluster_identifier = self._global.global_cluster_identifier if self._global else None
        self._monitoring_role = self._create_monitoring_role()
        self._placement = _placement(self, name, args, args.vpc_id, args.subnet_ids)
        self.security_group_id = self._placement.security_group.id
        self._cluster = self._create_cluster()
        self.cluster_arn = self._cluster.arn
        self.cluster_identifier = self._cluster.cluster_identifier
        self.cluster_resource_id = self._cluster.cluster_resource_id
        self.endpoint = self._cluster.endpoint
        self.reader_endpoint = self._cluster.reader_endpoint
        instances = self._create_instances(
            self,
            name,
            self._cluster,
            args.instance_class,
            args.reader_count + 1,
            args.kms_key_arn,
            zones=list(args.availability_zones),
        )
        self.instance_arns = [instance.arn for instance in instances]
        if self._global and args.master_secret_rotation is not None:
            self._rotate_master_secret(args.master_secret_rotation, writer=instances[0])
        if args.reader_autoscaling is not None:
            self._create_reader_autoscaling(args.reader_autoscaling, instances)
        self.event_topic_arn = self._create_event_subscriptions(self, name, self._cluster, instances, args.kms_key_arn)
        self._dr_cluster = self._create_dr_secondary(instances) if args.global_replica else None
        self.dr_cluster_arn = self._dr_cluster.arn if self._dr_cluster else None
        self.dr_cluster_identifier = self._dr_cluster.cluster_identifier if self._dr_cluster else None
        # The secondary's writer endpoint accepts writes once the runbook promotes it.
        self.dr_endpoint = self._dr_cluster.endpoint if self._dr_cluster else None
        self.dr_reader_endpoint = self._dr_cluster.reader_endpoint if self._dr_cluster else None
        self.register_outputs(
            {
                "cluster_arn": self.cluster_arn,
                "cluster_identifier": self.cluster_identifier,
                "endpoint": self.endpoint,
                "reader_endpoint": self.reader_endpoint,
                "security_group_id": self.security_group_id,
                "master_secret_arn": self.master_secret_arn,
                "global_cluster_identifier": self.global_cluster_identifier,
                "dr_cluster_arn": self.dr_cluster_arn,
            }
        )

    # -- grants and network paths ---------------------------------------------------------------

    def grant_connect(self, role: aws.iam.Role, db_user: str) -> aws.iam.RolePolicy:
        """`rds-db:connect` as `db_user` only, on this cluster (and its DR secondary, if any).

        The user must exist in PostgreSQL with `GRANT rds_iam TO <db_user>`.
        """
        if not DB_NAME_PATTERN.match(db_user) or db_user == self._args.master_username:
            raise ValueError(
                f"{self._name}.grant_connect: db_user must match {DB_NAME_PATTERN.pattern} and differ "
                f"from the master user (got {db_user!r})"
            )
        resources = [_db_user_arn(self._cluster, db_user)]
        if self._dr_cluster is not None:
            resources.append(_db_user_arn(self._dr_cluster, db_user))
        return grant_to_role(
            self,
            self._name,
            role,
            f"connect-{db_user.replace('_', '-')}",
            [statement("ConnectAsDbUser", ["rds-db:connect"], resources)],
        )

    def allow_from(self, source_security_group_id: pulumi.Input[str], *, label: str = "workloads") -> None:
        """Opens the PostgreSQL port of the cluster to members of one security group (nothing else)."""
        self._ingress.open(self.security_group_id, source_security_group_id, label, parent=self)

    def allow_dr_from(self, source_security_group_id: pulumi.Input[str], *, label: str = "dr-workloads") -> None:
        """Opens the PostgreSQL port of the DR secondary to one security group of the DR VPC."""
        if self._dr_group is None or self._dr_placement is None:
            raise ValueError(f"{self._name}.allow_dr_from: the database has no global_replica")
        self._ingress.open(self._dr_placement.security_group.id, source_security_group_id, label, parent=self._dr_group)

    # -- primary region -------------------------------------------------------------------------

    def _create_global_cluster(self) -> aws.rds.GlobalCluster:
        args = self._args
        return aws.rds.GlobalCluster(
            f"{self._name}-global",
            global_cluster_identifier=f"{self._name}-global",
            engine=ENGINE,
            engine_version=args.engine_version,
            database_name=args.database_name,
            storage_encrypted=True,
            deletion_protection=args.deletion_protection,
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )

    def _create_monitoring_role(self) -> aws.iam.Role:
        # One role serves both regions (IAM is global); AWS requires its managed policy for the agent.
        role = aws.iam.Role(
            f"{self._name}-monitoring",
            description=f"{self._name}: RDS enhanced monitoring",
            # Only RDS acting for this account (the key's account) may assume it: no confused deputy.
            assume_role_policy=service_trust(
                "monitoring.rds.amazonaws.com",
                {"StringEquals": {"aws:SourceAccount": arn_part(self._args.kms_key_arn, 4)}},
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        # Instances wait for this attachment: RDS refuses a monitoring role that lacks the policy yet
        # ("IAM role ARN value is invalid or does not include the required permissions").
        self._monitoring_policy = aws.iam.RolePolicyAttachment(
            f"{self._name}-monitoring-policy",
            role=role.name,
            policy_arn=ENHANCED_MONITORING_POLICY_ARN,
            opts=pulumi.ResourceOptions(parent=self),
        )
        return role

    def _create_cluster(self) -> aws.rds.Cluster:
        args = self._args
        log_group = _log_group(self, self._name, args.logs_kms_key_arn, args.log_retention_days)
        credentials = (
            self._global_credentials()
            if self._global
            else {
                "manage_master_user_password": True,
                "master_user_secret_kms_key_id": args.secrets_kms_key_arn,
            }
        )
        cluster = aws.rds.Cluster(
            f"{self._name}-cluster",
            cluster_identifier=self._name,
            global_cluster_identifier=self.global_cluster_identifier,
            database_name=args.database_name,
            master_username=args.master_username,
            **credentials,
            **self._cluster_settings(self._placement, args.kms_key_arn, f"{self._name}-final"),
            opts=pulumi.ResourceOptions(
                parent=self,
                depends_on=[log_group],
                protect=args.protect,
                ignore_changes=GLOBAL_MEMBER_IGNORED if self._global else None,
            ),
        )
        if self._global:
            self._write_master_secret(cluster)
        else:
            self.master_secret_arn = cluster.master_user_secrets.apply(lambda secrets: secrets[0].secret_arn)
        return cluster

    def _cluster_settings(self, placement: _Placement, kms_key_arn, final_snapshot_id: str) -> dict:
        """What the primary and the DR secondary share."""
        args = self._args
        serverless = None
        if args.serverless_capacity is not None:
            serverless = aws.rds.ClusterServerlessv2ScalingConfigurationArgs(
                min_capacity=args.serverless_capacity.min_acu, max_capacity=args.serverless_capacity.max_acu
            )
        return {
            "engine": ENGINE,
            "engine_version": args.engine_version,
            "kms_key_id": kms_key_arn,
            "storage_encrypted": True,
            "iam_database_authentication_enabled": True,
            "db_subnet_group_name": placement.subnet_group.name,
            "vpc_security_group_ids": [placement.security_group.id],
            "db_cluster_parameter_group_name": placement.parameters.name,
            "port": args.port,
            "backup_retention_period": args.backup_retention_days,
            "preferred_backup_window": args.preferred_backup_window,
            "preferred_maintenance_window": args.preferred_maintenance_window,
            "copy_tags_to_snapshot": True,
            "deletion_protection": args.deletion_protection,
            "skip_final_snapshot": not args.final_snapshot,
            "final_snapshot_identifier": final_snapshot_id if args.final_snapshot else None,
            "enabled_cloudwatch_logs_exports": LOG_EXPORTS,
            "serverlessv2_scaling_configuration": serverless,
        }

    def _global_credentials(self) -> dict:
        """Write-only master password, also written (write-only) into a CMK-encrypted, replicated secret."""
        args = self._args
        replica = args.global_replica
        assert replica is not None
        password = generated_password(self)
        secret = Secret(
            f"{self._name}-master",
            SecretArgs(
                secret_name=f"{self._name}/master",
                kms_key_arn=args.secrets_kms_key_arn,
                region=args.region,
                description=f"{self._name}: Aurora master credential (global database)",
                replica_region=replica.region,
                replica_kms_key_arn=replica.secrets_kms_key_arn,
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self._master_secret = secret
        self.master_secret_arn = secret.arn
        self._master_password = password
        return {"master_password_wo": password, "master_password_wo_version": MASTER_PASSWORD_VERSION}

    def _write_master_secret(self, cluster: aws.rds.Cluster) -> None:
        """The credential in the JSON shape of AWS's RDS rotation functions, write-only like the password."""
        args = self._args
        value = pulumi.Output.all(self._master_password, cluster.endpoint).apply(
            lambda parts: json.dumps(
                {
                    "engine": "postgres",
                    "host": parts[1],
                    "port": args.port,
                    "dbname": args.database_name,
                    "username": args.master_username,
                    "password": parts[0],
                }
            )
        )
        self._master_value = aws.secretsmanager.SecretVersion(
            f"{self._name}-master-value",
            secret_id=self.master_secret_arn,
            # Input[U] is a union, so mypy cannot solve U from an Output[str]; the call is what the SDK documents.
            secret_string_wo=pulumi.Output.secret(value),  # type: ignore[arg-type]
            secret_string_wo_version=MASTER_PASSWORD_VERSION,
            # After this first write a rotation function (if any) owns the value; Pulumi writes it again
            # only when MASTER_PASSWORD_VERSION changes, together with the cluster's password.
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _rotate_master_secret(self, rotation: MasterRotationArgs, *, writer: aws.rds.ClusterInstance) -> None:
        """AWS's rotation function for the master credential, next to the cluster, then the schedule."""
        args = self._args
        function = RotationFunction(
            f"{self._name}-rotation",
            RotationFunctionArgs(
                application=POSTGRES_SINGLE_USER,
                region=args.region,
                account_id=arn_part(args.kms_key_arn, 4),
                secret_arn=self.master_secret_arn,
                secret_kms_key_arn=args.secrets_kms_key_arn,
                vpc_id=args.vpc_id,
                subnet_ids=args.subnet_ids,
                database_port=args.port,
                database_security_group_id=self.security_group_id,
                secrets_endpoint_security_group_id=rotation.secrets_endpoint_security_group_id,
                logs_kms_key_arn=args.logs_kms_key_arn,
                log_retention_days=args.log_retention_days,
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.allow_from(function.security_group_id, label="master-rotation")
        # The function logs in to the writer with the secret's value, over its network path: all must exist.
        self._master_secret.rotate(
            SecretRotationArgs(lambda_arn=function.function_arn, every_days=rotation.every_days),
            after_value=[self._master_value, writer, function],
        )

    def _create_instances(
        self,
        owner: pulumi.Resource,
        name: str,
        cluster: aws.rds.Cluster,
        instance_class: str,
        count: int,
        kms_key_arn,
        *,
        zones: Sequence | None,
    ) -> list[aws.rds.ClusterInstance]:
        """The writer first, then readers that wait for it (so the writer is the first instance up).

        Instance i gets promotion tier i: failover prefers the first reader; autoscaled readers (tier 15)
        come last.
        """
        args = self._args
        instances: list[aws.rds.ClusterInstance] = []
        for index in range(count):
            depends_on = [self._monitoring_policy, *instances[:1]]
            instances.append(
                aws.rds.ClusterInstance(
                    f"{name}-{index}",
                    identifier=f"{name}-{index}",
                    cluster_identifier=cluster.id,
                    engine=ENGINE,
                    instance_class=instance_class,
                    availability_zone=zones[index % len(zones)] if zones else None,
                    promotion_tier=index,
                    publicly_accessible=False,
                    ca_cert_identifier=CURRENT_CA,
                    auto_minor_version_upgrade=True,
                    monitoring_interval=args.monitoring_interval,
                    monitoring_role_arn=self._monitoring_role.arn,
                    performance_insights_enabled=True,
                    performance_insights_kms_key_id=kms_key_arn,
                    performance_insights_retention_period=args.performance_insights_retention_days,
                    preferred_maintenance_window=args.preferred_maintenance_window,
                    copy_tags_to_snapshot=True,
                    opts=pulumi.ResourceOptions(parent=owner, depends_on=depends_on),
                )
            )
        return instances

    def _create_reader_autoscaling(
        self, scaling: ReaderAutoscalingArgs, instances: list[aws.rds.ClusterInstance]
    ) -> None:
        target = aws.appautoscaling.Target(
            f"{self._name}-readers",
            service_namespace="rds",
            scalable_dimension="rds:cluster:ReadReplicaCount",
            resource_id=pulumi.Output.concat("cluster:", self._cluster.cluster_identifier),
            min_capacity=max(self._args.reader_count, 1),
            max_capacity=scaling.max_readers,
            opts=pulumi.ResourceOptions(parent=self, depends_on=instances),
        )
        aws.appautoscaling.Policy(
            f"{self._name}-readers-cpu",
            name=f"{self._name}-readers-cpu",
            policy_type="TargetTrackingScaling",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            target_tracking_scaling_policy_configuration=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs(
                predefined_metric_specification=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs(
                    predefined_metric_type="RDSReaderAverageCPUUtilization"
                ),
                target_value=scaling.target_cpu_percent,
                scale_in_cooldown=scaling.cooldown_seconds,
                scale_out_cooldown=scaling.cooldown_seconds,
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _create_event_subscriptions(
        self,
        owner: pulumi.Resource,
        name: str,
        cluster: aws.rds.Cluster,
        instances: list[aws.rds.ClusterInstance],
        kms_key_arn: pulumi.Input[str],
    ) -> pulumi.Output[str]:
        """Failover / failure / maintenance events of `cluster` and `instances` to a topic on `kms_key_arn`.

        Everything is parented to `owner`, so it lands in `owner`'s region: RDS publishes a cluster's
        events only to a topic in the cluster's own region.
        """
        region, account = arn_part(cluster.arn, 3), arn_part(cluster.arn, 4)
        sources = {
            "cluster": ("db-cluster", [cluster.id]),
            "instances": ("db-instance", [i.id for i in instances]),
        }
        names = {key: f"{name}-{key}-events" for key in sources}
        topic = encrypted_topic(
            f"{name}-events",
            kms_key_arn=kms_key_arn,
            parent=owner,
            publishers=[
                Publisher(
                    service="events.rds.amazonaws.com",
                    account_id=account,
                    source_arns=[
                        pulumi.Output.concat("arn:aws:rds:", region, ":", account, ":es:", subscription)
                        for subscription in names.values()
                    ],
                )
            ],
        )
        for key, (source_type, source_ids) in sources.items():
            aws.rds.EventSubscription(
                names[key],
                name=names[key],
                sns_topic=topic.arn,
                source_type=source_type,
                source_ids=source_ids,
                event_categories=EVENT_CATEGORIES,
                enabled=True,
                opts=pulumi.ResourceOptions(parent=owner),
            )
        return topic.arn

    # -- DR region ------------------------------------------------------------------------------

    def _create_dr_secondary(self, primary_instances: list[aws.rds.ClusterInstance]) -> aws.rds.Cluster:
        args = self._args
        replica = args.global_replica
        assert replica is not None and self._global is not None
        name = f"{self._name}-dr"
        self._dr_group = RegionalGroup("database", name, parent=self, provider=replica.provider)
        self._dr_placement = _placement(self._dr_group, name, args, replica.vpc_id, replica.subnet_ids)
        self.dr_security_group_id = self._dr_placement.security_group.id
        log_group = _log_group(self._dr_group, name, replica.logs_kms_key_arn, args.log_retention_days)
        # A secondary has no credentials of its own; it joins once the primary's writer is up.
        cluster = aws.rds.Cluster(
            f"{name}-cluster",
            cluster_identifier=name,
            global_cluster_identifier=self._global.global_cluster_identifier,
            **self._cluster_settings(self._dr_placement, replica.kms_key_arn, f"{name}-final"),
            opts=pulumi.ResourceOptions(
                parent=self._dr_group,
                protect=args.protect,
                depends_on=[log_group, primary_instances[0]],
                # AWS sets the secondary's replication source to the primary; without this every update
                # would try to clear it, which detaches (promotes) the secondary. Provider docs: use
                # ignore_changes for it on a global cluster member.
                ignore_changes=[*GLOBAL_MEMBER_IGNORED, "replicationSourceIdentifier"],
            ),
        )
        instances = self._create_instances(
            self._dr_group,
            name,
            cluster,
            replica.instance_class or args.instance_class,
            replica.instance_count,
            replica.kms_key_arn,
            zones=None,
        )
        # The secondary's own events, on the DR replica of the data key (whose policy lets
        # events.rds.amazonaws.com use it: KeyRingArgs.service_principals apply to replicas too).
        self.dr_event_topic_arn = self._create_event_subscriptions(
            self._dr_group, name, cluster, instances, replica.kms_key_arn
        )
        return cluster


def _placement(
    owner: pulumi.Resource,
    name: str,
    args: DatabaseArgs,
    vpc_id: pulumi.Input[str],
    subnet_ids: Sequence[pulumi.Input[str]],
) -> _Placement:
    """Subnet group, closed security group and the parameter group (TLS required, audit), in `owner`'s region."""
    subnet_group, security_group = isolated_placement(
        aws.rds.SubnetGroup, owner, name, vpc_id=vpc_id, subnet_ids=subnet_ids, engine="Aurora PostgreSQL"
    )
    return _Placement(
        subnet_group=subnet_group,
        security_group=security_group,
        parameters=aws.rds.ClusterParameterGroup(
            f"{name}-params",
            name=f"{name}-params",
            family=parameter_group_family(args.engine_version),
            description=f"{name}: TLS required, pgaudit",
            parameters=[
                aws.rds.ClusterParameterGroupParameterArgs(name="rds.force_ssl", value="1"),
                aws.rds.ClusterParameterGroupParameterArgs(name="ssl_min_protocol_version", value="TLSv1.2"),
                *_audit_parameters(args.audit),
            ],
            opts=pulumi.ResourceOptions(parent=owner),
        ),
    )


def _audit_parameters(audit: DatabaseAuditArgs) -> list[aws.rds.ClusterParameterGroupParameterArgs]:
    return [
        aws.rds.ClusterParameterGroupParameterArgs(name=name, value=value, apply_method=apply_method(name))
        for name, value in audit_parameters(
            slow_statement_ms=audit.slow_statement_ms, sensitive_data=audit.sensitive_data
        ).items()
    ]


def _log_group(
    owner: pulumi.Resource, name: str, kms_key_arn: pulumi.Input[str], retention_days: int
) -> aws.cloudwatch.LogGroup:
    """The group RDS exports cluster `name`'s PostgreSQL log to (a fixed name), in `owner`'s region."""
    return encrypted_log_group(
        f"{name}-log",
        log_group_name=f"/aws/rds/cluster/{name}/postgresql",
        kms_key_arn=kms_key_arn,
        retention_days=retention_days,
        parent=owner,
    )


def _db_user_arn(cluster: aws.rds.Cluster, db_user: str) -> pulumi.Output[str]:
    """arn:aws:rds-db:<region>:<account>:dbuser:<cluster resource id>/<db_user>."""
    return pulumi.Output.concat(
        "arn:aws:rds-db:",
        arn_part(cluster.arn, 3),
        ":",
        arn_part(cluster.arn, 4),
        ":dbuser:",
        cluster.cluster_resource_id,
        "/",
        db_user,
    )
