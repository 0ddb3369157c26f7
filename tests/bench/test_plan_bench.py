"""The benchmark's generated stacks are stacks the settings accept, growing by one service at a time."""

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from infra.settings.loader import load_stack_file

REPO = Path(__file__).resolve().parents[2]


def load_bench():
    spec = importlib.util.spec_from_file_location("plan_bench", REPO / "bench" / "plan_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("plan_bench", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("services", [2, 10, 50])
def test_every_generated_stack_is_valid_with_that_many_services(tmp_path, services):
    bench = load_bench()
    template = yaml.safe_load((REPO / "stacks" / f"Pulumi.{bench.TEMPLATE_STACK}.yaml").read_text())
    path = tmp_path / f"Pulumi.bench-{services}.yaml"
    path.write_text(yaml.safe_dump(bench.generated_stack(template, services)))
    settings = load_stack_file(path)
    assert [service.name for service in settings.services][:2] == ["api", "worker"]
    assert len(settings.services) == services
