"""Checks shared by the components' args dataclasses, with the house wording of their errors."""

from __future__ import annotations


def require_between(field: str, value: float, low: float, high: float) -> None:
    """Raises `<field>: must be between <low> and <high> (got <value>)` unless low <= value <= high."""
    if not low <= value <= high:
        raise ValueError(f"{field}: must be between {low} and {high} (got {value})")


def require_other_region(field: str, value: str | None, region: str) -> None:
    """Raises `<field>: must differ from region (got <value>)` when a DR region equals the primary."""
    if value is not None and value == region:
        raise ValueError(f"{field}: must differ from region (got {value})")
