"""KMS settings: who administers the customer-managed keys and how long a deleted key lingers."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, ValidationInfo, model_validator

from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.environment import FLOORS

IAM_ROLE_ARN_PATTERN = r"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]+\Z"


class KeySettings(SettingsModel):
    """Customer-managed keys (one per purpose, rotation always on).

    `admin_role_arns` must include the role that runs `pulumi up`: KMS refuses a key policy that
    would lock its creator out.

    `create_autoscaling_service_role`: the cluster key's policy names the Auto Scaling service-linked
    role (nodes launch CMK-encrypted volumes through it) and KMS refuses a policy naming a role that does
    not exist. AWS creates that role with an account's first Auto Scaling group; set this to true in an
    account that has none yet, false where the role exists (creating it twice fails). Default: false
    """

    admin_role_arns: tuple[Annotated[str, Field(pattern=IAM_ROLE_ARN_PATTERN)], ...] = Field(min_length=1)
    deletion_window_days: int = Field(default=30, ge=7, le=30)
    create_autoscaling_service_role: bool = False

    @model_validator(mode="after")
    def _meets_environment_floor(self, info: ValidationInfo) -> KeySettings:
        environment = environment_of(info)
        if environment is None:
            return self
        problems = ViolationCollector()
        problems.at_least(
            "deletion_window_days", self.deletion_window_days, FLOORS[environment].key_deletion_window_days, environment
        )
        problems.raise_if_any()
        return self
