"""The central X-Ray sampling rules: one per traced service, in each region.

What the services themselves are told (where to send traces, the JSON log format with trace ids) is
components/support/telemetry.py; the agent proxies these rules to them, so how much is traced is
decided here, per service, not in each image.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.support.validation import require_between

MAX_SAMPLING_RULE_NAME = 32


@dataclass(frozen=True, kw_only=True)
class SamplingArgs:
    """Inputs for `Sampling`.

    Attributes:
        service_names: The traced names (`telemetry_service_name`), one rule each.
        fixed_rate_percent: Share of requests traced beyond the reservoir, 0-100.
        reservoir_per_second: Requests per second traced before the rate applies, 0-1000.
        priority: Rule priority, 1-9999 (lower wins over X-Ray's default rule at 10000). Default: 1000
    """

    service_names: Sequence[str]
    fixed_rate_percent: float
    reservoir_per_second: int
    priority: int = 1000

    def __post_init__(self) -> None:
        if not 0 <= self.fixed_rate_percent <= 100:
            raise ValueError(f"SamplingArgs.fixed_rate_percent: must be 0-100 (got {self.fixed_rate_percent})")
        require_between("SamplingArgs.reservoir_per_second", self.reservoir_per_second, 0, 1000)
        require_between("SamplingArgs.priority", self.priority, 1, 9999)
        too_long = [n for n in self.service_names if len(n) > MAX_SAMPLING_RULE_NAME]
        if too_long:
            raise ValueError(
                f"SamplingArgs.service_names: X-Ray rule names are at most {MAX_SAMPLING_RULE_NAME} characters "
                f"(got {too_long})"
            )


class Sampling(pulumi.ComponentResource):
    """One X-Ray sampling rule per service in the region of the provider."""

    rules: dict[str, aws.xray.SamplingRule]

    def __init__(self, name: str, args: SamplingArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:observability:Sampling", name, None, opts)
        self.rules = {
            service: aws.xray.SamplingRule(
                f"{name}-{service}",
                rule_name=service,
                service_name=service,
                priority=args.priority,
                fixed_rate=round(args.fixed_rate_percent / 100, 6),
                reservoir_size=args.reservoir_per_second,
                host="*",
                http_method="*",
                url_path="*",
                service_type="*",
                resource_arn="*",
                version=1,
                opts=pulumi.ResourceOptions(parent=self),
            )
            for service in args.service_names
        }
        self.register_outputs({"rules": {service: rule.arn for service, rule in self.rules.items()}})
