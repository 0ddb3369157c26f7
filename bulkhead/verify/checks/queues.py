"""SQS: each work queue and its dead-letter queue, in every region the stack runs them, as the queue
component creates them (components/messaging/queue.py): both on the queues key of their region, the work
queue's redrive policy naming its own dead-letter queue, and both policies refusing requests without TLS."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bulkhead.verify import reads
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, failed, verdict_of
from bulkhead.verify.outputs import QUEUES_KEY, VerifyOutputs
from bulkhead.verify.policy_documents import insecure_transport_problem

# The queue policies deny every SQS action without TLS (`sqs:*`), not only the message actions.
ALL_SQS_ACTIONS = ("sqs:*",)


@dataclass(frozen=True)
class QueueSite:
    """One region's copy of a queue: the work queue, its dead-letter queue and the key of the region."""

    name: str
    region: str
    url: str
    dead_letter_url: str
    key_arn: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.region})"


def _sites(outputs: VerifyOutputs) -> Targets:
    sites = []
    for queue in outputs.queues:
        primary = outputs.primary_region
        sites.append(
            QueueSite(queue.name, primary, queue.url, queue.dead_letter_url, outputs.regional_key(QUEUES_KEY, primary))
        )
        if queue.dr_url and queue.dr_dead_letter_url and outputs.dr_region:
            dr = outputs.dr_region
            sites.append(
                QueueSite(queue.name, dr, queue.dr_url, queue.dr_dead_letter_url, outputs.regional_key(QUEUES_KEY, dr))
            )
    return [Target(site.label, site) for site in sites] or "no queue in the outputs"


def _both(site: QueueSite) -> tuple[tuple[str, str], ...]:
    return (("the queue", site.url), ("the dead-letter queue", site.dead_letter_url))


def _encryption(ctx: Context, site: QueueSite) -> Verdict:
    problems = []
    for what, url in _both(site):
        key = reads.queue_attributes(ctx, site.region, url).get("KmsMasterKeyId")
        mismatch = reads.key_mismatch(what, key, site.key_arn, QUEUES_KEY)
        problems += [mismatch] if mismatch else []
    return verdict_of(problems, "the queue and its dead-letter queue encrypted with the queues key")


def _redrive(ctx: Context, site: QueueSite) -> Verdict:
    dead_letter_arn = reads.queue_attributes(ctx, site.region, site.dead_letter_url).get("QueueArn")
    raw = reads.queue_attributes(ctx, site.region, site.url).get("RedrivePolicy")
    if not raw:
        return failed("no redrive policy: failing messages are retried until they expire")
    try:
        policy = json.loads(raw)
    except ValueError:
        return failed(f"the redrive policy is not JSON: {raw[:80]!r}")
    problems = []
    target = policy.get("deadLetterTargetArn")
    if target != dead_letter_arn:
        problems.append(
            f"the redrive policy sends failures to {target}, expected its dead-letter queue {dead_letter_arn}"
        )
    count = policy.get("maxReceiveCount")
    if not isinstance(count, int) or count < 1:
        problems.append(f"the redrive policy has no maxReceiveCount (got {count!r})")
    return verdict_of(problems, f"failures move to {dead_letter_arn} after {count} receives")


def _tls(ctx: Context, site: QueueSite) -> Verdict:
    problems = []
    for what, url in _both(site):
        attributes = reads.queue_attributes(ctx, site.region, url)
        problem = insecure_transport_problem(attributes.get("Policy"), ALL_SQS_ACTIONS, attributes.get("QueueArn", ""))
        problems += [f"{what}: {problem}"] if problem else []
    return verdict_of(problems, "the queue and its dead-letter queue refuse requests without TLS")


CHECKS = (
    Check(
        id="queues.encryption",
        title="Each queue and its dead-letter queue are encrypted with the queues key of their region",
        calls=("sqs:GetQueueAttributes",),
        policies=("sqs-queue-cmk",),
        targets=_sites,
        run=_encryption,
    ),
    Check(
        id="queues.redrive",
        title="Each queue moves a message that keeps failing to its own dead-letter queue after a bounded count",
        calls=("sqs:GetQueueAttributes",),
        policies=("sqs-dead-letter-queue",),
        targets=_sites,
        run=_redrive,
    ),
    Check(
        id="queues.tls",
        title="Each queue's and dead-letter queue's policy denies every SQS action without TLS",
        calls=("sqs:GetQueueAttributes",),
        policies=("sqs-queue-policy-tls",),
        targets=_sites,
        run=_tls,
    ),
)
