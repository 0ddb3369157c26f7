"""A named set of alarms built from specs: the building block of every observability component."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.observability.alarms import AlarmRoute, AlarmSpec, metric_alarm


@dataclass(frozen=True, kw_only=True)
class AlarmSetArgs:
    """Inputs for `AlarmSet`.

    Attributes:
        route: The alerts topic and name prefix of the alarms' region.
        specs: The alarms, each with a unique `what`.
    """

    route: AlarmRoute
    specs: Sequence[AlarmSpec]

    def __post_init__(self) -> None:
        names = [spec.what for spec in self.specs]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"AlarmSetArgs.specs: each alarm needs its own `what` (repeated: {duplicates})")


class AlarmSet(pulumi.ComponentResource):
    """One CloudWatch alarm per spec, all notifying the route's topic on ALARM and OK."""

    alarms: dict[str, aws.cloudwatch.MetricAlarm]

    def __init__(self, name: str, args: AlarmSetArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:observability:AlarmSet", name, None, opts)
        self.alarms = {spec.what: metric_alarm(f"{name}-{spec.what}", spec, args.route, self) for spec in args.specs}
        self.register_outputs({"alarm_arns": {what: alarm.arn for what, alarm in self.alarms.items()}})
