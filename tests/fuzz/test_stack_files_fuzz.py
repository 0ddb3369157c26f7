"""Stack files, broken every way a person or a tool breaks them, always give exit 0 or 2: settings, or
one located line per problem, never a traceback, never a secret echoed back.

Inputs start from the shipped stacks: values replaced (wrong types, nasty strings, secrets), keys
removed or added, sections of the wrong shape; then, at the text level, YAML 1.1 oddities, duplicate
keys, tags, anchors and aliases, deep nesting, other encodings, stray bytes and truncation.
"""

from __future__ import annotations

import copy
import random
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from bulkhead.plan.runner import DEFAULT_STACKS_DIR
from infra.settings import SettingsError, load_stack_file
from tests.fuzz.support import SAMPLE_SECRETS, SECRET_VALUES, fuzz_settings, judge_exit, leaks, nasty_values, run_cli

STACK = "fuzz"
ENVIRONMENTS = ("dev", "staging", "prod")
SHIPPED = {env: yaml.safe_load((DEFAULT_STACKS_DIR / f"Pulumi.{env}.yaml").read_text()) for env in ENVIRONMENTS}
ODD_PLAIN_SCALARS = (
    "yes", "No", "on", "OFF", "y", "24:00", "1:30:00", "012", "0o17", "0x1F", "0b101", "1_000", "1e3", ".5",
    ".inf", "-.Inf", ".nan", "2024-01-01", "2024-01-01T10:00:00Z", "=", "<<", "!!binary aGVsbG8=",
    "!!timestamp 2024-01-01", "!!set {a, b}", "!!python/object/apply:os.system [id]", "!custom x",
    "!!float 1", "!!int 0x10", "&a x", "*missing", "99999999999999999999999", "1.0e999", "[*a]",
)  # fmt: skip


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path of a parsed document (mappings by key, lists by index)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*prefix, index))
    return found


PATHS = {env: [p for p in _paths(doc) if len(p) > 1] for env, doc in SHIPPED.items()}


def _parent(document: Any, path: tuple) -> Any:
    for part in path[:-1]:
        document = document[part]
    return document


def display(path: tuple) -> str:
    """A document path as the settings messages write it (relative to `bulkhead:settings`)."""
    parts = list(path[2:]) if path[:2] == ("config", "bulkhead:settings") else list(path[1:])
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "bulkhead:settings"


def _wrong_type(value: Any) -> Any:
    """A value of another JSON type that the field's strict type refuses at that very path."""
    if isinstance(value, bool):
        return "true"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return "a list was expected"
    return ["a mapping was expected"]


@st.composite
def stack_files(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """(file bytes, the display path a problem must name, when the mutation fixes one)."""
    env = draw(st.sampled_from(ENVIRONMENTS))
    document = copy.deepcopy(SHIPPED[env])
    confused: list[tuple[tuple, Any]] = []
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS[env]))
        try:
            parent = _parent(document, path)
            current = parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this part of the document
        operation = draw(st.sampled_from(("wrong_type", "replace", "delete", "unknown_key", "secret")))
        settings_leaf = path[:2] == ("config", "bulkhead:settings") and path[-1] not in ("cpu", "memory")
        untouched = type(current) is type(_value_at(SHIPPED[env], path))
        if operation == "wrong_type" and settings_leaf and untouched:
            parent[path[-1]] = _wrong_type(current)
            confused.append((path, parent[path[-1]]))
        elif operation == "replace":
            parent[path[-1]] = draw(nasty_values)
        elif operation == "delete":
            del parent[path[-1]]
        elif operation == "unknown_key" and isinstance(current, dict):
            key = draw(st.sampled_from(("password", "extra", *SECRET_VALUES[:2])))
            current[key] = SAMPLE_SECRETS["password"] if key == "password" else draw(nasty_values)
        elif operation == "secret":
            parent[path[-1]] = draw(st.sampled_from(SECRET_VALUES))
    text = yaml.safe_dump(document, allow_unicode=draw(st.booleans()), sort_keys=False)
    data = _text_mutation(draw, text)
    # A wrong type still in place (later mutations may have removed it) must be reported at its path.
    still_there = [path for path, value in confused if _value_at(document, path) is value]
    return data, (display(still_there[0]) if still_there and data == text.encode() else None)


def _value_at(document: Any, path: tuple) -> Any:
    try:
        return _parent(document, path)[path[-1]]
    except (KeyError, IndexError, TypeError):
        return None


def _text_mutation(draw: st.DrawFn, text: str) -> bytes:
    kind = draw(
        st.sampled_from(("none", "none", "odd_scalar", "duplicate_line", "encoding", "bytes", "nesting", "truncate"))
    )
    lines = text.splitlines(keepends=True)
    rng = random.Random(draw(st.integers(0, 2**32)))
    if kind == "odd_scalar":
        candidates = [i for i, line in enumerate(lines) if ": " in line and not line.rstrip().endswith(":")]
        index = rng.choice(candidates)
        key = lines[index].split(": ", 1)[0]
        lines[index] = f"{key}: {draw(st.sampled_from(ODD_PLAIN_SCALARS))}\n"
    elif kind == "duplicate_line":
        index = rng.randrange(len(lines))
        lines.insert(index, lines[index])
    elif kind == "encoding":
        return "".join(lines).encode(draw(st.sampled_from(("utf-16", "utf-32", "utf-8-sig", "latin-1"))), "replace")
    elif kind == "bytes":
        data = bytearray("".join(lines).encode())
        data.insert(rng.randrange(len(data)), draw(st.sampled_from((0x00, 0x1B, 0x80, 0xFF, 0xC3, 0x07))))
        return bytes(data)
    elif kind == "nesting":
        depth = draw(st.sampled_from((40, 1000, 100_000)))
        lines.append(f"extra: {'[' * depth}{']' * depth}\n")
    elif kind == "truncate":
        return "".join(lines).encode()[: rng.randrange(len(text))]
    return "".join(lines).encode()


def examine(data: bytes, must_name: str | None) -> list[str]:
    """What is wrong with how Bulkhead handles this stack file (empty: nothing)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"Pulumi.{STACK}.yaml"
        path.write_bytes(data)
        try:
            load_stack_file(path)
            return [f"accepted a wrong type at {must_name}"] if must_name is not None else []
        except SettingsError as error:
            problems = error.problems
        except Exception as error:  # noqa: BLE001 - a traceback is exactly what is being looked for
            return [f"traceback: {type(error).__name__}"]
        findings = [f"leaked {name}" for name in leaks("\n".join(problems))]
        findings += [f"unlocated: {line[:80]!r}" for line in problems if not line.startswith(f"{path}: ")]
        if must_name is not None and not any(line.startswith(f"{path}: {must_name}: ") for line in problems):
            findings.append(f"no line names {must_name}")
        code, out, err = run_cli(["plan", "--stack", STACK, "--stacks-dir", folder])
        return findings + judge_exit(code, out, err, allowed=(2,))


@fuzz_settings(75)
@given(stack_files())
def test_any_stack_file_gives_settings_or_located_problems_without_leaks(case):
    data, must_name = case
    assert examine(data, must_name) == []
