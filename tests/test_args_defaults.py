"""Component Args defaults agree with the settings defaults for the same field, or say why not.

Components are used without settings too (tests, other programs), so a default stated twice must be the
same value; where the two deliberately differ, `DIFFERENT` records the reason. A field required by one side
and defaulted by the other is no disagreement (the wiring always passes the settings value).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from pydantic import BaseModel

from components.data.backup import BackupArgs
from components.data.cache import CacheArgs
from components.data.database_args import DatabaseArgs, MasterRotationArgs, ReaderAutoscalingArgs
from components.edge.dns import ApiDomainArgs, HealthCheckArgs
from components.edge.web_acl import WebAclArgs
from components.foundation.keys import KeyRingArgs
from components.foundation.network import NetworkArgs
from components.kubernetes.autoscaler import ClusterAutoscalerArgs
from components.kubernetes.metrics import MetricsServerArgs
from components.kubernetes.service import ServiceArgs
from components.platform.cluster import ClusterArgs
from components.platform.cluster_nodes import NodeGroupArgs
from components.platform.runner import RunnerArgs
from components.resilience.dr_site import DrSiteArgs
from infra.settings.backup import BackupSettings
from infra.settings.cache import CacheSettings
from infra.settings.cluster import AutoscalingSettings, ClusterSettings, NodeSettings
from infra.settings.database import DatabaseSettings, ReaderAutoscalingSettings
from infra.settings.dr import DrSettings
from infra.settings.front_door import FrontDoorSettings, HealthCheckSettings, WafSettings
from infra.settings.keys import KeySettings
from infra.settings.network import NetworkSettings
from infra.settings.runner import RunnerSettings
from infra.settings.secrets import MasterRotationSettings
from infra.settings.services import HealthSettings

# Each Args class beside the settings model the wiring builds it from. A new component whose Args are
# built from a settings section joins this list.
PAIRS: list[tuple[type, type[BaseModel]]] = [
    (BackupArgs, BackupSettings),
    (CacheArgs, CacheSettings),
    (DatabaseArgs, DatabaseSettings),
    (ReaderAutoscalingArgs, ReaderAutoscalingSettings),
    (ApiDomainArgs, FrontDoorSettings),
    (HealthCheckArgs, HealthCheckSettings),
    (WebAclArgs, WafSettings),
    (KeyRingArgs, KeySettings),
    (NetworkArgs, NetworkSettings),
    (ServiceArgs, HealthSettings),
    (ClusterAutoscalerArgs, AutoscalingSettings),
    (MetricsServerArgs, AutoscalingSettings),
    (ClusterArgs, ClusterSettings),
    (NodeGroupArgs, NodeSettings),
    (RunnerArgs, RunnerSettings),
    (MasterRotationArgs, MasterRotationSettings),
    (DrSiteArgs, DrSettings),
]
# (Args class, field) -> why its default differs from the settings default.
DIFFERENT: dict[tuple[str, str], str] = {
    ("BackupArgs", "restore_testing"): "the component takes the restore-testing options object (None: off); "
    "settings hold the switch and the wiring builds the options",
    ("BackupArgs", "vault_lock_changeable_for_days"): "the component's None means no vault lock; settings split "
    "it into the vault_lock switch and the grace days",
    ("DrSiteArgs", "image_replication"): "the component takes the replication options (None: off); settings "
    "hold the switch and the wiring builds the options from the primary region",
}
_REQUIRED = object()


def _args_default(field: dataclasses.Field[Any]) -> Any:
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return _REQUIRED


def _settings_default(model: type[BaseModel], name: str) -> Any:
    field = model.model_fields[name]
    return _REQUIRED if field.is_required() else field.get_default(call_default_factory=True)


@pytest.mark.parametrize(("args", "settings"), PAIRS, ids=lambda cls: cls.__name__)
def test_args_defaults_agree_with_settings_defaults(args: type, settings: type[BaseModel]) -> None:
    fields = {f.name: f for f in dataclasses.fields(args)}
    common = sorted(set(fields) & set(settings.model_fields))
    assert common, f"{args.__name__} and {settings.__name__} share no field: the pair is stale"
    disagreements = []
    for name in common:
        in_args, in_settings = _args_default(fields[name]), _settings_default(settings, name)
        if _REQUIRED in (in_args, in_settings) or (args.__name__, name) in DIFFERENT:
            continue
        if in_args != in_settings:
            disagreements.append(f"{name}: {args.__name__} {in_args!r} vs {settings.__name__} {in_settings!r}")
    assert not disagreements, "defaults disagree (align them or give the reason in DIFFERENT):\n" + "\n".join(
        disagreements
    )


def test_every_recorded_difference_is_still_a_difference() -> None:
    by_name = {args.__name__: (args, settings) for args, settings in PAIRS}
    for (args_name, name), _reason in DIFFERENT.items():
        args, settings = by_name[args_name]
        in_args = _args_default({f.name: f for f in dataclasses.fields(args)}[name])
        assert in_args != _settings_default(settings, name), f"{args_name}.{name} agrees now: drop it from DIFFERENT"
