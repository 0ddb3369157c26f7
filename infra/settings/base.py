"""Shared base for every settings model, and the way section validators report problems."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo

from infra.settings.environment import Environment


class SettingsModel(BaseModel):
    """Frozen, strict about unknown keys: a typo in a stack file is an error, not a silent default."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class Violations(ValueError):
    """Several invariant violations of one section, reported together.

    Each violation is `(path, message, value)`; `path` is relative to the section that raises it. The
    error formatter expands them into one line each, so a bad stack file shows every problem at once.
    """

    def __init__(self, violations: list[tuple[tuple[str | int, ...], str, Any]]):
        self.violations = violations
        super().__init__("; ".join(message for _, message, _ in violations))


class ViolationCollector:
    """Collects invariant violations inside a model validator and raises them as one `Violations`."""

    def __init__(self) -> None:
        self._items: list[tuple[tuple[str | int, ...], str, Any]] = []

    def add(self, path: str | tuple[str | int, ...], message: str, value: Any) -> None:
        self._items.append(((path,) if isinstance(path, str) else path, message, value))

    def at_least(self, path: str | tuple[str | int, ...], value: float, floor: float, environment: str) -> None:
        """Reports `must be >= <floor> in <environment>` when `value` is below the environment's floor."""
        if value < floor:
            self.add(path, f"must be >= {floor} in {environment}", value)

    def raise_if_any(self) -> None:
        if self._items:
            raise Violations(self._items)


def environment_of(info: ValidationInfo) -> Environment | None:
    """The environment being validated, passed down as validation context by the root model."""
    context = info.context or {}
    return context.get("environment")
