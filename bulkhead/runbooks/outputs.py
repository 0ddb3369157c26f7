"""The stack outputs contract: the JSON of `pulumi stack output --json` that the runbooks read.

The runbooks need no Pulumi CLI at run time: on-call exports the outputs once (or pipes them in) and
every identifier, region and target comes from here. Unknown keys are ignored because a stack exports
more than the runbooks need (kubeconfig, endpoints, ...).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bulkhead.arns import region_of
from infra.settings.documents import DocumentError, decode_utf8, parse_json, read_bytes
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
        raise ValueError(f"not an ARN: {arn!r}")
    return region


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True, regex_engine="python-re")

    def _set_together(self, first: str, second: str) -> None:
        """A DR pair: both fields set or both null."""
        first_value, second_value = getattr(self, first), getattr(self, second)
        if (first_value is None) != (second_value is None):
            raise ValueError(
                f"{first} and {second} must be both set or both null (got {first_value!r} and {second_value!r})"
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


class BackupOutput(_Model):
    vault_name: Identifier
    vault_arn: Arn
    dr_vault_name: Identifier | None = None
    dr_vault_arn: Arn | None = None
    protected_resource_arns: list[Arn]

    @model_validator(mode="after")
    def _dr_vault_pair(self) -> BackupOutput:
        self._set_together("dr_vault_name", "dr_vault_arn")
        return self


class StackOutputs(_Model):
    environment: Identifier
    primary_region: Region
    dr_region: Region | None
    rpo_minutes: Annotated[int, Field(ge=1)]
    rto_minutes: Annotated[int, Field(ge=1)] | None  # null: best effort, no target (dev)
    databases: list[DatabaseOutput]
    caches: list[CacheOutput]
    backup: BackupOutput

    @model_validator(mode="after")
    def _regions_consistent(self) -> StackOutputs:
        problems = []
        if self.dr_region == self.primary_region:
            problems.append(f"dr_region: must differ from primary_region (got {self.dr_region!r})")
        for field, arn, region in self._regional_arns():
            if region is None:
                problems.append(f"{field}: set but dr_region is null (got {arn!r})")
            elif arn_region(arn) != region:
                problems.append(f"{field}: must be in region {region} (got {arn!r})")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _regional_arns(self) -> list[tuple[str, str, str | None]]:
        arns: list[tuple[str, str, str | None]] = []
        for i, db in enumerate(self.databases):
            arns.append((f"databases[{i}].cluster_arn", db.cluster_arn, self.primary_region))
            if db.dr_cluster_arn is not None:
                arns.append((f"databases[{i}].dr_cluster_arn", db.dr_cluster_arn, self.dr_region))
        arns.append(("backup.vault_arn", self.backup.vault_arn, self.primary_region))
        if self.backup.dr_vault_arn is not None:
            arns.append(("backup.dr_vault_arn", self.backup.dr_vault_arn, self.dr_region))
        return arns

    def regions(self) -> list[str]:
        """The regions a failover may target: the primary, then the DR region if any."""
        return [self.primary_region] + ([self.dr_region] if self.dr_region else [])


def _format_error(source: str, error: dict) -> str:
    location = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"])
    location = redact_text(location.lstrip("."), 160) or "(top level)"
    if error["type"] == "missing":
        return f"{source}: {location}: missing required key"
    message = redact_text(error["msg"].removeprefix("Value error, "))
    if error["type"] == "value_error":
        return f"{source}: {location}: {message}" if location != "(top level)" else f"{source}: {message}"
    return f"{source}: {location}: {message} (got {preview(error['input'])})"


def parse_outputs(data: object, source: str = "outputs") -> StackOutputs:
    """Validate decoded JSON against the contract; every problem is reported at once."""
    try:
        return StackOutputs.model_validate(data)
    except ValidationError as exc:
        raise OutputsError("\n".join(_format_error(source, e) for e in exc.errors())) from None


def load_outputs(path: str, stdin: IO[str] | None = None) -> StackOutputs:
    """Read and validate the outputs file; `-` reads standard input. Strict JSON within bounds
    (infra/settings/documents.py): UTF-8, no NaN, no duplicate keys, bounded size and nesting."""
    source = "<stdin>" if path == "-" else redact_text(path, 300)  # a path is user input too
    try:
        text = _read_stdin(stdin or sys.stdin, source) if path == "-" else _read_file(path, source)
        data = parse_json(text, source)
    except DocumentError as error:
        hint = "; expected the output of `pulumi stack output --json`"
        raise OutputsError("\n".join(error.problems) + hint) from None
    return parse_outputs(data, source)


def _read_file(path: str, source: str) -> str:
    return decode_utf8(read_bytes(Path(path), source, MAX_OUTPUTS_BYTES, "outputs file"), source)


def _read_stdin(stream: IO[str], source: str) -> str:
    try:  # the real stdin has bytes underneath: decoded here as strictly as a file
        data = stream.buffer.read(MAX_OUTPUTS_BYTES + 1) if hasattr(stream, "buffer") else None
        text = stream.read(MAX_OUTPUTS_BYTES + 1) if data is None else None
    except (OSError, ValueError) as error:  # ValueError: a closed stream
        reason = getattr(error, "strerror", None) or "not readable"
        raise DocumentError([f"{source}: cannot read outputs file: {reason}"]) from None
    if len(data if data is not None else text) > MAX_OUTPUTS_BYTES:
        raise DocumentError([f"{source}: larger than {MAX_OUTPUTS_BYTES} bytes; not an outputs file"])
    return decode_utf8(data, source) if data is not None else text
