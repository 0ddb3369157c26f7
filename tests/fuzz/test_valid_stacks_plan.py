"""What the settings accept, the program builds: valid stacks generated from the shipped dev stack
(names, regions, sizes, versions, tags drawn from what the settings allow) run through the whole
program under mocks without a component refusing a value.

The slowest property here (a few seconds per stack): two stacks in a normal run, more under
`--hypothesis-profile=long`.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bulkhead.plan.runner import DEFAULT_STACKS_DIR, run_plan
from components.reference.aurora import ENGINE_VERSIONS
from components.reference.cache import NODE_TYPES
from infra.settings import SettingsError, validate_settings

DEV = yaml.safe_load((DEFAULT_STACKS_DIR / "Pulumi.dev.yaml").read_text())
words = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=5)


def _hyphenated(first_letters: str) -> st.SearchStrategy[str]:
    """A letter, then lowercase words joined by single hyphens (what app and service names allow)."""
    return st.builds(
        lambda first, rest: first + "-".join(rest), st.sampled_from(first_letters), st.lists(words, max_size=2)
    )


app_names = _hyphenated("abcxyz")
service_names = _hyphenated("aqz")


@st.composite
def valid_dev_stacks(draw: st.DrawFn) -> dict:
    document = copy.deepcopy(DEV)
    config = document["config"]
    raw = config["bulkhead:settings"]
    raw["app"] = draw(app_names)
    config["aws:region"] = draw(st.sampled_from(("us-east-1", "eu-west-1", "ap-southeast-2", "ca-central-1")))
    for secret in raw["secrets"]["app_secrets"]:
        arn = secret["rotation"]["lambda_arn"].split(":")
        secret["rotation"]["lambda_arn"] = ":".join([*arn[:3], config["aws:region"], *arn[4:]])
    raw["services"][1]["name"] = draw(service_names.filter(lambda name: name != raw["services"][0]["name"]))
    raw["database"]["engine_version"] = draw(st.sampled_from(ENGINE_VERSIONS[16]))
    raw["cache"]["node_type"] = draw(st.sampled_from(sorted(NODE_TYPES)))
    raw["tags"] = draw(st.dictionaries(st.sampled_from(("team", "cost-center", "owner")), words, max_size=3))
    return document


# A whole two-layer plan per example: one in a normal run, 20 with the long profile.
@settings(max_examples=max(1, settings.default.max_examples // 100), deadline=None)
@given(valid_dev_stacks())
def test_a_stack_the_settings_accept_is_built_without_a_component_refusing_it(document):
    config = document["config"]
    try:
        validate_settings(config["bulkhead:settings"], config["aws:region"], "generated")
    except SettingsError:
        assume(False)  # refused up front, with located problems: fine, and not what this test is about
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "Pulumi.generated.yaml").write_text(yaml.safe_dump(document))
        plan = run_plan("generated", Path(folder))  # a PlanError here is a value the settings let through
    assert plan.resource_count > 0
