"""What AWS accepts as a resource tag.

Source: "Tagging your AWS resources", tag naming limits and requirements (docs.aws.amazon.com/
tag-editor/latest/userguide/tagging.html) and the EC2 `CreateTags` reference; read 2026-11-29. The
allowed characters are Unicode letters, digits and separators (`\\p{L}\\p{Z}\\p{N}`) and `_ . : / = + - @`.
"""

from __future__ import annotations

import unicodedata

MAX_TAGS_PER_RESOURCE = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256
RESERVED_PREFIX = "aws:"  # reserved for AWS, in any letter case
_PUNCTUATION = "_.:/=+-@"


def _allowed(text: str) -> bool:
    return all(char in _PUNCTUATION or unicodedata.category(char)[0] in "LNZ" for char in text)


def tag_key_problem(key: str) -> str | None:
    """Why AWS would refuse `key` as a tag key, or None."""
    if not 1 <= len(key) <= MAX_KEY_LENGTH:
        return f"tag keys must be 1-{MAX_KEY_LENGTH} characters"
    if key.lower().startswith(RESERVED_PREFIX):
        return f"tag keys must not start with {RESERVED_PREFIX!r} (reserved for AWS)"
    if not _allowed(key):
        return f"tag keys may hold letters, digits, spaces and {' '.join(_PUNCTUATION)} only"
    return None


def tag_value_problem(value: str) -> str | None:
    """Why AWS would refuse `value` as a tag value, or None."""
    if len(value) > MAX_VALUE_LENGTH:
        return f"tag values must be at most {MAX_VALUE_LENGTH} characters"
    if not _allowed(value):
        return f"tag values may hold letters, digits, spaces and {' '.join(_PUNCTUATION)} only"
    return None
