"""House rules for every component (STYLE.md): documented args, type tokens, no config reads."""

import dataclasses
import importlib
import inspect
import pkgutil
import re

import pytest

import components


def component_modules():
    """Every module under components/, packages (domains, support, reference) walked recursively."""
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(components.__path__, prefix="components.")
        if not info.ispkg
    ]


def args_classes():
    found = []
    for module in component_modules():
        for name, value in vars(module).items():
            if name.endswith("Args") and dataclasses.is_dataclass(value) and value.__module__ == module.__name__:
                found.append(value)
    return found


def attribute_docs(cls) -> dict[str, str]:
    """`name: text` entries of the docstring's Attributes section, continuation lines joined."""
    doc = inspect.getdoc(cls) or ""
    section = doc.split("Attributes:", 1)[1] if "Attributes:" in doc else ""
    entries: dict[str, str] = {}
    current = None
    for line in section.splitlines():
        match = re.match(r"^    (\w+): (.*)$", line)
        if match:
            current = match.group(1)
            entries[current] = match.group(2)
        elif current and line.startswith("        "):
            entries[current] += " " + line.strip()
    return entries


@pytest.mark.parametrize("cls", args_classes(), ids=lambda cls: cls.__name__)
def test_every_args_field_is_documented_with_its_default(cls):
    docs = attribute_docs(cls)
    for field in dataclasses.fields(cls):
        assert field.name in docs, f"{cls.__name__}.{field.name} is not documented under Attributes:"
        has_default = field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
        if has_default:
            assert "Default:" in docs[field.name], f"{cls.__name__}.{field.name} does not state its default"
            assert "Default: None" not in docs[field.name], (
                f"{cls.__name__}.{field.name}: say what happens ('Default: - ...'), not 'None'"
            )


@pytest.mark.parametrize("cls", args_classes(), ids=lambda cls: cls.__name__)
def test_args_are_frozen_and_keyword_only(cls):
    params = cls.__dataclass_params__
    assert params.frozen, f"{cls.__name__} must be frozen"
    assert all(field.kw_only for field in dataclasses.fields(cls)), f"{cls.__name__} must be kw_only"


@pytest.mark.parametrize("module", component_modules(), ids=lambda module: module.__name__)
def test_components_never_read_stack_config(module):
    source = inspect.getsource(module)
    assert "pulumi.Config(" not in source and "infra." not in source, (
        f"{module.__name__} reads config or imports the program; components take everything as args"
    )


def test_component_type_tokens_follow_the_bulkhead_pattern():
    tokens = []
    for module in component_modules():
        tokens += re.findall(r'super\(\).__init__\(\s*"([^"]+)"', inspect.getsource(module))
    assert tokens, "no component found"
    bad = [token for token in tokens if not re.fullmatch(r"bulkhead:[a-z][a-z0-9_]*:[A-Z][A-Za-z0-9]*", token)]
    assert bad == []
    assert len(tokens) == len(set(tokens)), "two components share a type token"
