"""`pulumi up` reads the settings from Pulumi config, with the same checks and messages as a stack file."""

import contextvars
import json

import pulumi
import pytest

from infra import layers
from infra.settings import SettingsError

SOURCE = "stacks/Pulumi.qa.yaml"


@pytest.fixture(autouse=True)
def qa_stack(monkeypatch):
    monkeypatch.setattr(pulumi, "get_stack", lambda: "qa")


def settings_from(config: dict[str, str]):
    """`settings_from_config()` with exactly `config` as the stack's Pulumi config (isolated per call)."""

    def run():
        pulumi.runtime.set_all_config(config)
        return layers.settings_from_config()

    return contextvars.copy_context().run(run)


def test_reads_region_and_settings_from_pulumi_config(shipped_settings):
    raw, region = shipped_settings("staging")
    settings = settings_from({"aws:region": region, "bulkhead:settings": json.dumps(raw)})
    assert (settings.environment, settings.region) == ("staging", region)


def test_names_every_missing_key_against_the_stack_file():
    with pytest.raises(SettingsError) as caught:
        settings_from({})
    assert caught.value.problems == [
        f"{SOURCE}: aws:region: is required",
        f"{SOURCE}: bulkhead:settings: is required",
    ]


def test_invalid_settings_give_the_stack_file_messages(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["network"]["az_count"] = 2
    with pytest.raises(SettingsError) as caught:
        settings_from({"aws:region": region, "bulkhead:settings": json.dumps(raw)})
    assert caught.value.problems == [f"{SOURCE}: network.az_count: must be >= 3 in prod (got 2)"]
