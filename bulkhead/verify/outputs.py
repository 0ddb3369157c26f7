"""What `bulkhead verify` reads: the runbooks' outputs contract, widened by the verify contract.

`VerifyOutputs` extends the runbooks' `StackOutputs` (same reader, same messages, same per-environment
requirements) with what verify compares the live account against: the key of each purpose, the
values the stack chose (`declared`), each EKS cluster and each secret (docs/stack-outputs.md, "The
verify contract"), each cluster's in-VPC runner, and the web ACL of each region of the front door.
"""

from __future__ import annotations

from typing import IO, Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from bulkhead.runbooks.outputs import (
    Arn,
    EdgeOutput,
    FrontDoorOutput,
    Identifier,
    Region,
    StackOutputs,
    arn_region,
    load_outputs,
)
from bulkhead.runbooks.queues import QueueOutput, Url

# Keys the checks look up by purpose (the key ring's purposes; components/foundation/keys.py).
DATA_KEY, SECRETS_KEY, CLUSTER_KEY, BACKUP_KEY, LOGS_KEY = "data", "secrets", "cluster", "backup", "logs"
QUEUES_KEY, ALERTS_KEY, AUDIT_KEY, RELEASES_KEY = "queues", "alerts", "audit", "releases"


class _Part(BaseModel):
    model_config = StackOutputs.model_config


class KeyOutput(_Part):
    """One purpose's customer-managed key, and its replica in the DR region (multi-region keys)."""

    arn: Arn
    replica_arn: Arn | None = None


class DeclaredOutput(_Part):
    """Values the stack chose that AWS shows back (null where the stack has no such store)."""

    deletion_protection: bool
    database_backup_retention_days: Annotated[int, Field(ge=1, le=35)] | None = None
    cache_snapshot_retention_days: Annotated[int, Field(ge=0, le=35)] | None = None
    cache_automatic_failover: bool | None = None


class ClusterOutput(_Part):
    """An EKS cluster as the stack declared it."""

    name: Identifier
    arn: Arn
    region: Region
    role: Literal["primary", "standby"]
    kms_key_arn: Arn  # envelope encryption of Kubernetes secrets
    public_access_cidrs: list[str]  # empty: the API endpoint is private only
    log_types: list[str]
    admin_role_arns: list[Arn]

    @property
    def label(self) -> str:
        return f"{self.name} ({self.region})"


class SecretOutput(_Part):
    """A Secrets Manager secret, with the rotation and the replica the stack declared for it."""

    name: Identifier
    arn: Arn
    rotation_days: Annotated[int, Field(ge=1)] | None = None  # null: the stack declares no rotation
    replica_region: Region | None = None


class RunnerOutput(_Part):
    """A cluster's in-VPC runner (the CodeBuild project that applies its Kubernetes layer)."""

    project_name: Identifier
    region: Region
    role_arn: Arn  # has a cluster-admin access entry on its cluster
    subnet_ids: Annotated[list[Identifier], Field(min_length=1)]  # the VPC's private subnets
    security_group_id: Identifier
    kms_key_arn: Arn  # the logs key of its region
    log_group_name: str


class VerifyEdgeOutput(EdgeOutput):
    """One region's load balancer, with the web ACL the stack put in front of it."""

    web_acl_arn: Arn


class VerifyFrontDoorOutput(FrontDoorOutput):
    # pydantic narrows the item model of the runbooks' contract; a dict is invariant for mypy.
    regions: dict[Region, VerifyEdgeOutput]  # type: ignore[assignment]


class VerifyQueueOutput(QueueOutput):
    """A queue with the dead-letter queue its redrive policy must name, in each region it runs in."""

    arn: Arn
    dead_letter_url: Url
    dr_arn: Arn | None = None
    dr_dead_letter_url: Url | None = None

    @model_validator(mode="after")
    def _dr_queue_complete(self) -> VerifyQueueOutput:
        dr = {"dr_url": self.dr_url, "dr_arn": self.dr_arn, "dr_dead_letter_url": self.dr_dead_letter_url}
        if len({value is None for value in dr.values()}) > 1:
            raise ValueError(f"{', '.join(dr)} must be all set or all null (got {', '.join(map(str, dr.values()))})")
        return self


class AccountBaselineOutput(_Part):
    """The account's trail, detectors and hubs: this stack's, or re-exported from the stack that owns them."""

    owned_by: Identifier
    trail_arn: Arn
    audit_bucket: Identifier
    audit_bucket_lock_mode: Literal["COMPLIANCE", "GOVERNANCE"]  # the bucket's default Object Lock retention mode
    detector_ids: dict[Region, Identifier]
    detector_features: list[Identifier]  # the GuardDuty features every detector enables
    security_hub_arns: dict[Region, Arn]
    security_hub_standards: dict[Region, list[Identifier]]  # the standards ARNs each hub subscribes


class FeatureFlagsOutput(_Part):
    """One region's AppConfig flags: the environment rollouts go to, the alarms that roll them back, the profile."""

    region: Region
    application_id: Identifier
    environment_id: Identifier
    profile_id: Identifier
    monitor_alarm_arns: list[Arn]


class VerifyOutputs(StackOutputs):
    keys: dict[str, KeyOutput]
    declared: DeclaredOutput
    clusters: list[ClusterOutput] = Field(default_factory=list)
    secrets: list[SecretOutput] = Field(default_factory=list)
    runners: dict[Literal["primary", "standby"], RunnerOutput] = Field(default_factory=dict)
    front_door: VerifyFrontDoorOutput | None = None  # absent: nothing faces the internet
    queues: list[VerifyQueueOutput] = Field(default_factory=list)  # type: ignore[assignment]
    alert_topic_arns: dict[Region, Arn] = Field(default_factory=dict)
    account_baseline: AccountBaselineOutput | None = None  # absent: a stack without the observability layer
    feature_flags: FeatureFlagsOutput | None = None  # absent: no `releases:`
    standby_feature_flags: FeatureFlagsOutput | None = None  # null: no warm standby

    @property
    def owns_account_baseline(self) -> bool:
        """Only the stack that owns the trail has the audit key (infra/wiring/observability.py, key_purposes)."""
        return AUDIT_KEY in self.keys

    def regional_key(self, purpose: str, region: str) -> str:
        """The `purpose` key in `region`: the key in the primary region, its replica in the DR region."""
        key = self.key(purpose)
        replica = key.replica_arn if region == self.dr_region else None
        assert region == self.primary_region or replica is not None  # checked at validation
        return replica or key.arn

    @model_validator(mode="after")
    def _verify_contract(self) -> VerifyOutputs:
        problems = [
            *self._missing_keys(),
            *self._missing_declarations(),
            *self._missing_runners(),
            *self._outside_the_stack(),
            *self._misplaced_arns(),
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def key(self, purpose: str) -> KeyOutput:
        return self.keys[purpose]  # presence is checked at validation

    def runner_of(self, cluster: ClusterOutput) -> RunnerOutput:
        return self.runners[cluster.role]  # presence is checked at validation

    def _missing_keys(self) -> list[str]:
        """Every purpose a store of the outputs is encrypted with must be listed, with its replica
        where that store has a DR copy."""
        needed: dict[str, bool] = {}  # purpose -> a replica is needed too
        if self.databases or self.caches:
            needed[DATA_KEY] = any(db.dr_cluster_arn for db in self.databases) or any(
                cache.dr_replication_group_id for cache in self.caches
            )
        if self.secrets:
            needed[SECRETS_KEY] = any(secret.replica_region for secret in self.secrets)
        if self.backup is not None:
            needed[BACKUP_KEY] = self.backup.dr_vault_name is not None
        if self.queues:
            needed[QUEUES_KEY] = any(queue.dr_url for queue in self.queues)
        if self.alert_topic_arns:
            needed[ALERTS_KEY] = any(region != self.primary_region for region in self.alert_topic_arns)
        if self.feature_flags is not None:
            needed[RELEASES_KEY] = self.standby_feature_flags is not None
        problems = []
        for purpose, replica in needed.items():
            if purpose not in self.keys:
                problems.append(f"keys.{purpose}: missing, but the outputs list stores encrypted with it")
            elif replica and self.keys[purpose].replica_arn is None:
                problems.append(f"keys.{purpose}.replica_arn: null, but the outputs list DR copies encrypted with it")
        return problems

    def _missing_declarations(self) -> list[str]:
        required = []
        if self.databases:
            required.append("database_backup_retention_days")
        if self.caches:
            required += ["cache_snapshot_retention_days", "cache_automatic_failover"]
        return [
            f"declared.{name}: null, but the outputs list a store it applies to"
            for name in required
            if getattr(self.declared, name) is None
        ]

    def _missing_runners(self) -> list[str]:
        """Every cluster has the runner that applies its Kubernetes layer, in its region."""
        problems = []
        for cluster in self.clusters:
            runner = self.runners.get(cluster.role)
            if runner is None:
                problems.append(f"runners.{cluster.role}: missing, but the outputs list a {cluster.role} cluster")
            elif runner.region != cluster.region:
                problems.append(
                    f"runners.{cluster.role}.region: must be the region of its cluster, {cluster.region} "
                    f"(got {runner.region!r})"
                )
        return problems

    def _outside_the_stack(self) -> list[str]:
        regions = self.regions()
        found = [(f"alert_topic_arns.{region}", region) for region in self.alert_topic_arns]
        found += [
            (f"{key}.region", flags.region)
            for key, flags in (
                ("feature_flags", self.feature_flags),
                ("standby_feature_flags", self.standby_feature_flags),
            )
            if flags is not None
        ]
        return [
            f"{field}: must be one of the stack's regions {regions} (got {region!r})"
            for field, region in found
            if region not in regions
        ]

    def _misplaced_arns(self) -> list[str]:
        expected: list[tuple[str, str | None, str | None]] = [
            (f"keys.{p}.arn", key.arn, self.primary_region) for p, key in self.keys.items()
        ]
        expected += [
            (f"keys.{p}.replica_arn", key.replica_arn, self.dr_region)
            for p, key in self.keys.items()
            if key.replica_arn is not None
        ]
        expected += [(f"clusters[{i}].arn", c.arn, c.region) for i, c in enumerate(self.clusters)]
        expected += [(f"clusters[{i}].kms_key_arn", c.kms_key_arn, c.region) for i, c in enumerate(self.clusters)]
        expected += [
            (f"runners.{r}.kms_key_arn", runner.kms_key_arn, runner.region) for r, runner in self.runners.items()
        ]
        expected += [(f"secrets[{i}].arn", s.arn, self.primary_region) for i, s in enumerate(self.secrets)]
        expected += [(f"queues[{i}].arn", q.arn, self.primary_region) for i, q in enumerate(self.queues)]
        expected += [(f"queues[{i}].dr_arn", q.dr_arn, self.dr_region) for i, q in enumerate(self.queues)]
        expected += [(f"alert_topic_arns.{r}", arn, r) for r, arn in self.alert_topic_arns.items()]
        expected += [
            (f"{key}.monitor_alarm_arns[{i}]", arn, flags.region)
            for key, flags in (
                ("feature_flags", self.feature_flags),
                ("standby_feature_flags", self.standby_feature_flags),
            )
            if flags is not None
            for i, arn in enumerate(flags.monitor_alarm_arns)
        ]
        expected += [
            (f"front_door.regions.{r}.web_acl_arn", edge.web_acl_arn, r)
            for r, edge in (self.front_door.regions.items() if self.front_door else ())
        ]
        return [
            f"{field}: must be in region {region} (got {arn!r})" if region else f"{field}: set but dr_region is null"
            for field, arn, region in expected
            if arn is not None and arn_region(arn) != region
        ]


def load_verify_outputs(path: str, stdin: IO[str] | None = None) -> VerifyOutputs:
    """Read and validate the outputs file with the runbooks' reader and the verify contract."""
    return load_outputs(path, stdin, VerifyOutputs)
