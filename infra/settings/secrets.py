"""Secrets settings: the application secrets of one environment (names only, never values)."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, model_validator

from components.reference.secrets import (
    LAMBDA_ARN_PATTERN,
    MAX_RECOVERY_WINDOW_DAYS,
    MAX_ROTATION_DAYS,
    MIN_RECOVERY_WINDOW_DAYS,
)
from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.environment import FLOORS

SECRET_NAME_PATTERN = r"^[a-z][a-z0-9-]{0,62}\Z"


class RotationSettings(SettingsModel):
    """Rotation of an application secret by the application's own function and its schedule.

    Only the application knows how to mint a new value of its secrets (a payment provider's API key, a
    signing key), so its own stack deploys the rotation function; this names it. The function must be in
    the stack's primary region and account (checked), exist before `pulumi up`, and let Secrets Manager
    invoke it (docs/data-tier.md lists what its stack must grant).

    Attributes:
        lambda_arn: ARN of the application's rotation function.
        every_days: Days between rotations, 1-90. Default: 30
    """

    lambda_arn: str = Field(pattern=LAMBDA_ARN_PATTERN.pattern)
    every_days: int = Field(default=30, ge=1, le=MAX_ROTATION_DAYS)


class MasterRotationSettings(SettingsModel):
    """Rotation of a global database's master credential by the rotation function AWS publishes for
    Aurora PostgreSQL, which the blueprint deploys next to the database.

    Attributes:
        every_days: Days between rotations, 1-90. Default: 30
    """

    every_days: int = Field(default=30, ge=1, le=MAX_ROTATION_DAYS)


class AppSecretSettings(SettingsModel):
    """One application secret; its value is written out of band (never in a stack file).

    Attributes:
        name: Lowercase name; the secret is `<app>-<environment>/<name>` in Secrets Manager.
        description: What it holds. Default: - "Managed by Bulkhead".
        rotation: Rotation function and schedule. Default: - no rotation.
    """

    name: str = Field(pattern=SECRET_NAME_PATTERN)
    description: str = Field(default="Managed by Bulkhead", max_length=2048)
    rotation: RotationSettings | None = None


class SecretsSettings(SettingsModel):
    """Application secrets in Secrets Manager on the secrets CMK, replicated to the DR region if any.

    Attributes:
        recovery_window_days: Days a deleted secret stays recoverable, 7-30 (30 in prod). Default: 30
        app_secrets: The secrets services may read (`services[].needs.secrets`). Default: - none.
    """

    recovery_window_days: int = Field(
        default=MAX_RECOVERY_WINDOW_DAYS, ge=MIN_RECOVERY_WINDOW_DAYS, le=MAX_RECOVERY_WINDOW_DAYS
    )
    app_secrets: tuple[AppSecretSettings, ...] = ()

    @property
    def names(self) -> list[str]:
        return [secret.name for secret in self.app_secrets]

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> SecretsSettings:
        problems = ViolationCollector()
        names = self.names
        for index, name in enumerate(names):
            if names.index(name) != index:
                problems.add(("app_secrets", index, "name"), "must be unique", name)
        environment = environment_of(info)
        window = self.recovery_window_days
        floor = None if environment is None else FLOORS[environment].secret_recovery_window_days
        if floor is not None and window < floor:
            message = f"must be >= {floor} in {environment}"
            problems.add("recovery_window_days", message, window)
        problems.raise_if_any()
        return self
