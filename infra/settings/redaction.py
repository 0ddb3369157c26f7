"""What an error message may echo: secret-looking values are redacted, everything is bounded.

One detector for every message Bulkhead prints about user input (stack files, plan files, outputs
files, policy findings): a value is withheld when the key it sits under looks like a credential, or
when the value itself looks like one (AWS access key ids, secret keys, private-key blocks, JWTs, long
high-entropy tokens). Values are cut to a budget *before* they are formatted, so a huge input never
has its full representation built, and control characters are escaped so a message cannot rewrite
the terminal it is printed on.

This module imports nothing from the project, so the settings and the tooling can share it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

REDACTED = "<redacted>"
MAX_ECHO_CHARS = 80
MAX_MESSAGE_CHARS = 400
# How much of a long string is searched for secrets: the echoed part, plus room for a token that
# straddles the cut.
_SCAN_CHARS = 1024
_MAX_NESTING_SHOWN = 4
_MAX_INT_DIGITS_SHOWN = 40

_CREDENTIAL_WORDS = (
    r"pass(word|wd|phrase)|secret|token|private_?key|credential|api_?key|access_?key|authorization|"
    r"session_?key|cookie|\bpwd\b"
)
_CREDENTIAL_KEY = re.compile(_CREDENTIAL_WORDS, re.IGNORECASE)
# `"password": "x"`, `'api_key': 'x'`, `token=x` inside a message that quotes a value.
_KEYED_VALUE = re.compile(
    rf"""(?P<key>["']?[\w.-]*(?:{_CREDENTIAL_WORDS})[\w.-]*["']?\s*[:=]\s*)(?P<value>"[^"]*"|'[^']*'|[^\s,;}}\]]+)""",
    re.IGNORECASE,
)
_SECRET_VALUES = (
    # AWS access key ids (long-term AKIA, temporary ASIA, and the other unique-id prefixes)
    re.compile(r"(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}(?![A-Z0-9])"),
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----"),
    re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"),  # JWT
    re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,})"),
)
# Base64 and URL-safe alphabets; dots split host names and file names into harmless pieces.
_TOKEN = re.compile(r"[A-Za-z0-9+/=_-]{20,}")
_HEX_TOKEN = re.compile(r"(?<![A-Za-z0-9:])[0-9a-fA-F]{32,}(?![A-Za-z0-9])")
_DIGEST = re.compile(r"sha(256|384|512):[0-9a-f]+")
# Bits per character a random token of n characters reaches in 99% of draws is about 0.8 * log2(n)
# (4.3 at 40); names, paths and host names stay below 3.9 or below that curve.
_MIN_ENTROPY_BITS = 3.9
_ENTROPY_FACTOR = 0.8
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def is_credential_key(key: str) -> bool:
    """A key name under which values are credentials (password, api_key, client_secret, ...)."""
    return bool(_CREDENTIAL_KEY.search(key))


def looks_secret(text: str) -> bool:
    """True when `text` (or its first kilobyte) contains something that looks like a credential."""
    head = text[:_SCAN_CHARS]
    if any(pattern.search(head) for pattern in _SECRET_VALUES):
        return True
    if _HEX_TOKEN.search(_DIGEST.sub("", head)):
        return True
    return any(_high_entropy(token) for token in _TOKEN.findall(head))


def _high_entropy(token: str) -> bool:
    classes = sum(
        (
            any(c.islower() for c in token),
            any(c.isupper() for c in token),
            any(c.isdigit() for c in token),
            any(not c.isalnum() for c in token),
        )
    )
    if classes < 3:
        return False
    counts = Counter(token)
    entropy = -sum(n / len(token) * math.log2(n / len(token)) for n in counts.values())
    return entropy >= max(_MIN_ENTROPY_BITS, _ENTROPY_FACTOR * math.log2(len(token)))


def redact_text(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text` cut to `limit` characters, secret-looking tokens replaced, control characters escaped."""
    cut = _KEYED_VALUE.sub(lambda match: match["key"] + REDACTED, text[: limit + 1])
    for pattern in (*_SECRET_VALUES, _HEX_TOKEN):
        cut = pattern.sub(REDACTED, cut)
    cut = _TOKEN.sub(lambda match: REDACTED if _high_entropy(match.group()) else match.group(), cut)
    cut = _CONTROL.sub(lambda match: repr(match.group())[1:-1], cut)
    return cut if len(cut) <= limit else cut[: limit - 3] + "..."


def preview(value: Any, limit: int = MAX_ECHO_CHARS, *, secret: bool = False) -> str:
    """A short, safe representation of `value` for an error message.

    Strings are cut before `repr`, containers are walked only until `limit` characters are written,
    integers too long to print are summarised; anything that looks like a credential, or sits under a
    credential-like key (or when `secret` is set), is shown as `<redacted>`.
    """
    out = _Budget(limit)
    _emit(value, out, depth=0, secret=secret)
    return out.text()


class _Budget:
    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0

    @property
    def full(self) -> bool:
        return self.size > self.limit

    def write(self, text: str) -> None:
        if not self.full:
            self.parts.append(text)
            self.size += len(text)

    def text(self) -> str:
        joined = "".join(self.parts)
        return joined if len(joined) <= self.limit else joined[: self.limit - 3] + "..."


def _emit(value: Any, out: _Budget, depth: int, secret: bool) -> None:
    if out.full:
        return
    if secret and value is not None:
        out.write(REDACTED)
    elif isinstance(value, str):
        out.write(REDACTED if looks_secret(value) else repr(value[: out.limit + 1]))  # repr escapes controls
    elif isinstance(value, bool) or value is None or isinstance(value, float):
        out.write(repr(value))
    elif isinstance(value, int):
        digits = value.bit_length() * 0.30103  # log10(2)
        out.write(repr(value) if digits <= _MAX_INT_DIGITS_SHOWN else f"<integer of about {int(digits)} digits>")
    elif isinstance(value, bytes | bytearray):
        out.write(f"<{len(value)} bytes>")
    elif isinstance(value, Mapping):
        _emit_mapping(value, out, depth)
    elif isinstance(value, list | tuple | set | frozenset):
        _emit_sequence(value, out, depth)
    else:
        out.write(f"<{type(value).__name__}>")


def _emit_mapping(value: Mapping, out: _Budget, depth: int) -> None:
    if depth >= _MAX_NESTING_SHOWN:
        out.write("{...}")
        return
    out.write("{")
    for index, (key, item) in enumerate(value.items()):
        if out.full:
            return
        if index:
            out.write(", ")
        _emit(key, out, depth + 1, secret=False)
        out.write(": ")
        _emit(item, out, depth + 1, secret=isinstance(key, str) and is_credential_key(key))
    out.write("}")


def _emit_sequence(value: list | tuple | set | frozenset, out: _Budget, depth: int) -> None:
    if depth >= _MAX_NESTING_SHOWN:
        out.write("[...]")
        return
    out.write("[")
    for index, item in enumerate(value):
        if out.full:
            return
        if index:
            out.write(", ")
        _emit(item, out, depth + 1, secret=False)
    out.write("]")
