"""Fixtures for the verify tests: a sealed AWS environment and a local moto server (tests/aws_fixtures.py)."""

from __future__ import annotations

from tests.aws_fixtures import aws_sandbox, endpoint, moto_server, retry_waits

__all__ = ["aws_sandbox", "endpoint", "moto_server", "retry_waits"]  # shared fixtures, registered by being here
