"""Every settings field is documented in docs/settings.md (the reference a stack author reads).

Each section of `StackSettings` has its `## <section>` heading, and each field inside it appears in a
table row of that section as `` `path` ``: nested fields by their dotted path from the section
(`standby.min_nodes`), fields of list items as `items[].field`, items of a top-level list (`services`)
by their own path. A row may name siblings in short form (`` `serverless.min_acu` / `max_acu` ``,
`` `resources.limits.cpu`, `.memory` ``). A nested model that is itself a section (the DR `network`) is
documented by that section. Root fields sit under `## Root`.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

from pydantic import BaseModel

from infra.settings.stack import StackSettings

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The settings model a field holds (directly, optionally, or as list/tuple items)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        model = _model_in(arg)
        if model is not None:
            return model
    return None


def _is_sequence(annotation: object) -> bool:
    origin = typing.get_origin(annotation)
    return origin in (list, tuple) or any(_is_sequence(arg) for arg in typing.get_args(annotation))


# Root fields the stack file spells differently.
ROOT_SPELLING = {"region": "aws:region"}
SECTION_MODELS = {
    model for field in StackSettings.model_fields.values() if (model := _model_in(field.annotation)) is not None
}


def _paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Paths of every leaf field below `model`, as docs/settings.md spells them."""
    paths = []
    for name, field in model.model_fields.items():
        nested = _model_in(field.annotation)
        path = f"{prefix}{name}"
        if nested is None or nested in SECTION_MODELS:
            paths.append(path)
        elif _is_sequence(field.annotation):
            paths.append(path)
            paths += _paths(nested, f"{path}[].")
        else:
            paths += _paths(nested, f"{path}.")
    return paths


def _documented(path: str, rows: list[str]) -> bool:
    parent, _, leaf = path.rpartition(".")
    for row in rows:
        if f"`{path}`" in row or f"`{path}[]." in row:
            return True
        if parent and f"`{parent}" in row and (f"`{leaf}`" in row or f"`.{leaf}`" in row):
            return True
    return False


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    return {part.splitlines()[0].strip().strip("`"): part for part in parts}


def test_every_settings_field_is_documented_in_docs_settings_md() -> None:
    sections = _sections()
    missing = []
    for name, field in StackSettings.model_fields.items():
        model = _model_in(field.annotation)
        if model is None:
            if f"`{ROOT_SPELLING.get(name, name)}`" not in sections["Root"]:
                missing.append(name)
        elif name not in sections:
            missing.append(f"## `{name}` (section heading)")
        else:
            rows = [line for line in sections[name].splitlines() if line.startswith("|")]
            missing += [f"{name}: {path}" for path in _paths(model) if not _documented(path, rows)]
    assert not missing, "fields missing from docs/settings.md:\n" + "\n".join(missing)
