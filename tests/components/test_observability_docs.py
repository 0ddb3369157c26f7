"""Every runbook an alarm or a routed event points to exists in docs/observability.md."""

import re
from pathlib import Path

from components.observability.event_routes import BACKUP_FAILURES, HIGH_SEVERITY_FINDINGS
from components.observability.sign_in_alarms import sign_in_risk_specs
from components.observability.slo import (
    FAST,
    Objective,
    ServiceEndpoint,
    error_ratio_window,
    healthy_targets_spec,
    latency_spec,
    running_pods_spec,
)
from components.observability.store_alarms import (
    CacheThresholds,
    DatabaseThresholds,
    aurora_global_lag_spec,
    aurora_specs,
    cache_global_lag_spec,
    cache_specs,
    cluster_specs,
)
from components.reference.cis_filters import CIS_FILTERS

DOC = Path(__file__).resolve().parents[2] / "docs" / "observability.md"
ENDPOINT = ServiceEndpoint(
    region="us-east-1", load_balancer="app/edge/50dc6c495c0c9188", target_group="targetgroup/api/73e2d6bc24d8a067"
)
OBJECTIVE = Objective(availability_percent=99.9, latency_p99_ms=800)


def runbooks() -> set[str]:
    specs = [
        *aurora_specs(
            "db", 2, DatabaseThresholds(cpu_percent=80, freeable_memory_mib=1024, connections=1, replica_lag_ms=1)
        ),
        aurora_global_lag_spec("db-dr", 1, 50),
        *cache_specs("cache", 2, CacheThresholds(engine_cpu_percent=80, memory_percent=80, evictions=1)),
        cache_global_lag_spec("cache-dr", 2, 1, 50),
        *cluster_specs("cluster", min_nodes=3, pending_pods_minutes=10),
        error_ratio_window("api", ENDPOINT, OBJECTIVE, FAST, FAST.long_seconds),
        latency_spec("api", ENDPOINT, OBJECTIVE),
        healthy_targets_spec("api", ENDPOINT),
        running_pods_spec("api", cluster_name="cluster", namespace="api", min_pods=3),
        *sign_in_risk_specs("us-east-1_example"),
    ]
    names = {spec.runbook for spec in specs}
    names |= {route.runbook for route in (*BACKUP_FAILURES, *HIGH_SEVERITY_FINDINGS)}
    names |= {f"cis-{cis.key}" for cis in CIS_FILTERS}
    names |= {"service-unhealthy"}  # the composite's (components/observability/slo.py)
    return names


def test_every_runbook_link_has_its_section():
    headings = set(re.findall(r"^### (\S+)$", DOC.read_text(encoding="utf-8"), re.MULTILINE))
    assert sorted(runbooks() - headings) == []
