"""The stack outputs contract: the JSON of `pulumi stack output --json` that the runbooks read.

The runbooks need no Pulumi CLI at run time: on-call exports the outputs once (or pipes them in) and
every identifier, region and target comes from here. Unknown keys are ignored because a stack exports
more than the runbooks need (kubeconfig, endpoints, ...).

Two layers of checks, both exit 2: the shape of each key (pydantic), then what each environment
requires of a well-formed file (`environment_problems`): a prod file must list its data stores, their
global replicas, the DR vault and both vault locks, so that a truncated or hand-edited file can never
make a runbook pass by checking nothing. Environment names are matched exactly (`Prod` is refused,
not treated as some other environment).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Annotated, Any, Literal, TypeVar, overload

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bulkhead.arns import region_of
from bulkhead.runbooks.queues import QueueOutput
from components.reference.schedules import ScheduleError, max_interval_minutes
from infra.settings.documents import DocumentError, decode_utf8, parse_json, read_bytes
from infra.settings.dr import REPLICATING_STRATEGIES, DrStrategy
from infra.settings.environment import FLOORS, Environment
from infra.settings.errors import format_path, got
from infra.settings.redaction import preview, redact_text

MAX_OUTPUTS_BYTES = 16 * 1024 * 1024  # outputs with a kubeconfig are tens of KiB
REGION_PATTERN = r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]\Z"

Region = Annotated[str, Field(pattern=REGION_PATTERN)]
Identifier = Annotated[str, Field(min_length=1)]
Arn = Annotated[str, Field(pattern=r"^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:.+\Z")]


class OutputsError(ValueError):
    """The outputs file is missing, unreadable or does not match the contract (one problem per line)."""


def arn_region(arn: str) -> str:
    """Region field of an ARN (empty for global resources)."""
    region = region_of(arn)
    if region is None:
        raise ValueError(f"not an ARN: {preview(arn)}")
    return region


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True, regex_engine="python-re")

    def _set_together(self, first: str, second: str) -> None:
        """A DR pair: both fields set or both null."""
        first_value, second_value = getattr(self, first), getattr(self, second)
        if (first_value is None) != (second_value is None):
            raise ValueError(
                f"{first} and {second} must be both set or both null "
                f"(got {preview(first_value)} and {preview(second_value)})"
            )


class DatabaseOutput(_Model):
    name: Identifier
    cluster_identifier: Identifier
    cluster_arn: Arn
    global_cluster_identifier: Identifier | None = None
    dr_cluster_arn: Arn | None = None

    @model_validator(mode="after")
    def _dr_cluster_needs_global(self) -> DatabaseOutput:
        self._set_together("global_cluster_identifier", "dr_cluster_arn")
        return self


class CacheOutput(_Model):
    name: Identifier
    replication_group_id: Identifier
    global_replication_group_id: Identifier | None = None
    dr_replication_group_id: Identifier | None = None

    @model_validator(mode="after")
    def _dr_group_needs_global(self) -> CacheOutput:
        self._set_together("global_replication_group_id", "dr_replication_group_id")
        return self


class VaultLockOutput(_Model):
    """The retention bounds a compliance-mode vault lock was configured with."""

    min_retention_days: Annotated[int, Field(ge=1)]
    max_retention_days: Annotated[int, Field(ge=1)]


class BackupOutput(_Model):
    vault_name: Identifier
    vault_arn: Arn
    dr_vault_name: Identifier | None = None
    dr_vault_arn: Arn | None = None
    protected_resource_arns: list[Arn]
    schedule: str  # AWS cron expression of the snapshot rule
    start_window_minutes: Annotated[int, Field(ge=1)]
    completion_window_minutes: Annotated[int, Field(ge=1)]
    continuous_backup: bool
    vault_lock: VaultLockOutput | None = None
    dr_vault_lock: VaultLockOutput | None = None

    @field_validator("schedule")
    @classmethod
    def _schedule_parses(cls, value: str) -> str:
        try:
            max_interval_minutes(value)
        except ScheduleError as error:
            raise ValueError(str(error)) from None
        return value

    @property
    def schedule_gap_minutes(self) -> int:
        return max_interval_minutes(self.schedule)

    @model_validator(mode="after")
    def _dr_vault_pair(self) -> BackupOutput:
        self._set_together("dr_vault_name", "dr_vault_arn")
        return self


class ServiceOutput(_Model):
    name: Identifier
    namespace: Identifier


class EdgeOutput(_Model):
    """One region's load balancer of the front door."""

    load_balancer_arn: Arn
    dns_name: Identifier
    zone_id: Identifier
    target_group_arns: dict[str, Arn]


class FrontDoorOutput(_Model):
    """The API's public name and how it routes (`front_door` output, docs/stack-outputs.md)."""

    api_name: Identifier
    hosted_zone_id: Identifier
    routing: Literal["failover", "simple"]
    health_check_id: Identifier | None = None
    regions: dict[Region, EdgeOutput]

    @model_validator(mode="after")
    def _failover_has_a_health_check(self) -> FrontDoorOutput:
        if (self.routing == "failover") != (self.health_check_id is not None):
            raise ValueError(
                f"health_check_id must be set exactly when routing is 'failover' (got routing {self.routing!r} "
                f"and health_check_id {preview(self.health_check_id)})"
            )
        return self


class StackOutputs(_Model):
    environment: Environment
    primary_region: Region
    dr_region: Region | None
    rpo_minutes: Annotated[int, Field(ge=1)]
    rto_minutes: Annotated[int, Field(ge=1)] | None  # null: best effort, no target (dev)
    dr_strategy: DrStrategy
    databases: list[DatabaseOutput]
    caches: list[CacheOutput]
    backup: BackupOutput | None = None  # absent in a stack without a database
    # Read only to print the fencing commands of `dr failover` (absent in a stack without a cluster).
    cluster_name: Identifier | None = None
    services: list[ServiceOutput] = Field(default_factory=list)
    front_door: FrontDoorOutput | None = None  # absent: nothing public to move
    queues: list[QueueOutput] = Field(default_factory=list)  # absent: the stack has no queues

    @model_validator(mode="after")
    def _regions_consistent(self) -> StackOutputs:
        problems = []
        if self.dr_region == self.primary_region:
            problems.append(f"dr_region: must differ from primary_region (got {preview(self.dr_region)})")
        for field, arn, region in self._regional_arns():
            if region is None:
                problems.append(f"{field}: set but dr_region is null (got {preview(arn)})")
            elif arn_region(arn) != region:
                problems.append(f"{field}: must be in region {region} (got {preview(arn)})")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _regional_arns(self) -> list[tuple[str, str, str | None]]:
        arns: list[tuple[str, str, str | None]] = []
        for i, db in enumerate(self.databases):
            arns.append((f"databases[{i}].cluster_arn", db.cluster_arn, self.primary_region))
            if db.dr_cluster_arn is not None:
                arns.append((f"databases[{i}].dr_cluster_arn", db.dr_cluster_arn, self.dr_region))
        if self.backup is not None:
            arns.append(("backup.vault_arn", self.backup.vault_arn, self.primary_region))
            if self.backup.dr_vault_arn is not None:
                arns.append(("backup.dr_vault_arn", self.backup.dr_vault_arn, self.dr_region))
        for region, edge in self.front_door.regions.items() if self.front_door else ():
            arns.append((f"front_door.regions.{region}.load_balancer_arn", edge.load_balancer_arn, region))
        return arns

    def regions(self) -> list[str]:
        """The regions a failover may target: the primary, then the DR region if any."""
        return [self.primary_region] + ([self.dr_region] if self.dr_region else [])


def environment_problems(outputs: StackOutputs) -> list[str]:
    """What the outputs' environment and DR strategy require of them, as `path: message (got X)` lines."""
    problems: list[str] = []
    environment, strategy = outputs.environment, outputs.dr_strategy
    allowed = FLOORS[environment].dr_strategies
    if strategy not in allowed:
        problems.append(f"dr_strategy: must be one of {list(allowed)} in {environment} (got {preview(strategy)})")
    if strategy != "none" and outputs.dr_region is None:
        problems.append(f"dr_region: required with dr_strategy {strategy} (got None)")
    if strategy in REPLICATING_STRATEGIES:
        for kind, stores, key in (
            ("databases", outputs.databases, "global_cluster_identifier"),
            ("caches", outputs.caches, "global_replication_group_id"),
        ):
            problems.extend(
                f"{kind}[{i}].{key}: required with dr_strategy {strategy} (got None)"
                for i, store in enumerate(stores)
                if getattr(store, key) is None
            )
    if environment == "prod":
        if not outputs.databases and not outputs.caches:
            problems.append(
                "databases, caches: a prod outputs file lists at least one data store (got none): "
                "is this the whole `pulumi stack output --json` of the prod stack?"
            )
        if outputs.rto_minutes is None:
            problems.append("rto_minutes: required in prod (got None)")
        if outputs.databases and outputs.backup is None:
            problems.append("backup: required in prod when the stack has a database (got None)")
    backup = outputs.backup
    if backup is not None and strategy != "none" and backup.dr_vault_name is None:
        problems.append(f"backup.dr_vault_name: required with dr_strategy {strategy} (got None)")
    if backup is not None and environment == "prod":
        for key in ("vault_lock", "dr_vault_lock"):
            if getattr(backup, key) is None:
                problems.append(f"backup.{key}: required in prod, which locks its vaults (got None)")
    return problems


def _format_error(source: str, error: Mapping[str, Any]) -> str:
    location = format_path(error["loc"]) if error["loc"] else "(top level)"
    if error["type"] == "missing":
        return f"{source}: {location}: missing required key"
    message = redact_text(error["msg"].removeprefix("Value error, "))
    if error["type"] == "value_error":
        return f"{source}: {location}: {message}" if location != "(top level)" else f"{source}: {message}"
    return f"{source}: {location}: {message}{got(error['loc'], error['input'])}"


Contract = TypeVar("Contract", bound=StackOutputs)


@overload
def parse_outputs(data: object, source: str = ...) -> StackOutputs: ...
@overload
def parse_outputs(data: object, source: str, model: type[Contract]) -> Contract: ...
def parse_outputs(data: object, source: str = "outputs", model: type[StackOutputs] = StackOutputs) -> StackOutputs:
    """Validate decoded JSON against the contract (`model`: a wider one, such as verify's, extends it);
    every problem is reported at once."""
    try:
        outputs = model.model_validate(data)
    except ValidationError as exc:
        raise OutputsError("\n".join(_format_error(source, e) for e in exc.errors())) from None
    problems = environment_problems(outputs)
    if problems:
        raise OutputsError("\n".join(f"{source}: {problem}" for problem in problems))
    return outputs


@overload
def load_outputs(path: str, stdin: IO[str] | None = ...) -> StackOutputs: ...
@overload
def load_outputs(path: str, stdin: IO[str] | None, model: type[Contract]) -> Contract: ...
def load_outputs(path: str, stdin: IO[str] | None = None, model: type[StackOutputs] = StackOutputs) -> StackOutputs:
    """Read and validate the outputs file; `-` reads standard input. Strict JSON within bounds
    (infra/settings/documents.py): UTF-8, no NaN, no duplicate keys, bounded size and nesting."""
    source = "<stdin>" if path == "-" else redact_text(path, 300)  # a path is user input too
    try:
        text = _read_stdin(stdin or sys.stdin, source) if path == "-" else _read_file(path, source)
        data = parse_json(text, source)
    except DocumentError as error:
        hint = "; expected the output of `pulumi stack output --json`"
        raise OutputsError("\n".join(error.problems) + hint) from None
    return parse_outputs(data, source, model)


def _read_file(path: str, source: str) -> str:
    return decode_utf8(read_bytes(Path(path), source, MAX_OUTPUTS_BYTES, "outputs file"), source)


def _read_stdin(stream: IO[str], source: str) -> str:
    try:  # the real stdin has bytes underneath: decoded here as strictly as a file
        data = stream.buffer.read(MAX_OUTPUTS_BYTES + 1) if hasattr(stream, "buffer") else None
        text = stream.read(MAX_OUTPUTS_BYTES + 1) if data is None else None
    except (OSError, ValueError) as error:  # ValueError: a closed stream
        reason = getattr(error, "strerror", None) or "not readable"
        raise DocumentError([f"{source}: cannot read outputs file: {reason}"]) from None
    read: bytes | str = data if data is not None else (text or "")
    if len(read) > MAX_OUTPUTS_BYTES:
        raise DocumentError([f"{source}: larger than {MAX_OUTPUTS_BYTES} bytes; not an outputs file"])
    return decode_utf8(read, source) if isinstance(read, bytes) else read
