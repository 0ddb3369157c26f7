"""Real plans of modified copies of the shipped stacks, each run once per test session."""

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bulkhead.plan.model import Plan
from bulkhead.plan_cli import evaluate
from tests.support import plan_modified, shipped_plan

# Secret-looking values put in tags (every AWS resource carries them): an AWS access key id under an
# innocent key, a random token under a secret-named key, and a generated key under an innocent key.
ACCESS_KEY_ID = "AKIAZ7QW3ERT5YUI8OPA"
DEPLOY_TOKEN = "tok-live-9f8e7d6c5b4a"
GENERATED_KEY = "Xq7pL2mZ9vRt4Kw8NbYc3Hs6JdFg1QaE"


def _payments_service(settings: dict) -> None:
    worker = copy.deepcopy(settings["services"][1])
    worker.update(name="payments", port=8082, needs={"database_user": "payments"})
    settings["services"].append(worker)


def _dr_backup_restore(settings: dict) -> None:
    settings["dr"] = {
        "strategy": "backup-restore",
        "region": "us-west-2",
        "rpo_minutes": 1440,
        "rto_minutes": 480,
        "image_replication": False,
    }
    settings["backup"]["dr_copy_retention_days"] = 7


def _secret_looking_tags(settings: dict) -> None:
    settings["tags"].update({"owner": ACCESS_KEY_ID, "deploy-token": DEPLOY_TOKEN, "build": GENERATED_KEY})


def _retention_14_days(settings: dict) -> None:
    settings["database"]["backup_retention_days"] = 14


# name -> (stack, change to its settings); None plans the shipped stack as it is.
SCENARIOS: dict[str, tuple[str, Callable[[dict], None] | None]] = {
    "dev": ("dev", None),
    "dev-retention-14": ("dev", _retention_14_days),
    "dev-payments": ("dev", _payments_service),
    "dev-with-dr": ("dev", _dr_backup_restore),
    "dev-secret-tags": ("dev", _secret_looking_tags),
}


@pytest.fixture(scope="session")
def planned(tmp_path_factory) -> Callable[[str], Plan]:
    """The recorded plan of a scenario; each program run happens once per test process."""
    plans: dict[str, Plan] = {}

    def get(name: str) -> Plan:
        if name not in plans:
            stack, change = SCENARIOS[name]
            plans[name] = (
                shipped_plan(stack) if change is None else plan_modified(tmp_path_factory.mktemp(name), stack, change)
            )
        return plans[name]

    return get


def plan_document(plan: Plan, policy_config: Path | None = None) -> dict[str, Any]:
    """The plan file `bulkhead plan --json` writes, with verdicts under `policy_config`."""
    evaluated = copy.deepcopy(plan)
    evaluate(evaluated, policy_config)
    return json.loads(json.dumps(evaluated.to_json()))


@pytest.fixture(scope="session")
def document(planned) -> Callable[..., dict[str, Any]]:
    cache: dict[tuple[str, Path | None], dict[str, Any]] = {}

    def get(name: str, policy_config: Path | None = None) -> dict[str, Any]:
        if (name, policy_config) not in cache:
            cache[(name, policy_config)] = plan_document(planned(name), policy_config)
        return copy.deepcopy(cache[(name, policy_config)])

    return get


def write_plan(directory: Path, name: str, document: dict[str, Any]) -> Path:
    path = directory / f"{name}.json"
    path.write_text(json.dumps(document))
    return path


def minimal_record(
    name: str, resource_type: str = "aws:sfn/stateMachine:StateMachine", region: str = "us-east-1", **inputs
) -> dict:
    """A resource record as the plan file holds it, for hand-made plans."""
    return {
        "urn": f"urn:pulumi:dev::bulkhead::{resource_type}::{name}",
        "type": resource_type,
        "name": name,
        "custom": True,
        "parent": None,
        "dependencies": [],
        "provider": None,
        "region": region,
        "protect": False,
        "inputs": inputs,
        "outputs": {},
    }
