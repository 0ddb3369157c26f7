"""Reads a stack file as plain data, refusing what YAML tools disagree on and what JSON cannot carry.

Pulumi reads stack files with a YAML 1.2 library and hands structured config to the program as JSON;
PyYAML reads YAML 1.1. Where the two disagree (`yes`/`on` booleans, `24:00` base-60 numbers, `012`
octal, dates) this reader refuses the value and says how to write it, instead of guessing. It also
refuses what JSON cannot carry (`!!binary`, dates, sets, `.inf`), duplicate keys (naming both lines),
nesting deeper than `MAX_DEPTH`, and aliases that expand beyond `MAX_NODES` values (alias bombs), all
before anything recurses or allocates. Every problem is one line naming the key path and the line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from infra.settings.documents import MAX_DEPTH, MAX_INT_DIGITS, DocumentError, decode_utf8, read_bytes
from infra.settings.redaction import preview, redact_text

MAX_FILE_BYTES = 256 * 1024  # shipped stack files are under 8 KiB
MAX_NODES = 20_000  # values after aliases are expanded
MAX_ALIASES = 200
MAX_PROBLEMS = 50

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + kind for kind in ("str", "int", "float", "bool", "null"))
_ALLOWED_TAGS = {STR, INT, FLOAT, BOOL, NULL, _TAG + "seq", _TAG + "map"}
_AMBIGUOUS = "tag:bulkhead:ambiguous"
# Plain scalars every YAML 1.1 and 1.2 reader types the same way (and JSON can carry).
_CANONICAL = {
    NULL: re.compile(r"(~|null|Null|NULL|)\Z"),
    BOOL: re.compile(r"(true|True|TRUE|false|False|FALSE)\Z"),
    INT: re.compile(r"[-+]?(0|[1-9][0-9]*)\Z"),
    FLOAT: re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+([eE][-+]?[0-9]+)?\Z"),
}
_YAML12_NUMBER = re.compile(
    r"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))\Z"
)
_YAML11 = yaml.resolver.Resolver()  # what a YAML 1.1 reader (PyYAML's default) would make of a plain scalar


def load_yaml(path: Path, source: str) -> Any:
    """The single YAML document of `path` as plain data; DocumentError listing every problem."""
    text = decode_utf8(read_bytes(path, source, MAX_FILE_BYTES, "stack file"), source)
    try:
        loader = _StackLoader(text, source)
        node = loader.get_single_node()
    except _Abort as abort:
        raise DocumentError([*loader.problem_lines, abort.line]) from None
    except yaml.MarkedYAMLError as error:
        problem = redact_text(", ".join(part for part in (error.context, error.problem) if part), 160)
        raise DocumentError([loader.describe(f"not valid YAML: {problem}", error.problem_mark)]) from None
    except yaml.reader.ReaderError as error:  # carries a position, not a mark
        line = text[: error.position].count("\n") + 1
        raise DocumentError(
            [f"{source}: line {line}: character U+{error.character:04X} is not allowed in YAML"]
        ) from None
    except yaml.YAMLError:
        raise DocumentError([f"{source}: not valid YAML"]) from None
    if loader.problem_lines:
        hidden = len(loader.problem_lines) - MAX_PROBLEMS
        raise DocumentError(
            loader.problem_lines[:MAX_PROBLEMS] + ([f"{source}: ... and {hidden} more"] if hidden > 0 else [])
        )
    if node is None:
        return None
    _check_expansion(node, source)
    return loader.construct_document(node)


class _Abort(Exception):
    """A limit was hit while composing: stop reading (nothing below would be trustworthy)."""

    def __init__(self, line: str):
        self.line = line
        super().__init__(line)


class _StackLoader(Reader, Scanner, Parser, Composer, SafeConstructor, BaseResolver):
    def __init__(self, text: str, source: str):
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        BaseResolver.__init__(self)
        self.source = source
        self.key_path: list[str | int] = []
        self.problem_lines: list[str] = []
        self.alias_count = 0

    def describe(self, problem: str, mark: Any = None) -> str:
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        path = f"{display_path(self.key_path)}: " if self.key_path else ""
        return f"{self.source}: {path}{problem}{where}"

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            for tag, pattern in _CANONICAL.items():
                if pattern.match(value):
                    return tag
            if value == "<<" or _YAML11.resolve(ScalarNode, value, (True, False)) != STR or _YAML12_NUMBER.match(value):
                return _AMBIGUOUS
            return STR
        return super().resolve(kind, value, implicit)

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise _Abort(self.describe(f"more than {MAX_ALIASES} aliases", self.peek_event().start_mark))
            return super().compose_node(parent, index)  # type: ignore[return-value]  # an alias: a node
        segment = _segment(index)
        if segment is not None:
            self.key_path.append(segment)
        try:
            if len(self.key_path) >= MAX_DEPTH:
                raise _Abort(self.describe(f"nested deeper than {MAX_DEPTH} levels", self.peek_event().start_mark))
            node = super().compose_node(parent, index)
            assert node is not None  # a node event follows: None is only returned at the end of a stream
            self._check(node)
            return node
        finally:
            if segment is not None:
                self.key_path.pop()

    def _problem(self, problem: str, node: Node | None) -> None:
        self.problem_lines.append(self.describe(problem, node.start_mark if node is not None else None))

    def fetch_flow_collection_start(self, token_class: type) -> None:
        # The scanner reads ahead through `[[[[...` before the composer sees any of it.
        if self.flow_level >= MAX_DEPTH:
            raise _Abort(self.describe(f"nested deeper than {MAX_DEPTH} levels", self.get_mark()))
        super().fetch_flow_collection_start(token_class)

    def _check(self, node: Node) -> None:
        if node.tag not in _ALLOWED_TAGS and node.tag != _AMBIGUOUS:
            tag = redact_text(node.tag.replace(_TAG, "!!"), 40)
            self._problem(f"tag {tag} is not allowed: stack files hold plain values", node)
        elif isinstance(node, ScalarNode):
            self._check_scalar(node)
        elif isinstance(node, MappingNode):
            self._check_keys(node)

    def _check_scalar(self, node: ScalarNode) -> None:
        value = node.value
        if node.tag == _AMBIGUOUS:
            self._problem(_ambiguity(value), node)
        elif node.tag in _CANONICAL and not _CANONICAL[node.tag].match(value):
            self._problem(f"{preview(value)} is not a plain {node.tag.removeprefix(_TAG)} value", node)
        elif node.tag == INT and len(value.lstrip("+-")) > MAX_INT_DIGITS:
            self._problem(f"a number with more than {MAX_INT_DIGITS} digits", node)
        elif node.tag == FLOAT and float(value) in (float("inf"), float("-inf")):
            self._problem(f"{preview(value)} is out of range for a number", node)

    def _check_keys(self, node: MappingNode) -> None:
        first_lines: dict[str, int] = {}
        for key, _ in node.value:
            line = key.start_mark.line + 1
            if key.tag == _AMBIGUOUS:
                continue  # already reported, with how to write it
            if not isinstance(key, ScalarNode) or key.tag != STR:
                shown = preview(key.value) if isinstance(key, ScalarNode) else "a collection"
                self._problem(f"keys must be text (got {shown}); quote the key", key)
            elif key.value in first_lines:
                self._problem(f"duplicate key {preview(key.value)} (lines {first_lines[key.value]} and {line})", None)
            else:
                first_lines[key.value] = line

    def construct_yaml_int(self, node: ScalarNode) -> int:
        return int(node.value)

    def construct_yaml_float(self, node: ScalarNode) -> float:
        return float(node.value)


# The stubs type add_constructor for the stock loaders only.
_StackLoader.add_constructor(INT, _StackLoader.construct_yaml_int)  # type: ignore[type-var]
_StackLoader.add_constructor(FLOAT, _StackLoader.construct_yaml_float)  # type: ignore[type-var]


def _segment(index: Any) -> str | int | None:
    """The path segment of a node composed at `index`: a key's text, a list position, or none for a key."""
    if isinstance(index, ScalarNode):
        return index.value
    if isinstance(index, int):
        return index
    return None if index is None else "?"


def _ambiguity(value: str) -> str:
    shown = preview(value)
    if value == "<<":
        return "merge keys (<<) are not supported: write the keys out"
    meaning = _YAML11.resolve(ScalarNode, value, (True, False)).removeprefix(_TAG)
    if meaning == "bool":
        return f"{shown} is a boolean in YAML 1.1 but text in YAML 1.2: write true or false, or quote it"
    if meaning == "timestamp":
        return f"{shown} is a date in YAML 1.1 but text in YAML 1.2: quote it"
    if meaning in ("int", "float") and ":" in value:
        return f"{shown} is a base-60 number in YAML 1.1 but text in YAML 1.2: quote it"
    if value.lower().lstrip("+-") in (".inf", ".nan"):
        return f"{shown} is not a number JSON can carry"
    return f"YAML 1.1 and 1.2 read {shown} differently: write a plain decimal number, or quote it"


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _check_expansion(root: Node, source: str) -> None:
    """Refuses alias graphs that expand beyond MAX_NODES values or MAX_DEPTH levels, or into a cycle.

    Sizes are computed once per node (aliases share nodes), iteratively, so a bomb costs nothing to
    measure."""
    measured: dict[int, tuple[int, int]] = {}
    on_path: set[int] = set()
    pending: list[tuple[Node, bool]] = [(root, False)]
    while pending:
        node, children_done = pending.pop()
        if children_done:
            children = [measured[id(child)] for child in _children(node)]
            size = 1 + sum(child_size for child_size, _ in children)
            depth = 1 + max((child_depth for _, child_depth in children), default=0)
            if size > MAX_NODES:
                raise DocumentError([f"{source}: aliases expand to more than {MAX_NODES} values"])
            if depth > MAX_DEPTH:
                raise DocumentError([f"{source}: aliases nest values deeper than {MAX_DEPTH} levels"])
            measured[id(node)] = (size, depth)
            on_path.discard(id(node))
        elif id(node) in on_path:
            raise DocumentError([f"{source}: an alias refers to a collection that contains it"])
        elif id(node) not in measured:
            on_path.add(id(node))
            pending.append((node, True))
            pending.extend((child, False) for child in _children(node))


def display_path(parts: list[str | int] | tuple[str | int, ...]) -> str:
    """A stack-file path as the settings messages write it: `network.az_count`, `aws:region`."""
    parts = list(parts)
    if parts[:2] == ["config", "bulkhead:settings"]:
        parts = parts[2:] or ["bulkhead:settings"]
    elif parts[:1] == ["config"] and len(parts) > 1:
        parts = parts[1:]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return redact_text(text, 160) or "(top level)"
