"""What `dr failover` says about the queues: where messages in flight stay, per queue of the outputs."""

from __future__ import annotations

import json

import pytest

from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_OK
from bulkhead.runbooks.outputs import parse_outputs
from bulkhead.runbooks.queues import QueueOutput, in_flight_lines
from tests.runbooks import responses
from tests.runbooks.support import EAST, WEST, invoke

PUSH_JOBS = {
    "name": "push-jobs",
    "url": "https://sqs.us-east-1.amazonaws.com/111122223333/mobile-prod-push-jobs",
    "arn": "arn:aws:sqs:us-east-1:111122223333:mobile-prod-push-jobs",
    "dead_letter_url": "https://sqs.us-east-1.amazonaws.com/111122223333/mobile-prod-push-jobs-dlq",
    "retention_seconds": 345600,
    "dr_url": "https://sqs.us-west-2.amazonaws.com/111122223333/mobile-prod-push-jobs",
    "dr_arn": "arn:aws:sqs:us-west-2:111122223333:mobile-prod-push-jobs",
}


def test_failing_over_says_messages_stay_in_the_primary_queue_and_the_standby_uses_its_own():
    [line] = in_flight_lines([QueueOutput.model_validate(PUSH_JOBS)], EAST, WEST)
    assert line == (
        "queue push-jobs: messages in flight stay in https://sqs.us-east-1.amazonaws.com/111122223333/"
        "mobile-prod-push-jobs (SQS does not replicate) for up to 4 day(s) and are processed when us-east-1 "
        "returns; the standby now sends to and consumes https://sqs.us-west-2.amazonaws.com/111122223333/"
        "mobile-prod-push-jobs. For a planned switchover, drain it first: stop the producers and wait until it "
        "is empty"
    )


def test_failing_back_says_what_the_dr_queue_still_holds():
    [line] = in_flight_lines([QueueOutput.model_validate(PUSH_JOBS)], EAST, EAST)
    assert line.startswith("queue push-jobs: back in us-east-1")
    assert "https://sqs.us-west-2.amazonaws.com/111122223333/mobile-prod-push-jobs) stay there" in line


def test_a_queue_without_a_dr_queue_says_so():
    queue = QueueOutput.model_validate({**PUSH_JOBS, "dr_url": None})
    assert "us-west-2 has no queue yet" in in_flight_lines([queue], EAST, WEST)[0]


def test_outputs_without_queues_are_still_valid(prod_outputs):
    assert parse_outputs(prod_outputs).queues == []


def test_a_malformed_queue_url_is_bad_input(prod_outputs):
    with pytest.raises(ValueError, match=r"queues\[0\]\.url"):
        parse_outputs({**prod_outputs, "queues": [{**PUSH_JOBS, "url": "sqs://jobs"}]})


def test_dr_failover_prints_the_queue_line_after_its_steps(stubbed, clock, tmp_path, prod_outputs):
    stubbed.stub("rds", WEST).add_response(
        "describe_global_clusters", responses.global_cluster(EAST), responses.DESCRIBE_CLUSTER
    )
    responses.stub_db_cluster(stubbed, EAST)
    responses.stub_aurora_lag(stubbed, WEST, 850)
    stubbed.stub("elasticache", WEST).add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST), responses.DESCRIBE_DATASTORE
    )
    path = tmp_path / "prod.json"
    path.write_text(json.dumps({**prod_outputs, "queues": [PUSH_JOBS]}))
    argv = ["dr", "failover", "--outputs", str(path), "--to", WEST, "--dry-run", "--writes-stopped", "confirmed"]
    code, _, err = invoke(argv, stubbed, clock)
    assert code == EXIT_OK
    assert err.splitlines()[-1].startswith("2026-11-25T04:00:00+00:00 queue push-jobs: messages in flight stay in")


def test_a_bad_target_prints_no_queue_line(stubbed, clock, tmp_path, prod_outputs):
    path = tmp_path / "prod.json"
    path.write_text(json.dumps({**prod_outputs, "queues": [PUSH_JOBS]}))
    code, _, err = invoke(["dr", "failover", "--outputs", str(path), "--to", "eu-west-1"], stubbed, clock)
    assert code == EXIT_BAD_INPUT and "queue push-jobs" not in err
