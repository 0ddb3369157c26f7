"""Checks shared by the components' args dataclasses, with the house wording of their errors."""

from __future__ import annotations


def require_between(field: str, value: float, low: float, high: float) -> None:
    """Raises `<field>: must be between <low> and <high> (got <value>)` unless low <= value <= high."""
    if not low <= value <= high:
        raise ValueError(f"{field}: must be between {low} and {high} (got {value})")
