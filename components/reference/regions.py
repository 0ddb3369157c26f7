"""AWS regions and partitions, read at run time from the endpoints data that botocore ships.

Source: `botocore/data/endpoints.json` of the installed botocore (`botocore.__version__`; 1.44.8 when
this module was written, 2026-11-29, with 34 `aws`, 2 `aws-cn`, 2 `aws-us-gov` regions and the
isolated partitions). A region AWS added after the installed botocore was built is unknown here:
upgrade boto3/botocore to use it.
"""

from __future__ import annotations

import difflib
from functools import cache

import botocore
import botocore.loaders


@cache
def region_partitions() -> dict[str, str]:
    """Every region botocore knows, mapped to its partition (`us-east-1` -> `aws`)."""
    endpoints = botocore.loaders.Loader().load_data("endpoints")
    return {region: partition["partition"] for partition in endpoints["partitions"] for region in partition["regions"]}


def partition_of(region: str) -> str | None:
    """The partition of `region` (`aws`, `aws-cn`, `aws-us-gov`, ...), or None for an unknown region."""
    return region_partitions().get(region)


def partitions() -> frozenset[str]:
    return frozenset(region_partitions().values())


def region_problem(value: str) -> str | None:
    """Why `value` is not a region AWS has, or None."""
    if value in region_partitions():
        return None
    close = difflib.get_close_matches(value.lower(), region_partitions(), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return (
        f"must be an AWS region such as us-east-1 (botocore {botocore.__version__} lists "
        f"{len(region_partitions())} regions){hint}"
    )
