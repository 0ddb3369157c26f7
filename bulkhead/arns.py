"""Reading ARNs: shared by the DR posture (plan side) and the runbooks (live side)."""

from __future__ import annotations

import re
from typing import Any

_ARN_REGION = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):")


def region_of(arn: Any) -> str | None:
    """The region field of an ARN ('' for global resources), or None when `arn` is not an ARN."""
    match = _ARN_REGION.match(arn) if isinstance(arn, str) else None
    return match.group(1) if match else None
