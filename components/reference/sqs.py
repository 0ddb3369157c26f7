"""What Amazon SQS accepts: the ranges and name forms the queue component, the settings and the policy
pack check before AWS would refuse them.

Sources (checked 2026-10): the SQS API reference (`CreateQueue` attributes, `SetQueueAttributes`),
the SQS developer guide (dead-letter queues, server-side encryption, FIFO queues), and the
terraform-provider-aws `aws_sqs_queue` schema and CustomizeDiff (name patterns, ConflictsWith). The
same facts, with their sources, are listed in docs/deployability.md.
"""

from __future__ import annotations

import re

# VisibilityTimeout: 0 s to 12 hours (CreateQueue; aws_sqs_queue validation.IntBetween(0, 43200)).
VISIBILITY_TIMEOUT_SECONDS = (0, 43_200)
# MessageRetentionPeriod: 1 minute to 14 days; AWS's default is 4 days.
RETENTION_SECONDS = (60, 1_209_600)
DEFAULT_RETENTION_SECONDS = 345_600
# ReceiveMessageWaitTimeSeconds (long polling): 0 to 20 s.
RECEIVE_WAIT_SECONDS = (0, 20)
# KmsDataKeyReusePeriodSeconds: 1 minute to 24 hours; AWS's default is 5 minutes.
KMS_DATA_KEY_REUSE_SECONDS = (60, 86_400)
DEFAULT_KMS_DATA_KEY_REUSE_SECONDS = 300
# RedrivePolicy.maxReceiveCount: 1 to 1000 receives before a message moves to the dead-letter queue.
MAX_RECEIVE_COUNT = (1, 1_000)
# RedriveAllowPolicy with redrivePermission "byQueue" names at most 10 source queues.
MAX_REDRIVE_SOURCE_QUEUES = 10
# DelaySeconds: 0 to 15 minutes.
DELAY_SECONDS = (0, 900)

FIFO_SUFFIX = ".fifo"
# Queue names: ASCII letters, digits, `-` and `_`, 1-80 characters; a FIFO queue's name ends in `.fifo`
# (75 characters before the suffix).
STANDARD_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}\Z")
FIFO_NAME = re.compile(r"^[A-Za-z0-9_-]{1,75}\.fifo\Z")

# CloudWatch metrics SQS publishes (namespace AWS/SQS, dimension QueueName), every minute for active
# queues; a queue idle for up to six hours stops reporting until it is active again.
METRICS_NAMESPACE = "AWS/SQS"
MESSAGES_VISIBLE = "ApproximateNumberOfMessagesVisible"
OLDEST_MESSAGE_AGE = "ApproximateAgeOfOldestMessage"


def queue_name_problem(name: str, *, fifo: bool) -> str | None:
    """Why AWS would refuse `name` for a standard or FIFO queue, or None when it accepts it."""
    if fifo and not FIFO_NAME.match(name):
        return "a FIFO queue name is 1-75 letters, digits, '-' or '_' followed by '.fifo'"
    if not fifo and not STANDARD_NAME.match(name):
        return "a queue name is 1-80 letters, digits, '-' or '_' (no '.fifo' on a standard queue)"
    return None
