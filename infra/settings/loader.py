"""Reads a stack's settings from a stack file or from Pulumi config, and validates them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from infra.settings.documents import DocumentError, check_plain
from infra.settings.environment import ENVIRONMENTS
from infra.settings.errors import SETTINGS_KEY, SettingsError, format_validation_error
from infra.settings.redaction import redact_text
from infra.settings.stack import StackSettings
from infra.settings.stack_yaml import load_yaml

REGION_KEY = "aws:region"


def validate_settings(raw_settings: Any, region: Any, source: str) -> StackSettings:
    """Validates the `bulkhead:settings` object and the region; raises SettingsError listing every problem."""
    if not isinstance(raw_settings, Mapping):
        kind = type(raw_settings).__name__
        raise SettingsError([f"{source}: {SETTINGS_KEY}: must be a mapping of settings (got {kind})"])
    try:
        check_plain({SETTINGS_KEY: raw_settings, REGION_KEY: region}, source)
    except DocumentError as error:
        raise SettingsError(error.problems) from None
    environment = raw_settings.get("environment")
    context = {
        "environment": environment if environment in ENVIRONMENTS else None,
        "region": region,
    }
    try:
        return StackSettings.model_validate(_frozen({**raw_settings, "region": region}), context=context)
    except ValidationError as error:
        raise SettingsError(format_validation_error(error, source)) from None


def _frozen(value: Any) -> Any:
    """Lists become tuples: the settings are immutable, and strict validation takes a tuple for a tuple.
    (Recursion is bounded: `check_plain` has limited the depth.)"""
    if isinstance(value, Mapping):
        return {key: _frozen(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def read_stack_config(path: Path) -> dict[str, Any]:
    """The `config:` mapping of a stack file; SettingsError when the file is missing or malformed."""
    source = redact_text(str(path), 300)  # a path is user input too
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # a name the file system cannot hold
        is_file = False
    if not is_file:
        raise SettingsError([f"{source}: no such stack file"])
    try:
        document = load_yaml(path, source)
    except DocumentError as error:
        raise SettingsError(error.problems) from None
    config = (document or {}).get("config") if isinstance(document, Mapping) else None
    if not isinstance(config, Mapping):
        raise SettingsError([f"{source}: config: is required (a mapping with {REGION_KEY} and {SETTINGS_KEY})"])
    require_keys(config, source)
    return dict(config)


def require_keys(config: Mapping[str, Any], source: str) -> None:
    """SettingsError naming each of `aws:region` and `bulkhead:settings` that `config` lacks, and
    (every problem at once) what is wrong in the settings that are there."""
    problems = [f"{source}: {key}: is required" for key in (REGION_KEY, SETTINGS_KEY) if key not in config]
    if problems and SETTINGS_KEY in config:
        try:
            validate_settings(config[SETTINGS_KEY], None, source)
        except SettingsError as error:
            problems += [line for line in error.problems if not line.startswith(f"{source}: {REGION_KEY}:")]
    if problems:
        raise SettingsError(problems)


def load_stack_file(path: Path) -> StackSettings:
    config = read_stack_config(path)
    return validate_settings(config[SETTINGS_KEY], config[REGION_KEY], redact_text(str(path), 300))
