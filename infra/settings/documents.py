"""Reading an input document safely: bounded size, UTF-8 text, JSON-shaped values, bounded nesting.

Stack files (YAML), Pulumi's structured config, plan files and outputs files (JSON) all end up as
plain JSON values before anything interprets them. Everything here fails with `DocumentError`, one
short line per problem, before a parser or a validator could recurse too deep, allocate too much or
print a traceback.
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from infra.settings.redaction import preview, redact_text

MAX_DEPTH = 32  # shipped stack files nest 7 levels, plan files about 15
MAX_NODES = 200_000
MAX_INT_DIGITS = 18  # beyond this a JSON number stops being an exact integer for most readers
_UTF16_32_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


class DocumentError(ValueError):
    """A document that cannot be read as plain data; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def read_bytes(path: Path, source: str, max_bytes: int, what: str = "file") -> bytes:
    """The file's bytes; DocumentError when it is missing, unreadable or larger than `max_bytes`."""
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except (OSError, ValueError) as error:  # ValueError: a path with a NUL byte
        reason = getattr(error, "strerror", None) or "not a usable file name"
        raise DocumentError([f"{source}: cannot read {what}: {reason}"]) from None
    if len(data) > max_bytes:
        raise DocumentError([f"{source}: larger than {max_bytes} bytes; not a {what} this command reads"])
    return data


def decode_utf8(data: bytes, source: str) -> str:
    """UTF-8 text (a leading byte-order mark is dropped); UTF-16/32 and stray bytes are refused."""
    for bom, encoding in _UTF16_32_BOMS.items():  # UTF-32 first: its little-endian mark starts like UTF-16's
        if data.startswith(bom):
            raise DocumentError([f"{source}: is {encoding} text; save it as UTF-8"])
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DocumentError([f"{source}: line {line}: contains NUL bytes (UTF-16 or binary?); save it as UTF-8 text"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DocumentError(
            [f"{source}: line {line}: byte 0x{data[error.start]:02x} is not UTF-8; save the file as UTF-8"]
        ) from None


def parse_json(text: str, source: str) -> Any:
    """Strict JSON: no NaN or Infinity, no duplicate keys, integers and nesting within bounds."""
    try:
        value = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_refuse_constant,
            parse_int=_bounded_int,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as error:
        raise DocumentError(
            [f"{source}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"]
        ) from None
    except _JsonValueError as error:
        raise DocumentError([f"{source}: {error}"]) from None
    except RecursionError:
        raise DocumentError([f"{source}: nested deeper than {MAX_DEPTH} levels"]) from None
    check_plain(value, source)
    return value


class _JsonValueError(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JsonValueError(f"duplicate key {preview(key)} in one object")
        result[key] = value
    return result


def _refuse_constant(name: str) -> float:
    raise _JsonValueError(f"{name} is not a JSON number")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _JsonValueError(f"number {redact_text(text, 24)} has more than {MAX_INT_DIGITS} digits")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _JsonValueError(f"number {redact_text(text, 24)} is out of range")
    return value


def check_plain(value: Any, source: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> None:
    """DocumentError unless `value` is JSON-shaped (str keys; str, finite number, bool, null, list,
    mapping leaves), at most `max_depth` deep and `max_nodes` large. Iterative, so that a deep value
    cannot exhaust the interpreter's recursion limit while it is being checked."""
    pending: list[tuple[Any, int, str]] = [(value, 1, "")]
    nodes = 0
    while pending:
        item, depth, path = pending.pop()
        nodes += 1
        if nodes > max_nodes:
            raise DocumentError([f"{source}: more than {max_nodes} values; not a file this command reads"])
        if depth > max_depth:
            raise DocumentError([f"{source}: {_where(path)}: nested deeper than {max_depth} levels"])
        if isinstance(item, Mapping):
            for key, child in item.items():
                if not isinstance(key, str):
                    raise DocumentError([f"{source}: {_where(path)}: keys must be text (got {preview(key)})"])
                pending.append((child, depth + 1, f"{path}.{key}" if path else key))
        elif isinstance(item, list | tuple):
            pending.extend((child, depth + 1, f"{path}[{index}]") for index, child in enumerate(item))
        elif isinstance(item, float) and not math.isfinite(item):
            raise DocumentError([f"{source}: {_where(path)}: {item} is not a JSON number"])
        elif not (item is None or isinstance(item, str | int | float)):
            kind = type(item).__name__
            raise DocumentError([f"{source}: {_where(path)}: a {kind} value is not plain data"])


def _where(path: str) -> str:
    """A value's path for a message, masked (a key may be pasted text); only when there is a problem:
    masking every path of a plan file would cost more than reading it."""
    return redact_text(path, 120) or "(top level)"


def read_json_file(path: Path, source: str, max_bytes: int, what: str = "file") -> Any:
    """Reads, decodes and parses a JSON file within the bounds above."""
    return parse_json(decode_utf8(read_bytes(path, source, max_bytes, what), source), source)
