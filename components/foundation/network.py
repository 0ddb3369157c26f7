"""The network: a VPC over N availability zones with public, private and isolated subnet tiers.

- public: NAT gateways and internet-facing load balancers only; routes to the internet gateway.
- private: workloads (EKS nodes and pods); egress through NAT (one per AZ, or one shared).
- isolated: data stores; no route out of the VPC at all.
No subnet maps public IPs on launch: nothing gets a public address by accident.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.support.firewall import allow_tcp_from_cidr, closed_security_group
from components.support.iam import document, service_trust, statement
from components.support.logs import encrypted_log_group
from components.support.validation import require_between

TIERS = ("public", "private", "isolated")
MAX_AZS = 4
HTTPS = 443
# Interface endpoints a private EKS cluster and its workloads need to reach AWS APIs without NAT.
INTERFACE_ENDPOINT_SERVICES = ("ecr.api", "ecr.dkr", "sts", "secretsmanager", "kms", "logs", "eks-auth")
DEFAULT_FLOW_LOG_RETENTION_DAYS = 365
STANDARD_ZONES_OPT_IN_STATUS = "opt-in-not-required"  # Local and Wavelength Zones need an opt-in
# Zones where EKS places no control plane subnets (EKS User Guide, "VPC and subnet requirements"); the
# cluster's subnets are this network's private subnets, one per AZ, so the network skips them.
EKS_UNSUPPORTED_ZONE_IDS = ("use1-az3", "usw1-az2", "cac1-az3")
SUBNET_ROLE_TAGS = {
    "public": {"kubernetes.io/role/elb": "1"},
    "private": {"kubernetes.io/role/internal-elb": "1"},
    "isolated": {},
}


@dataclass(frozen=True, kw_only=True)
class NetworkArgs:
    """Inputs for `Network`.

    Attributes:
        cidr_block: Private IPv4 range of the VPC, /16 to /20; split into 4 tiers x 4 AZ slots.
        az_count: Availability zones to spread over, 2-4.
        region: Region of the VPC (endpoint service names depend on it).
        account_id: Account that owns the VPC (scopes the flow-log role's trust).
        logs_kms_key_arn: CMK for the flow-log group.
        nat_per_az: One NAT gateway per AZ (true) or a single shared one (false). Default: true
        flow_log_retention_days: Retention of the flow-log group. Default: 365
        vpc_endpoints: Create the S3 gateway endpoint and the interface endpoints in
            INTERFACE_ENDPOINT_SERVICES. Default: true
        extra_endpoint_services: Further interface endpoints the workloads need (such as `sqs`,
            `appconfigdata`), with vpc_endpoints. Default: - none.
    """

    cidr_block: str
    az_count: int
    region: str
    account_id: pulumi.Input[str]
    logs_kms_key_arn: pulumi.Input[str]
    nat_per_az: bool = True
    flow_log_retention_days: int = DEFAULT_FLOW_LOG_RETENTION_DAYS
    vpc_endpoints: bool = True
    extra_endpoint_services: Sequence[str] = ()

    def __post_init__(self) -> None:
        require_between("NetworkArgs.az_count", self.az_count, 2, MAX_AZS)
        network = ipaddress.IPv4Network(self.cidr_block)
        if not 16 <= network.prefixlen <= 20:
            raise ValueError(f"NetworkArgs.cidr_block: prefix must be /16 to /20 (got {self.cidr_block})")

    def subnet_cidrs(self, tier: str) -> list[str]:
        """The CIDR of each AZ's subnet in a tier: tier blocks of prefix+2, AZ slots of prefix+4."""
        tier_blocks = list(ipaddress.IPv4Network(self.cidr_block).subnets(prefixlen_diff=2))
        az_slots = list(tier_blocks[TIERS.index(tier)].subnets(prefixlen_diff=2))
        return [str(slot) for slot in az_slots[: self.az_count]]


class Network(pulumi.ComponentResource):
    """VPC, subnets per tier and AZ, NAT, flow logs, an emptied default security group, endpoints."""

    vpc_id: pulumi.Output[str]
    vpc_cidr_block: str
    availability_zones: list[pulumi.Output[str]]
    public_subnet_ids: list[pulumi.Output[str]]
    private_subnet_ids: list[pulumi.Output[str]]
    isolated_subnet_ids: list[pulumi.Output[str]]
    endpoint_security_group_id: pulumi.Output[str] | None

    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:network:Network", name, None, opts)
        self._name = name
        self._args = args
        self.vpc_cidr_block = args.cidr_block
        self._vpc = aws.ec2.Vpc(
            f"{name}-vpc",
            cidr_block=args.cidr_block,
            enable_dns_hostnames=True,
            enable_dns_support=True,
            tags={"Name": f"{name}-vpc"},
            opts=self._child(),
        )
        self.vpc_id = self._vpc.id
        self._empty_default_security_group()
        # Regular AZs only: where Local Zones are enabled the call returns them too (by name they sort
        # first: `us-west-2-lax-1a` < `us-west-2a`), and EKS, NAT gateways and endpoints need real AZs.
        zones = aws.get_availability_zones_output(
            state="available",
            filters=[{"name": "opt-in-status", "values": [STANDARD_ZONES_OPT_IN_STATUS]}],
            exclude_zone_ids=list(EKS_UNSUPPORTED_ZONE_IDS),
            opts=pulumi.InvokeOptions(parent=self),
        )
        self.availability_zones = [zones.names.apply(lambda names, i=i: _zone(names, i)) for i in range(args.az_count)]
        subnets = {tier: self._create_subnets(tier) for tier in TIERS}
        self.public_subnet_ids = [subnet.id for subnet in subnets["public"]]
        self.private_subnet_ids = [subnet.id for subnet in subnets["private"]]
        self.isolated_subnet_ids = [subnet.id for subnet in subnets["isolated"]]
        internet_gateway = self._create_public_routing(subnets["public"])
        private_route_tables = self._create_private_routing(subnets["public"], subnets["private"], internet_gateway)
        isolated_route_table = self._create_isolated_routing(subnets["isolated"])
        self._create_flow_logs()
        self.endpoint_security_group_id = None
        if args.vpc_endpoints:
            self._create_endpoints(private_route_tables + [isolated_route_table])
        self.register_outputs(
            {
                "vpc_id": self.vpc_id,
                "public_subnet_ids": self.public_subnet_ids,
                "private_subnet_ids": self.private_subnet_ids,
                "isolated_subnet_ids": self.isolated_subnet_ids,
            }
        )

    def subnet_cidrs(self, tier: str) -> list[str]:
        """The CIDR of each AZ's subnet in `tier` (public, private or isolated), in AZ order."""
        if tier not in TIERS:
            raise ValueError(f"{self._name}: tier must be one of {list(TIERS)} (got {tier!r})")
        return self._args.subnet_cidrs(tier)

    @property
    def has_vpc_endpoints(self) -> bool:
        """Whether AWS APIs are reachable through VPC endpoints (else through NAT)."""
        return self._args.vpc_endpoints

    def _child(self, **kwargs) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self, **kwargs)

    def _empty_default_security_group(self) -> None:
        # Adopting the default group with no rules removes AWS's allow-all-within-the-group rules.
        aws.ec2.DefaultSecurityGroup(
            f"{self._name}-default-sg",
            vpc_id=self._vpc.id,
            ingress=[],
            egress=[],
            tags={"Name": f"{self._name}-default-do-not-use"},
            opts=self._child(),
        )

    def _create_subnets(self, tier: str) -> list[aws.ec2.Subnet]:
        return [
            aws.ec2.Subnet(
                f"{self._name}-{tier}-{index}",
                vpc_id=self._vpc.id,
                cidr_block=cidr,
                availability_zone=self.availability_zones[index],
                map_public_ip_on_launch=False,
                tags={"Name": f"{self._name}-{tier}-{index}", "bulkhead:tier": tier, **SUBNET_ROLE_TAGS[tier]},
                opts=self._child(),
            )
            for index, cidr in enumerate(self._args.subnet_cidrs(tier))
        ]

    def _route_table(self, suffix: str, subnets: Sequence[aws.ec2.Subnet]) -> aws.ec2.RouteTable:
        table = aws.ec2.RouteTable(
            f"{self._name}-{suffix}-rt",
            vpc_id=self._vpc.id,
            tags={"Name": f"{self._name}-{suffix}"},
            opts=self._child(),
        )
        for index, subnet in enumerate(subnets):
            aws.ec2.RouteTableAssociation(
                f"{self._name}-{suffix}-rta-{index}",
                subnet_id=subnet.id,
                route_table_id=table.id,
                opts=self._child(),
            )
        return table

    def _create_public_routing(self, public: Sequence[aws.ec2.Subnet]) -> aws.ec2.InternetGateway:
        gateway = aws.ec2.InternetGateway(
            f"{self._name}-igw", vpc_id=self._vpc.id, tags={"Name": f"{self._name}-igw"}, opts=self._child()
        )
        table = self._route_table("public", public)
        aws.ec2.Route(
            f"{self._name}-public-default-route",
            route_table_id=table.id,
            destination_cidr_block="0.0.0.0/0",
            gateway_id=gateway.id,
            opts=self._child(),
        )
        return gateway

    def _create_private_routing(
        self,
        public: Sequence[aws.ec2.Subnet],
        private: Sequence[aws.ec2.Subnet],
        internet_gateway: aws.ec2.InternetGateway,
    ) -> list[aws.ec2.RouteTable]:
        nat_count = len(public) if self._args.nat_per_az else 1
        # The public addresses need the VPC's internet gateway first (EC2 API), and it can only be
        # detached once they are released: an explicit dependency orders both create and destroy.
        after_gateway = self._child(depends_on=[internet_gateway])
        gateways = []
        for index in range(nat_count):
            address = aws.ec2.Eip(
                f"{self._name}-nat-{index}-eip",
                domain="vpc",
                tags={"Name": f"{self._name}-nat-{index}"},
                opts=after_gateway,
            )
            gateways.append(
                aws.ec2.NatGateway(
                    f"{self._name}-nat-{index}",
                    allocation_id=address.allocation_id,
                    subnet_id=public[index].id,
                    tags={"Name": f"{self._name}-nat-{index}"},
                    opts=after_gateway,
                )
            )
        tables = []
        for index, subnet in enumerate(private):
            table = self._route_table(f"private-{index}", [subnet])
            aws.ec2.Route(
                f"{self._name}-private-{index}-default-route",
                route_table_id=table.id,
                destination_cidr_block="0.0.0.0/0",
                nat_gateway_id=gateways[index % nat_count].id,
                opts=self._child(),
            )
            tables.append(table)
        return tables

    def _create_isolated_routing(self, isolated: Sequence[aws.ec2.Subnet]) -> aws.ec2.RouteTable:
        return self._route_table("isolated", isolated)  # local routes only: no way out of the VPC

    def _create_flow_logs(self) -> None:
        args = self._args
        log_group = encrypted_log_group(
            f"{self._name}-flow-logs",
            log_group_name=f"/bulkhead/{self._name}/vpc-flow-logs",
            kms_key_arn=args.logs_kms_key_arn,
            retention_days=args.flow_log_retention_days,
            parent=self,
        )
        role = aws.iam.Role(
            f"{self._name}-flow-logs-role",
            assume_role_policy=service_trust(
                "vpc-flow-logs.amazonaws.com",
                {
                    "StringEquals": {"aws:SourceAccount": args.account_id},
                    "ArnLike": {
                        "aws:SourceArn": pulumi.Output.concat(
                            "arn:aws:ec2:", args.region, ":", args.account_id, ":vpc-flow-log/*"
                        )
                    },
                },
            ),
            opts=self._child(),
        )
        aws.iam.RolePolicy(
            f"{self._name}-flow-logs-write",
            role=role.id,
            policy=document(
                [
                    statement(
                        "WriteFlowLogsToItsLogGroup",
                        ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                        [log_group.arn, pulumi.Output.concat(log_group.arn, ":log-stream:*")],
                    )
                ]
            ),
            opts=self._child(),
        )
        aws.ec2.FlowLog(
            f"{self._name}-flow-log",
            vpc_id=self._vpc.id,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_destination=log_group.arn,
            iam_role_arn=role.arn,
            max_aggregation_interval=60,
            opts=self._child(),
        )

    def _create_endpoints(self, route_tables: Sequence[aws.ec2.RouteTable]) -> None:
        args = self._args
        aws.ec2.VpcEndpoint(
            f"{self._name}-s3-endpoint",
            vpc_id=self._vpc.id,
            vpc_endpoint_type="Gateway",
            service_name=f"com.amazonaws.{args.region}.s3",
            route_table_ids=[table.id for table in route_tables],
            opts=self._child(),
        )
        endpoint_sg = closed_security_group(
            f"{self._name}-endpoints-sg",
            vpc_id=self._vpc.id,
            description="Interface VPC endpoints: HTTPS from inside the VPC only",
            parent=self,
        )
        self.endpoint_security_group_id = endpoint_sg.id
        allow_tcp_from_cidr(
            f"{self._name}-endpoints-https-from-vpc",
            security_group_id=endpoint_sg.id,
            cidr_block=args.cidr_block,
            port=HTTPS,
            description="HTTPS from the VPC",
            parent=self,
        )
        for service in dict.fromkeys((*INTERFACE_ENDPOINT_SERVICES, *args.extra_endpoint_services)):
            aws.ec2.VpcEndpoint(
                f"{self._name}-{service.replace('.', '-')}-endpoint",
                vpc_id=self._vpc.id,
                vpc_endpoint_type="Interface",
                service_name=f"com.amazonaws.{args.region}.{service}",
                private_dns_enabled=True,
                subnet_ids=self.private_subnet_ids,
                security_group_ids=[endpoint_sg.id],
                opts=self._child(),
            )


def _zone(names: Sequence[str], index: int) -> str:
    if index >= len(names):
        raise ValueError(f"the region offers {len(names)} availability zones; az_count needs {index + 1}")
    return names[index]
