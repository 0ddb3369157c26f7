"""`bulkhead verify`: the live account checked against the plan's promises, read-only (docs/verify.md)."""

from bulkhead.verify.cli import register

__all__ = ["register"]
