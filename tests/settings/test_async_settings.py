"""The `queues:`, `releases:` and `rollout:` sections, and `services[].needs.queues` / `needs.flags`."""

import pytest

from infra.settings import validate_settings
from tests.settings.support import DEV, PROD, STAGING, problems


def test_shipped_stacks_enqueue_push_jobs_from_the_api_for_the_worker_and_the_api_reads_flags(shipped_settings):
    for environment in ("dev", "staging", "prod"):
        raw, region = shipped_settings(environment)
        settings = validate_settings(raw, region, environment)
        [queue] = settings.queues
        api, worker = settings.services
        assert queue.name == "push-jobs" and queue.max_receive_count == 5
        assert (api.needs.queues.send, api.needs.queues.consume) == (("push-jobs",), ())
        assert (worker.needs.queues.send, worker.needs.queues.consume) == ((), ("push-jobs",))
        assert api.needs.flags is True and worker.needs.flags is False
        assert api.needs.uses_aws_apis and worker.needs.uses_aws_apis
        assert settings.releases is not None and settings.releases.agent_image.digest is not None


def test_dev_rolls_flags_out_at_once_and_staging_and_prod_step_by_step(shipped_settings):
    strategies = {}
    for environment in ("dev", "staging", "prod"):
        raw, region = shipped_settings(environment)
        strategies[environment] = validate_settings(raw, region, environment).releases.strategy
    assert (strategies["dev"].growth_factor, strategies["dev"].duration_minutes) == (100, 0)
    for environment, bake in (("staging", 5), ("prod", 10)):
        assert strategies[environment].growth_factor < 100 and strategies[environment].duration_minutes > 0
        assert strategies[environment].final_bake_time_minutes >= bake


def test_a_service_naming_an_unknown_queue_is_refused(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["services"][0]["needs"]["queues"] = {"send": ["receipts"]}
    assert problems(raw, region, PROD) == [
        f"{PROD}: services[0].needs.queues.send: names an unknown queue 'receipts'; queues has ['push-jobs'] "
        "(got 'receipts')"
    ]


def test_a_queue_nobody_consumes_is_refused(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["queues"].append({"name": "receipts", "processing_seconds": 10, "oldest_message_age_seconds": 300})
    assert problems(raw, region, PROD) == [
        f"{PROD}: queues[1].name: no service consumes it (add it to a service's needs.queues.consume); its "
        "messages would only age (got 'receipts')"
    ]


def test_flags_need_a_releases_section(shipped_settings):
    raw, region = shipped_settings("staging")
    del raw["releases"]
    assert problems(raw, region, STAGING) == [
        f"{STAGING}: services[0].needs.flags: needs a `releases:` section (got True)"
    ]


def test_flags_outside_dev_need_a_queue_whose_alarms_watch_their_rollouts(shipped_settings):
    raw, region = shipped_settings("prod")
    del raw["queues"]
    for service in raw["services"]:
        service["needs"].pop("queues", None)
    assert problems(raw, region, PROD) == [
        f"{PROD}: releases: needs an alarm to roll back on in prod: add a queue (its alarms watch the rollouts) "
        "(got 'no queues')"
    ]
    raw, region = shipped_settings("dev")
    del raw["queues"]
    for service in raw["services"]:
        service["needs"].pop("queues", None)
    assert validate_settings(raw, region, "dev").queues == ()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"visibility_timeout_seconds": 10},
            "queues[0].visibility_timeout_seconds: must be >= processing_seconds (30): a message still being "
            "processed would be delivered to another consumer (got 10)",
        ),
        (
            {"oldest_message_age_seconds": 345600},
            "queues[0].oldest_message_age_seconds: must be < retention_seconds (345600): messages would expire "
            "before the alarm (got 345600)",
        ),
        (
            {"content_based_deduplication": True},
            "queues[0].content_based_deduplication: needs fifo: true (only FIFO queues deduplicate) (got True)",
        ),
        ({"max_receive_count": 50}, "queues[0].max_receive_count: must be <= 10 (got 50)"),
        ({"retention_seconds": 86400}, "queues[0].retention_seconds: must be >= 345600 in prod (got 86400)"),
        ({"name": "Push_Jobs"}, "queues[0].name: must match ^[a-z][a-z0-9-]{0,38}[a-z0-9]\\Z (got 'Push_Jobs')"),
    ],
)
def test_bad_queue_values_are_refused_with_their_path(shipped_settings, change, expected):
    raw, region = shipped_settings("prod")
    raw["queues"][0].update(change)
    assert problems(raw, region, PROD) == [f"{PROD}: {expected}"]


def test_the_dead_letter_queue_keeps_messages_at_least_as_long_as_the_queue(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["queues"][0].update(retention_seconds=604800, dead_letter_retention_seconds=345600)
    assert problems(raw, region, DEV) == [
        f"{DEV}: queues[0].dead_letter_retention_seconds: must be >= retention_seconds (604800): a moved message "
        "keeps its enqueue time (got 345600)"
    ]


def test_dev_keeps_messages_at_least_a_day(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["queues"][0]["retention_seconds"] = 3600
    raw["queues"][0]["oldest_message_age_seconds"] = 600
    assert problems(raw, region, DEV) == [f"{DEV}: queues[0].retention_seconds: must be >= 86400 in dev (got 3600)"]


def test_queue_names_are_unique(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["queues"].append(dict(raw["queues"][0]))
    assert problems(raw, region, DEV) == [f"{DEV}: queues[1].name: must be unique among queues (got 'push-jobs')"]


def test_prod_refuses_an_all_at_once_strategy_without_bake_time(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["releases"]["strategy"] = {"duration_minutes": 0, "growth_factor": 100, "final_bake_time_minutes": 0}
    assert problems(raw, region, PROD) == [
        f"{PROD}: releases.strategy.growth_factor: must be < 100 in prod (roll out step by step) (got 100.0)",
        f"{PROD}: releases.strategy.duration_minutes: must be > 0 in prod (roll out step by step) (got 0)",
        f"{PROD}: releases.strategy.final_bake_time_minutes: must be >= 10 in prod (got 0)",
    ]


def test_the_agent_image_is_pinned_by_digest_even_in_dev(shipped_settings):
    raw, region = shipped_settings("dev")
    del raw["releases"]["agent_image"]["digest"]
    assert problems(raw, region, DEV) == [
        f"{DEV}: releases.agent_image.digest: is required (the sidecar is pinned by digest in every environment; "
        "see docs/releases.md) (got None)"
    ]


def test_flag_keys_follow_the_appconfig_schema_and_are_unique(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["releases"]["flags"].append({"key": "new-checkout"})
    raw["releases"]["flags"].append({"key": "NewCheckout"})
    assert problems(raw, region, DEV) == [
        f"{DEV}: releases.flags[3].key: must match ^[a-z][a-zA-Z0-9_-]{{0,63}}\\Z (got 'NewCheckout')",
    ]
    raw["releases"]["flags"].pop()
    assert problems(raw, region, DEV) == [
        f"{DEV}: releases.flags[2].key: must be unique among flags (got 'new-checkout')"
    ]


def test_releases_need_at_least_one_flag(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["releases"]["flags"] = []
    assert problems(raw, region, DEV) == [f"{DEV}: releases.flags: must have at least 1 item(s) (got [])"]


def test_the_progress_deadline_must_exceed_min_ready_and_the_startup_probe(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["rollout"] = {"progress_deadline_seconds": 300, "min_ready_seconds": 300}
    assert problems(raw, region, PROD) == [
        f"{PROD}: rollout: progress_deadline_seconds (300) must be greater than min_ready_seconds (300) "
        "(got {'progress_deadline_seconds': 300, 'min_ready_seconds': 300})"
    ]
    raw["rollout"] = {"progress_deadline_seconds": 60}
    assert problems(raw, region, PROD) == [f"{PROD}: rollout.progress_deadline_seconds: must be >= 180 (got 60)"]


def test_every_problem_of_the_new_sections_is_reported_at_once(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["queues"][0]["max_receive_count"] = 0
    raw["services"][1]["needs"]["queues"] = {"consume": ["receipts"]}
    raw["releases"]["strategy"]["final_bake_time_minutes"] = 1
    lines = problems(raw, region, PROD)
    assert len(lines) == 2 and any("max_receive_count" in line for line in lines)
    assert any("final_bake_time_minutes" in line for line in lines)
