"""Network settings: the VPC shape of one environment."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.cidrs import RFC1918, canonical_problem, parse_network
from infra.settings.environment import FLOORS

# Values CloudWatch Logs accepts for retentionInDays.
LOG_RETENTION_DAYS = (
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)
MIN_FLOW_LOG_RETENTION_DAYS = 30
MAX_AZS = 4  # the VPC is carved into four AZ slots per tier


def _cloudwatch_retention(value: int) -> int:
    if value not in LOG_RETENTION_DAYS:
        raise ValueError(f"must be one of the CloudWatch Logs retention values {list(LOG_RETENTION_DAYS)}")
    return value


# A log retention in days that CloudWatch Logs accepts (every section's log groups use this type).
LogRetentionDays = Annotated[int, AfterValidator(_cloudwatch_retention)]


class NetworkSettings(SettingsModel):
    """The VPC: CIDR, availability zones, NAT layout, flow logs and VPC endpoints."""

    cidr_block: str = "10.0.0.0/16"
    az_count: int = Field(default=3, ge=2, le=MAX_AZS)
    nat_gateways: Literal["single", "one-per-az"] = "one-per-az"
    flow_log_retention_days: LogRetentionDays = 365
    vpc_endpoints: bool = True

    @field_validator("cidr_block")
    @classmethod
    def _cidr_is_private_16_to_20(cls, value: str) -> str:
        network, problem = parse_network(value)
        if network is None or network.version != 4:
            raise ValueError(problem or "must be an IPv4 network in CIDR notation such as 10.0.0.0/16")
        if not any(network.subnet_of(private) for private in RFC1918):
            raise ValueError("must be a private (RFC 1918) range: within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16")
        if not 16 <= network.prefixlen <= 20:
            raise ValueError("prefix length must be between /16 and /20")
        problem = canonical_problem(value, network)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("flow_log_retention_days")
    @classmethod
    def _flow_log_retention_floor(cls, value: int) -> int:
        if value < MIN_FLOW_LOG_RETENTION_DAYS:
            raise ValueError(f"must be >= {MIN_FLOW_LOG_RETENTION_DAYS}")
        return value

    @model_validator(mode="after")
    def _meets_environment_floor(self, info: ValidationInfo) -> NetworkSettings:
        environment = environment_of(info)
        if environment is None:
            return self
        floor = FLOORS[environment]
        problems = ViolationCollector()
        problems.at_least("az_count", self.az_count, floor.az_count, environment)
        if floor.nat_per_az and self.nat_gateways != "one-per-az":
            problems.add("nat_gateways", f"must be 'one-per-az' in {environment}", self.nat_gateways)
        if floor.vpc_endpoints and not self.vpc_endpoints:
            problems.add("vpc_endpoints", f"must be true in {environment}", self.vpc_endpoints)
        problems.at_least(
            "flow_log_retention_days", self.flow_log_retention_days, floor.log_retention_days, environment
        )
        problems.raise_if_any()
        return self
