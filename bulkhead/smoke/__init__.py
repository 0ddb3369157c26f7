"""`bulkhead smoke`: a testinfra suite inside the running service pods (tests/smoke, docs/verify.md)."""

from bulkhead.smoke.cli import register

__all__ = ["register"]
