"""The key ring: one customer-managed KMS key per purpose, rotation on, explicit key policies.

`alerts` encrypts the alerts topics (CloudWatch alarms and EventBridge rules publish into them);
`audit` encrypts the CloudTrail trail and its bucket.

Where the environment has a DR region, every key is multi-region and gets a replica key there, so
that DR replicas (Aurora secondaries, secret replicas, backup copies) encrypt with the same key
material under a regional ARN.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import pulumi
import pulumi_aws as aws

from components.support.key_policies import key_policy
from components.support.validation import require_between, require_other_region

KeyPurpose = Literal["data", "secrets", "logs", "cluster", "backup", "alerts", "audit", "queues", "releases"]
KEY_PURPOSES: tuple[KeyPurpose, ...] = get_args(KeyPurpose)
ROTATION_PERIOD_DAYS = 365
DEFAULT_DELETION_WINDOW_DAYS = 30


@dataclass(frozen=True, kw_only=True)
class KeyRingArgs:
    """Inputs for `KeyRing`.

    Attributes:
        account_id: The AWS account that owns the keys.
        region: The primary region (for the CloudWatch Logs service principal).
        admin_role_arns: Roles that administer the keys; must include the role running `pulumi up`.
        purposes: The purposes to create a key for. Default: every purpose in KEY_PURPOSES.
        deletion_window_days: Waiting period before a scheduled deletion, 7-30. Default: 30
        service_principals: AWS services, per purpose, that publish into resources encrypted with the
            key (for example `events.rds.amazonaws.com` into an encrypted SNS topic).
            Default: - none.
        replica_region: Region of the DR replica keys. Default: - no replicas, single-region keys.
        replica_provider: Provider for `replica_region`; required with it.
            Default: - none.
    """

    account_id: pulumi.Input[str]
    region: str
    admin_role_arns: Sequence[str]
    purposes: Sequence[KeyPurpose] = KEY_PURPOSES
    deletion_window_days: int = DEFAULT_DELETION_WINDOW_DAYS
    service_principals: dict[KeyPurpose, Sequence[str]] | None = None
    replica_region: str | None = None
    replica_provider: pulumi.ProviderResource | None = None

    def __post_init__(self) -> None:
        require_between("KeyRingArgs.deletion_window_days", self.deletion_window_days, 7, 30)
        if not self.admin_role_arns:
            raise ValueError("KeyRingArgs.admin_role_arns: must name at least one role (got none)")
        unknown = sorted(set(self.purposes) - set(KEY_PURPOSES))
        if unknown:
            raise ValueError(f"KeyRingArgs.purposes: unknown purpose(s) {unknown}; allowed: {list(KEY_PURPOSES)}")
        if (self.replica_region is None) != (self.replica_provider is None):
            raise ValueError("KeyRingArgs.replica_region and replica_provider: set both or neither")
        require_other_region("KeyRingArgs.replica_region", self.replica_region, self.region)


class KeyRing(pulumi.ComponentResource):
    """One CMK (plus alias, plus DR replica where configured) per purpose."""

    keys: dict[KeyPurpose, aws.kms.Key]
    replicas: dict[KeyPurpose, aws.kms.ReplicaKey]

    def __init__(self, name: str, args: KeyRingArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:keys:KeyRing", name, None, opts)
        # Pulumi does not pass a component's depends_on to its children; the keys are what must wait
        # (e.g. for a service-linked role that a key policy names).
        self._depends_on = opts.depends_on if opts is not None else None
        self._name = name
        self._args = args
        self.keys = {}
        self.replicas = {}
        for purpose in args.purposes:
            self._create_key(purpose)
        self.register_outputs(
            {
                "key_arns": {purpose: key.arn for purpose, key in self.keys.items()},
                "replica_key_arns": {purpose: key.arn for purpose, key in self.replicas.items()},
            }
        )

    @property
    def multi_region(self) -> bool:
        return self._args.replica_region is not None

    def key_arn(self, purpose: KeyPurpose) -> pulumi.Output[str]:
        """ARN of the primary-region key for `purpose`."""
        return self._require(purpose, self.keys).arn

    def replica_key_arn(self, purpose: KeyPurpose) -> pulumi.Output[str]:
        """ARN of the DR-region replica of the key for `purpose`."""
        return self._require(purpose, self.replicas).arn

    def _require(self, purpose: KeyPurpose, keys: dict) -> aws.kms.Key | aws.kms.ReplicaKey:
        if purpose not in keys:
            raise KeyError(
                f"{self._name}: no {'replica ' if keys is self.replicas else ''}key for purpose "
                f"'{purpose}'; available: {sorted(keys)}"
            )
        return keys[purpose]

    def _create_key(self, purpose: KeyPurpose) -> None:
        args = self._args
        services = (args.service_principals or {}).get(purpose, ())
        key = aws.kms.Key(
            f"{self._name}-{purpose}",
            description=f"{self._name}: {purpose} encryption",
            enable_key_rotation=True,
            rotation_period_in_days=ROTATION_PERIOD_DAYS,
            deletion_window_in_days=args.deletion_window_days,
            multi_region=self.multi_region,
            policy=key_policy(
                account_id=args.account_id,
                region=args.region,
                admin_role_arns=args.admin_role_arns,
                purpose=purpose,
                service_principals=services,
            ),
            opts=pulumi.ResourceOptions(parent=self, depends_on=self._depends_on),
        )
        aws.kms.Alias(
            f"{self._name}-{purpose}-alias",
            name=f"alias/{self._name}-{purpose}",
            target_key_id=key.key_id,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.keys[purpose] = key
        if self.multi_region:
            self._create_replica(purpose, key, services)

    def _create_replica(self, purpose: KeyPurpose, key: aws.kms.Key, services: Sequence[str]) -> None:
        args = self._args
        assert args.replica_region is not None  # guarded by multi_region
        replica_opts = pulumi.ResourceOptions(parent=self, provider=args.replica_provider, depends_on=self._depends_on)
        replica = aws.kms.ReplicaKey(
            f"{self._name}-{purpose}-replica",
            primary_key_arn=key.arn,
            description=f"{self._name}: {purpose} encryption (DR replica)",
            deletion_window_in_days=args.deletion_window_days,
            policy=key_policy(
                account_id=args.account_id,
                region=args.replica_region,
                admin_role_arns=args.admin_role_arns,
                purpose=purpose,
                service_principals=services,
            ),
            opts=replica_opts,
        )
        aws.kms.Alias(
            f"{self._name}-{purpose}-replica-alias",
            name=f"alias/{self._name}-{purpose}",
            target_key_id=replica.key_id,
            opts=replica_opts,
        )
        self.replicas[purpose] = replica
