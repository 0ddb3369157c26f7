"""docs/verify.md lists every registered check and exactly verify's IAM actions."""

from __future__ import annotations

from pathlib import Path

from bulkhead.verify.catalog import updated
from bulkhead.verify.registry import CHECKS

DOC = Path(__file__).resolve().parents[2] / "docs" / "verify.md"


def test_docs_verify_is_current_with_the_registry() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert updated(text) == text, "run: python -m bulkhead.verify.catalog --write docs/verify.md"


def test_docs_verify_names_every_check() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [check.id for check in CHECKS if f"| `{check.id}` |" not in text] == []
