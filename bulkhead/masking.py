"""Hides secrets and secret-looking values before anything is printed, posted or written.

Pulumi secrets never reach a plan file (the recorder writes `[secret]`), but plain inputs can still
carry one: a token pasted into a tag, a password in an environment variable, a key in a description.
Three detectors, each cheap and conservative:

- the name: a key (or the `name` of a `{name, value}` pair) whose words include password, secret,
  token, credential, passphrase, api key or private key, unless it names a reference to a secret
  rather than the secret itself (`secretArn`, `passwordSecretId`, `authTokenUpdateStrategy`);
- the shape of the value: an AWS access key id, a PEM private-key block;
- the entropy of the value: a run of 24+ letters, digits and `+/=` that mixes many letters of both
  cases the way generated keys do; hex digests and ids (one case, A-F) and CamelCase words do not.

`mask_value` and `mask_structure` mask whole values; `mask_text` masks the secret-looking parts of
free text (error messages, policy findings). Everything returns the masked copy; inputs are untouched.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

MASK = "[secret]"

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
    }
)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

_ACCESS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b")
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
    """True when the value itself looks like a credential, whatever its key."""
    if _ACCESS_KEY_ID.search(value) or _PRIVATE_KEY_BLOCK.search(value):
        return True
    return any(_high_entropy(match.group()) for match in _TOKEN.finditer(value))


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
    text = _ACCESS_KEY_ID.sub(MASK, text)
    text = _ASSIGNMENT.sub(lambda m: f"{m['name']}{m['sep']}{MASK}" if is_secret_name(m["name"]) else m.group(), text)
    return _TOKEN.sub(lambda m: MASK if _high_entropy(m.group()) else m.group(), text)
