"""What Bulkhead may show of an input: secrets are withheld, everything else is bounded and escaped.

One detector for every message, report and diff (stack files, plan files, outputs files, policy
findings, `bulkhead diff`). Pulumi secrets never reach a plan file (the recorder writes `[secret]`), but
plain inputs can still carry one: a token pasted into a tag, a password in an environment variable, a
key in a description. Detectors, each cheap and conservative:

- the name: a key (or the `name` of a `{name, value}` pair) whose words include password, secret,
  token, credential, passphrase, api key or private key, unless it names a reference to a secret
  rather than the secret itself (`secretArn`, `passwordSecretId`, `authTokenUpdateStrategy`);
- the shape of the value: an AWS access key id (any of the unique-id prefixes), a PEM private-key
  block, a JWT, a GitHub/Slack/Stripe token;
- the entropy of the value: a run of 24+ letters, digits and `+/=` that mixes many letters of both
  cases the way generated keys do; hex digests and ids (one case, A-F) and CamelCase words do not.

`mask_value` and `mask_structure` mask whole values; `mask_text` masks the secret-looking parts of
free text. For messages about bad input, `preview` shows a value cut to a budget *before* it is
formatted (a huge value never has its full representation built) and `redact_text` bounds a message
and escapes control characters, so a message cannot rewrite the terminal it is printed on.

This module imports nothing from the project, so the settings, the components and the tooling share it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

MASK = "[secret]"
MAX_ECHO_CHARS = 80
MAX_MESSAGE_CHARS = 400
_SCAN_CHARS = 4096
_MAX_NESTING_SHOWN = 4
_MAX_INT_DIGITS_SHOWN = 40
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# Words that make a key name a secret; matched against the words of camelCase, snake_case and
# kebab-case names. Plurals only where the value is the secret itself (`passwords`; not `httpTokens`, and
# not `secrets`, which names a section or a list of references).
_SECRET_WORDS = frozenset(
    {"password", "passwords", "passwd", "passphrase", "secret", "token", "credential", "credentials"}
)
_SECRET_WORD_PAIRS = frozenset({("api", "key"), ("private", "key"), ("access", "key"), ("client", "secret")})
# A final word that makes the name a reference to a secret or a setting about it, not the secret.
_REFERENCE_WORDS = frozenset(
    {
        "arn",
        "arns",
        "id",
        "ids",
        "name",
        "names",
        "version",
        "strategy",
        "type",
        "mode",
        "enabled",
        "rotation",
        "policy",
        "length",
        "count",
        "prefix",
        "path",
        "ref",
        "kms",
        "days",
        "minutes",
    }
)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

_ACCESS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}\b")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_VENDOR_TOKEN = re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,})")
_PRIVATE_KEY_BLOCK = re.compile(
    r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END[A-Z0-9 ]*PRIVATE KEY-----|\Z)", re.DOTALL
)
# Candidate tokens for the entropy test: runs of the characters keys and tokens are made of ('-' and
# '_' split them, so `mobile-prod-db` or `ghp_<token>` are looked at word by word).
_TOKEN = re.compile(r"[A-Za-z0-9+/=]{24,}")
# Dictionary-like words (CamelCase policy Sids, `AmazonEKSWorkerNodePolicy`) are not random.
_WORDS = re.compile(r"[a-z]{4,}|[A-Z][a-z]{3,}")
_HEX = frozenset("0123456789abcdefABCDEF")
_MIN_DISTINCT_PER_CASE = 5  # generated keys use many letters of both cases; hex ids use A-F only
_MAX_HEX_FRACTION = 0.7
_MAX_WORD_FRACTION = 0.5
_MIN_ENTROPY_BITS_PER_CHAR = 3.8
# `name: value` or `name=value` in free text, where the name holds a secret word (checked again
# with `is_secret_name`, so `secretArn=...` stays readable).
_ASSIGNMENT = re.compile(
    r"(?P<name>[A-Za-z0-9_.-]*(?:passw(?:or)?d|passphrase|secret|token|credential|api[_-]?key|private[_-]?key)"
    r"[A-Za-z0-9_.-]*)(?P<sep>\"?\s*[:=]\s*\"?)(?P<value>[^\s\"',;]+)",
    re.IGNORECASE,
)


def name_words(name: str) -> list[str]:
    """The lower-case words of a key name in any of the usual spellings."""
    return [word.lower() for word in _WORD.findall(name)]


def is_secret_name(name: str) -> bool:
    """True for a key whose value is a secret (`password`, `authToken`, `DB_PASSWORD`, `api-key`)."""
    words = name_words(name)
    if not words or words[-1] in _REFERENCE_WORDS:
        return False
    pairs = zip(words, words[1:], strict=False)
    return any(word in _SECRET_WORDS for word in words) or any(pair in _SECRET_WORD_PAIRS for pair in pairs)


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _high_entropy(token: str) -> bool:
    lower = {c for c in token if c.islower()}
    upper = {c for c in token if c.isupper()}
    return (
        len(lower) >= _MIN_DISTINCT_PER_CASE
        and len(upper) >= _MIN_DISTINCT_PER_CASE
        and sum(c in _HEX for c in token) / len(token) < _MAX_HEX_FRACTION
        and sum(len(word) for word in _WORDS.findall(token)) / len(token) <= _MAX_WORD_FRACTION
        and _entropy(token) >= _MIN_ENTROPY_BITS_PER_CHAR
    )


def looks_secret(value: str) -> bool:
    """True when the value itself looks like a credential, whatever its key (its first kilobytes are
    searched: only those are ever shown)."""
    head = value[:_SCAN_CHARS]
    if any(pattern.search(head) for pattern in (_ACCESS_KEY_ID, _PRIVATE_KEY_BLOCK, _JWT, _VENDOR_TOKEN)):
        return True
    return any(_high_entropy(match.group()) for match in _TOKEN.finditer(head))


def mask_value(value: Any, *, secret: bool = False) -> Any:
    """`value` with secrets masked: all of it when `secret` (its key is secret-looking), else per leaf."""
    if value == MASK:
        return value
    if secret and value is not None and not isinstance(value, bool):
        return MASK
    return mask_structure(value)


def mask_structure(value: Any) -> Any:
    """A copy of a JSON-like structure with secret-named entries and secret-looking strings masked."""
    if isinstance(value, str):
        return MASK if looks_secret(value) else value
    if isinstance(value, list):
        return [mask_structure(item) for item in value]
    if isinstance(value, dict):
        pair_secret = isinstance(value.get("name"), str) and is_secret_name(value["name"])
        return {
            key: mask_value(item, secret=is_secret_name(key) or (pair_secret and key == "value"))
            for key, item in value.items()
        }
    return value


def mask_text(text: str) -> str:
    """Free text with private-key blocks, access key ids, secret assignments and high-entropy tokens masked."""
    text = _PRIVATE_KEY_BLOCK.sub(MASK, text)
    for pattern in (_ACCESS_KEY_ID, _JWT, _VENDOR_TOKEN):
        text = pattern.sub(MASK, text)
    text = _ASSIGNMENT.sub(lambda m: f"{m['name']}{m['sep']}{MASK}" if is_secret_name(m["name"]) else m.group(), text)
    return _TOKEN.sub(lambda m: MASK if _high_entropy(m.group()) else m.group(), text)


def redact_text(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """A message about input: cut to `limit` characters, secrets masked, control characters escaped."""
    cut = _CONTROL.sub(lambda match: repr(match.group())[1:-1], mask_text(text[: limit + _SCAN_CHARS]))
    return cut if len(cut) <= limit else cut[: limit - 3] + "..."


def preview(value: Any, limit: int = MAX_ECHO_CHARS) -> str:
    """A short, safe representation of `value` for an error message.

    Strings are cut before `repr`, containers are walked only until `limit` characters are written,
    integers too long to print are summarised; a value that looks like a credential, or sits under a
    secret-looking key, is shown as `[secret]`.
    """
    out = _Budget(limit)
    _emit(value, out, depth=0, secret=False)
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
    if secret and value is not None and not isinstance(value, bool):
        out.write(MASK)
    elif isinstance(value, str):
        out.write(MASK if looks_secret(value) else repr(value[: out.limit + 1]))  # repr escapes controls
    elif isinstance(value, bool) or value is None or isinstance(value, float):
        out.write(repr(value))
    elif isinstance(value, int):
        digits = value.bit_length() * math.log10(2)
        out.write(repr(value) if digits <= _MAX_INT_DIGITS_SHOWN else f"<integer of about {int(digits)} digits>")
    elif isinstance(value, bytes | bytearray):
        out.write(f"<{len(value)} bytes>")
    elif isinstance(value, Mapping):
        _emit_items(list(value.items()), "{}", out, depth)
    elif isinstance(value, list | tuple | set | frozenset):
        _emit_items(list(value), "[]", out, depth)
    else:
        out.write(f"<{type(value).__name__}>")


def _emit_items(items: list, brackets: str, out: _Budget, depth: int) -> None:
    if depth >= _MAX_NESTING_SHOWN:
        out.write(f"{brackets[0]}...{brackets[1]}")
        return
    out.write(brackets[0])
    for index, item in enumerate(items):
        if out.full:
            return
        if index:
            out.write(", ")
        if brackets == "{}":
            key, child = item
            _emit(key, out, depth + 1, secret=False)
            out.write(": ")
            _emit(child, out, depth + 1, secret=isinstance(key, str) and is_secret_name(key))
        else:
            _emit(item, out, depth + 1, secret=False)
    out.write(brackets[1])
