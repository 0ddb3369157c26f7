"""Typed, validated per-environment settings (the only reader of stack config)."""

from infra.settings.errors import SettingsError
from infra.settings.loader import load_stack_file, read_stack_config, validate_settings
from infra.settings.stack import StackSettings

__all__ = ["SettingsError", "StackSettings", "load_stack_file", "read_stack_config", "validate_settings"]
