"""Runner settings: the in-VPC CodeBuild project that applies the Kubernetes layer (docs/layers.md)."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator, model_validator

from components.reference.codebuild import (
    DEFAULT_COMPUTE_TYPE,
    MAX_BUILD_TIMEOUT_MINUTES,
    MIN_BUILD_TIMEOUT_MINUTES,
    PULUMI_VERSION_PATTERN,
    ComputeType,
    SourceType,
    source_location_problem,
)
from components.reference.pulumi_state import kms_key_problem, parse_s3_backend
from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.environment import FLOORS
from infra.settings.network import LogRetentionDays


class RunnerSourceSettings(SettingsModel):
    """Where the runner gets this repository.

    Attributes:
        type: GITHUB | GITLAB | BITBUCKET (the account holds the host's source credential, imported once
            with `aws codebuild import-source-credentials`) or S3 (a zip of the repository).
        location: `https://github.com/<owner>/<repo>.git` and the like, or `<bucket>/<key>.zip` for S3.
        version: Branch, tag or commit to apply (S3: object version id).
            Default: - the repository's default branch (S3: the latest object version).
    """

    type: SourceType
    location: str
    # Git refs and S3 version ids are printable ASCII without spaces (a line break would reach the build).
    version: str | None = Field(default=None, pattern=r"^[\x21-\x7e]{1,255}\Z")

    @model_validator(mode="after")
    def _location_matches_type(self) -> RunnerSourceSettings:
        problems = ViolationCollector()
        problem = source_location_problem(self.type, self.location)
        if problem is not None:
            problems.add("location", problem, self.location)
        problems.raise_if_any()
        return self


class RunnerSettings(SettingsModel):
    """The CodeBuild project in each cluster's VPC (primary and, with a warm standby, DR) that runs
    the Kubernetes layer's `pulumi up` (the cluster endpoints are private).

    Attributes:
        state_backend_url: The S3 state backend, as given to `pulumi login`, with the bucket's region:
            `s3://<bucket>[/<prefix>]?region=<region>`.
        secrets_provider_key_arn: KMS key ARN of the stacks' secrets provider (`awskms://`), also the
            state bucket's SSE-KMS key.
        source: Where the runner gets this repository.
        pulumi_version: The Pulumi CLI version each build installs, such as "3.272.0".
        compute_type: BUILD_GENERAL1_SMALL | _MEDIUM | _LARGE | _XLARGE | _2XLARGE.
            Default: "BUILD_GENERAL1_SMALL"
        build_timeout_minutes: Minutes before a build is stopped, 5-2160. Default: 60
        log_retention_days: Retention of the build logs (a CloudWatch value, the environment's log
            floor). Default: 365
    """

    state_backend_url: str
    secrets_provider_key_arn: str
    source: RunnerSourceSettings
    pulumi_version: str = Field(pattern=PULUMI_VERSION_PATTERN.pattern)
    compute_type: ComputeType = DEFAULT_COMPUTE_TYPE
    build_timeout_minutes: int = Field(default=60, ge=MIN_BUILD_TIMEOUT_MINUTES, le=MAX_BUILD_TIMEOUT_MINUTES)
    log_retention_days: LogRetentionDays = 365

    @field_validator("state_backend_url")
    @classmethod
    def _s3_backend(cls, value: str) -> str:
        parse_s3_backend(value)  # its ValueError says what is wrong
        return value

    @field_validator("secrets_provider_key_arn")
    @classmethod
    def _key_arn(cls, value: str) -> str:
        problem = kms_key_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _meets_environment_floor(self, info: ValidationInfo) -> RunnerSettings:
        environment = environment_of(info)
        if environment is None:
            return self
        problems = ViolationCollector()
        floor = FLOORS[environment].log_retention_days
        problems.at_least("log_retention_days", self.log_retention_days, floor, environment)
        problems.raise_if_any()
        return self
