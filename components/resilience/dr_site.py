"""The standing pieces of the DR region that belong to no single data store.

- image replication (every strategy but none): the primary registry replicates the stack's
  repositories to the DR region, where ECR creates them from a template: CMK-encrypted with the DR
  key, immutable tags, a lifecycle. Without it, losing the primary region loses the images too.
- network (pilot light and warm standby): the DR VPC, built by the same `Network` component as the
  primary, so the data-store secondaries and the standby cluster have somewhere to live.

Every resource here goes through an explicit provider: the component's own (the DR region) or, for
the registry's replication rule, which belongs to the source registry, `source_provider`.
The data-store secondaries are created by the data components (`global_replica` args) and the
standby cluster by the platform components, both on the DR provider.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.foundation.network import Network, NetworkArgs
from components.support.iam import document, service_trust, statement

REPOSITORY_PREFIX_PATTERN = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*\Z")
UNTAGGED_IMAGE_EXPIRY_DAYS = 14
TEMPLATE_ECR_ACTIONS = (
    "ecr:CreateRepository",
    "ecr:PutLifecyclePolicy",
    "ecr:ReplicateImage",
    "ecr:TagResource",
)
# What ECR needs on the DR key to create CMK-encrypted repositories through the template's role.
TEMPLATE_KMS_ACTIONS = ("kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant")


@dataclass(frozen=True, kw_only=True)
class ImageReplicationArgs:
    """ECR replication of the stack's repositories from the primary region to the DR region.

    Attributes:
        source_provider: Provider of the primary region (the replication rule belongs to its registry;
            it is the registry's only replication configuration, so one stack per account-region owns it).
        source_region: The primary region.
        account_id: The account of both registries.
        repository_prefix: Repositories named `<prefix>/...` replicate; the rest do not.
        kms_key_arn: CMK in the DR region for the replicated repositories (a DR replica key).
    """

    source_provider: pulumi.ProviderResource
    source_region: str
    account_id: pulumi.Input[str]
    repository_prefix: str
    kms_key_arn: pulumi.Input[str]

    def __post_init__(self) -> None:
        if not REPOSITORY_PREFIX_PATTERN.match(self.repository_prefix):
            raise ValueError(
                f"ImageReplicationArgs.repository_prefix: must be a lowercase ECR namespace such as "
                f"'mobile' (got {self.repository_prefix!r})"
            )


@dataclass(frozen=True, kw_only=True)
class DrSiteArgs:
    """Inputs for `DrSite`.

    Attributes:
        region: The DR region (the region of the component's provider).
        network: The DR VPC. Default: - no standing network (backup and restore builds it on failover).
        image_replication: Replicate images to the DR region. Default: - no replication.
    """

    region: str
    network: NetworkArgs | None = None
    image_replication: ImageReplicationArgs | None = None

    def __post_init__(self) -> None:
        if self.network is not None and self.network.region != self.region:
            raise ValueError(
                f"DrSiteArgs.network.region: must be the DR region {self.region} (got {self.network.region})"
            )
        replication = self.image_replication
        if replication is not None and replication.source_region == self.region:
            raise ValueError(
                f"DrSiteArgs.image_replication.source_region: must differ from the DR region "
                f"(got {replication.source_region})"
            )


class DrSite(pulumi.ComponentResource):
    """The DR region's network and image replication; pass the DR provider in `opts`."""

    network: Network | None
    replication_template_prefix: str | None

    def __init__(self, name: str, args: DrSiteArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:dr:DrSite", name, None, opts)
        self._name = name
        self._args = args
        self.network = None
        if args.network is not None:
            self.network = Network(f"{name}-network", args.network, opts=pulumi.ResourceOptions(parent=self))
        self.replication_template_prefix = None
        if args.image_replication is not None:
            self._create_image_replication(args.image_replication)
        self.register_outputs(
            {
                "vpc_id": self.network.vpc_id if self.network else None,
                "replication_template_prefix": self.replication_template_prefix,
            }
        )

    def _create_image_replication(self, replication: ImageReplicationArgs) -> None:
        prefix = replication.repository_prefix
        role = self._create_template_role(replication)
        aws.ecr.RepositoryCreationTemplate(
            f"{self._name}-ecr-template",
            prefix=prefix,
            applied_fors=["REPLICATION"],
            description=f"{self._name}: replicas of the {prefix}/* repositories",
            custom_role_arn=role.arn,
            image_tag_mutability="IMMUTABLE",
            encryption_configurations=[
                aws.ecr.RepositoryCreationTemplateEncryptionConfigurationArgs(
                    encryption_type="KMS", kms_key=replication.kms_key_arn
                )
            ],
            lifecycle_policy=_expire_untagged_images(),
            opts=pulumi.ResourceOptions(parent=self),
        )
        aws.ecr.ReplicationConfiguration(
            f"{self._name}-ecr-replication",
            replication_configuration=aws.ecr.ReplicationConfigurationReplicationConfigurationArgs(
                rules=[
                    aws.ecr.ReplicationConfigurationReplicationConfigurationRuleArgs(
                        destinations=[
                            aws.ecr.ReplicationConfigurationReplicationConfigurationRuleDestinationArgs(
                                region=self._args.region, registry_id=replication.account_id
                            )
                        ],
                        repository_filters=[
                            aws.ecr.ReplicationConfigurationReplicationConfigurationRuleRepositoryFilterArgs(
                                filter=prefix, filter_type="PREFIX_MATCH"
                            )
                        ],
                    ),
                ]
            ),
            opts=pulumi.ResourceOptions(parent=self, provider=replication.source_provider),
        )
        self.replication_template_prefix = prefix

    def _create_template_role(self, replication: ImageReplicationArgs) -> aws.iam.Role:
        """The role ECR assumes to create the replicas: only `<prefix>/*` repositories, only the DR key."""
        role = aws.iam.Role(
            f"{self._name}-ecr-template-role",
            description=f"{self._name}: ECR creates replicated repositories in {self._args.region}",
            assume_role_policy=service_trust(
                "ecr.amazonaws.com", {"StringEquals": {"aws:SourceAccount": replication.account_id}}
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        repositories = pulumi.Output.concat(
            "arn:aws:ecr:",
            self._args.region,
            ":",
            replication.account_id,
            ":repository/",
            replication.repository_prefix,
            "/*",
        )
        aws.iam.RolePolicy(
            f"{self._name}-ecr-template-role-policy",
            role=role.id,
            policy=document(
                [
                    statement("CreateReplicatedRepositories", TEMPLATE_ECR_ACTIONS, [repositories]),
                    statement("EncryptWithTheDrKey", TEMPLATE_KMS_ACTIONS, [replication.kms_key_arn]),
                ]
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        return role


def _expire_untagged_images() -> str:
    return json.dumps(
        {
            "rules": [
                {
                    "rulePriority": 1,
                    "description": f"expire untagged images after {UNTAGGED_IMAGE_EXPIRY_DAYS} days",
                    "selection": {
                        "tagStatus": "untagged",
                        "countType": "sinceImagePushed",
                        "countUnit": "days",
                        "countNumber": UNTAGGED_IMAGE_EXPIRY_DAYS,
                    },
                    "action": {"type": "expire"},
                }
            ]
        },
        sort_keys=True,
    )
