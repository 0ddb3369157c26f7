"""Wiring of asynchronous work: the `queues:` section as queues with dead-letter queues, and the grants,
environment and alarms that follow from each service's `needs.queues`.

Queues are regional and SQS does not replicate them: where the DR region runs a warm standby, it gets
queues of its own (same names, its replica key) that the standby's services use; messages in flight
stay in the region they were sent to (docs/releases.md, "Queues at failover").

Entry points, in program order: `build_messaging` (with the region's alerts topics, built first by
`infra/wiring/observability.py:build_alert_topics`), `queue_connection_env` (before the services),
`grant_queue_access` (after them), `queue_alarm_arns` (the release monitors).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from components.foundation.keys import KeyRing
from components.messaging.queue import Queue, QueueArgs
from infra.providers import Providers, in_region
from infra.settings import StackSettings
from infra.settings.queues import QueueSettings
from infra.settings.services import ServiceSettings

# Interface endpoint the workloads reach SQS through when the network has endpoints.
ENDPOINT_SERVICES = ("sqs",)


@dataclass(frozen=True)
class Messaging:
    """The stack's queues by settings name: in the primary region, and in the DR region for a standby."""

    queues: dict[str, Queue]
    standby_queues: dict[str, Queue] = field(default_factory=dict)

    def of(self, *, standby: bool) -> dict[str, Queue]:
        return self.standby_queues if standby else self.queues


def runs_standby(settings: StackSettings) -> bool:
    """Whether the DR region runs the services (warm standby), and so needs queues of its own."""
    return settings.dr.standby is not None and settings.cluster is not None


def endpoint_services(settings: StackSettings) -> tuple[str, ...]:
    """The interface endpoints the network needs for the queues (none without queues)."""
    return ENDPOINT_SERVICES if settings.queues else ()


def build_messaging(
    settings: StackSettings,
    providers: Providers,
    account_id: pulumi.Input[str],
    keys: KeyRing,
    *,
    alerts_topic_arns: Mapping[str, pulumi.Input[str]],
) -> Messaging | None:
    """The queues of `settings.queues` in the primary region (and the DR region for a warm standby),
    on the queue key (its replica in the DR region); their alarms notify the topic of their region.

    Returns None when the stack has no queues."""
    if not settings.queues:
        return None
    primary = {
        queue.name: _queue(
            settings,
            queue,
            settings.region,
            providers.primary,
            account_id,
            keys.key_arn("queues"),
            alerts_topic_arns.get(settings.region),
            suffix="",
        )
        for queue in settings.queues
    }
    standby: dict[str, Queue] = {}
    if runs_standby(settings):
        assert settings.dr.region is not None and providers.dr is not None  # settings require both
        standby = {
            queue.name: _queue(
                settings,
                queue,
                settings.dr.region,
                providers.dr,
                account_id,
                keys.replica_key_arn("queues"),
                alerts_topic_arns.get(settings.dr.region),
                suffix="-dr",
            )
            for queue in settings.queues
        }
    messaging = Messaging(queues=primary, standby_queues=standby)
    _export(settings, messaging)
    return messaging


def queue_connection_env(
    messaging: Messaging | None, services: Sequence[ServiceSettings], *, standby: bool = False
) -> dict[str, dict[str, pulumi.Input[str]]]:
    """Per service, `BULKHEAD_QUEUE_<NAME>_URL` for each queue it sends to or consumes (plain values:
    a queue URL is an address, not a credential). With `standby`, the DR region's queues (none
    without a standby)."""
    env: dict[str, dict[str, pulumi.Input[str]]] = {}
    for service in services:
        names = service.needs.queues.names
        queues = _require(messaging, service.name).of(standby=standby) if names else {}
        if queues:
            env[service.name] = {_env_name(name): queues[name].url for name in names}
    return env


def grant_queue_access(
    messaging: Messaging | None,
    services: Sequence[ServiceSettings],
    roles: Mapping[str, aws.iam.Role],
    *,
    standby: bool = False,
) -> None:
    """Gives each service's role exactly the queue actions its `needs.queues` declare, and restricts
    each queue's messages to those roles and the stack's operators (`keys.admin_role_arns`).

    `roles` maps service name to its workload role; with `standby`, the DR region's roles and queues."""
    if messaging is None:
        return
    for name, queue in messaging.of(standby=standby).items():
        queue.grant_access(
            senders=[roles[s.name] for s in services if name in s.needs.queues.send],
            consumers=[roles[s.name] for s in services if name in s.needs.queues.consume],
        )


def queue_alarm_arns(
    messaging: Messaging | None, services: Sequence[ServiceSettings], *, standby: bool = False
) -> dict[str, list[pulumi.Output[str]]]:
    """Per service, the alarms of the queues it sends to or consumes: a release that breaks a producer
    or a consumer shows as poison messages or a growing backlog. With `standby`, the DR region's
    queues' alarms (none without a standby)."""
    queues = messaging.of(standby=standby) if messaging is not None else {}
    return {
        service.name: [arn for name in service.needs.queues.names for arn in queues[name].alarm_arns]
        for service in services
        if queues and service.needs.queues.names
    }


def _queue(
    settings: StackSettings,
    queue: QueueSettings,
    region: str,
    provider: aws.Provider,
    account_id: pulumi.Input[str],
    key_arn: pulumi.Input[str],
    topic_arn: pulumi.Input[str] | None,
    *,
    suffix: str,
) -> Queue:
    return Queue(
        f"{settings.prefix}-queue-{queue.name}{suffix}",
        QueueArgs(
            queue_name=_queue_name(settings, queue),
            region=region,
            account_id=account_id,
            kms_key_arn=key_arn,
            processing_seconds=queue.processing_seconds,
            visibility_timeout_seconds=queue.visibility_timeout_seconds,
            max_receive_count=queue.max_receive_count,
            retention_seconds=queue.retention_seconds,
            dead_letter_retention_seconds=queue.dead_letter_retention_seconds,
            oldest_message_age_seconds=queue.oldest_message_age_seconds,
            fifo=queue.fifo,
            content_based_deduplication=queue.content_based_deduplication,
            alarm_topic_arn=topic_arn,
            operator_role_arns=settings.keys.admin_role_arns,
        ),
        opts=in_region(provider),
    )


def _queue_name(settings: StackSettings, queue: QueueSettings) -> str:
    return f"{settings.prefix}-{queue.name}"


def _env_name(queue_name: str) -> str:
    return f"BULKHEAD_QUEUE_{queue_name.upper().replace('-', '_')}_URL"


def _require(messaging: Messaging | None, service: str) -> Messaging:
    if messaging is None:
        raise ValueError(f"service {service!r} needs queues, but the stack has no `queues:` section")
    return messaging


def _export(settings: StackSettings, messaging: Messaging) -> None:
    """The queues part of the stack outputs (docs/stack-outputs.md); `dr failover` reads it."""
    exported = []
    for queue in settings.queues:
        primary = messaging.queues[queue.name]
        standby = messaging.standby_queues.get(queue.name)
        exported.append(
            {
                "name": queue.name,
                "url": primary.url,
                "arn": primary.arn,
                "dead_letter_url": primary.dead_letter_queue.url,
                "retention_seconds": queue.retention_seconds,
                "dr_url": standby.url if standby else None,
                "dr_arn": standby.arn if standby else None,
                "dr_dead_letter_url": standby.dead_letter_queue.url if standby else None,
            }
        )
    pulumi.export("queues", exported)
