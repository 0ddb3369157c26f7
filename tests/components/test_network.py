import json

import pytest

from components.foundation.network import INTERFACE_ENDPOINT_SERVICES, Network, NetworkArgs
from tests.support import ACCOUNT_ID, in_provider, provider, record

LOGS_KEY = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"


def build_network(**overrides):
    args = {
        "cidr_block": "10.0.0.0/16",
        "az_count": 3,
        "region": "us-east-1",
        "account_id": ACCOUNT_ID,
        "logs_kms_key_arn": LOGS_KEY,
        **overrides,
    }
    return record(lambda: Network("net", NetworkArgs(**args), opts=in_provider(provider())))


def test_subnets_per_tier_and_az_never_map_public_ips():
    net = build_network(az_count=3)
    subnets = net.of_type("aws:ec2/subnet:Subnet")
    tiers = sorted(subnet.inputs["tags"]["bulkhead:tier"] for subnet in subnets)
    assert tiers == ["isolated"] * 3 + ["private"] * 3 + ["public"] * 3
    assert all(subnet.inputs["mapPublicIpOnLaunch"] is False for subnet in subnets)
    for tier in ("public", "private", "isolated"):
        zones = {s.inputs["availabilityZone"] for s in subnets if s.inputs["tags"]["bulkhead:tier"] == tier}
        assert zones == {"us-east-1a", "us-east-1b", "us-east-1c"}


def test_subnets_go_to_regular_availability_zones_eks_supports(monkeypatch):
    # Where Local Zones are enabled, the zone list includes them (and sorts them first) unless filtered.
    from bulkhead.plan import recorder

    calls = []
    original = recorder.RecordingMocks.call

    def spy(self, args):
        calls.append((args.token, args.args))
        return original(self, args)

    monkeypatch.setattr(recorder.RecordingMocks, "call", spy)
    build_network()
    [zone_query] = [query for token, query in calls if token.endswith(":getAvailabilityZones")]
    assert zone_query["state"] == "available"
    assert zone_query["filters"] == [{"name": "opt-in-status", "values": ["opt-in-not-required"]}]
    # ... and never an AZ where EKS refuses cluster subnets (the private subnets carry the cluster).
    assert zone_query["excludeZoneIds"] == ["use1-az3", "usw1-az2", "cac1-az3"]


@pytest.mark.parametrize("nat_per_az", [True, False])
def test_nat_gateways_and_their_addresses_wait_for_the_internet_gateway(nat_per_az):
    # EC2 needs the internet gateway attached before public addresses map, and refuses to detach it
    # while they are mapped: the dependency also makes destroy release them first.
    net = build_network(nat_per_az=nat_per_az)
    [gateway] = net.of_type("aws:ec2/internetGateway:InternetGateway")
    dependents = net.of_type("aws:ec2/natGateway:NatGateway") + net.of_type("aws:ec2/eip:Eip")
    assert dependents
    assert all(gateway.urn in resource.dependencies for resource in dependents)


def test_subnet_cidrs_do_not_overlap_and_stay_in_the_vpc():
    import ipaddress

    net = build_network(cidr_block="10.30.0.0/16", az_count=4)
    blocks = [ipaddress.IPv4Network(s.inputs["cidrBlock"]) for s in net.of_type("aws:ec2/subnet:Subnet")]
    assert len(blocks) == 12
    assert all(block.subnet_of(ipaddress.IPv4Network("10.30.0.0/16")) for block in blocks)
    assert not any(a.overlaps(b) for i, a in enumerate(blocks) for b in blocks[i + 1 :])


@pytest.mark.parametrize(("nat_per_az", "az_count", "expected"), [(True, 3, 3), (False, 3, 1), (True, 2, 2)])
def test_nat_gateways_per_az_or_shared(nat_per_az, az_count, expected):
    net = build_network(nat_per_az=nat_per_az, az_count=az_count)
    nats = net.of_type("aws:ec2/natGateway:NatGateway")
    assert len(nats) == expected
    public_ids = {s.outputs["id"] for s in net.of_type("aws:ec2/subnet:Subnet") if "public" in s.name}
    assert {nat.inputs["subnetId"] for nat in nats} <= public_ids
    private_routes = [r for r in net.of_type("aws:ec2/route:Route") if "private" in r.name]
    assert len(private_routes) == az_count
    assert {r.inputs["natGatewayId"] for r in private_routes} == {nat.outputs["id"] for nat in nats}


def test_isolated_tier_has_no_route_out():
    net = build_network()
    isolated_table = net.one("aws:ec2/routeTable:RouteTable", "-isolated-rt")
    routes = [r for r in net.of_type("aws:ec2/route:Route") if r.inputs["routeTableId"] == isolated_table.outputs["id"]]
    assert routes == []
    assert "routes" not in isolated_table.inputs or isolated_table.inputs["routes"] == []


def test_flow_logs_capture_all_traffic_into_an_encrypted_log_group():
    net = build_network(flow_log_retention_days=365)
    group = net.one("aws:cloudwatch/logGroup:LogGroup", "-flow-logs")
    assert group.inputs["kmsKeyId"] == LOGS_KEY
    assert group.inputs["retentionInDays"] == 365
    flow_log = net.one("aws:ec2/flowLog:FlowLog")
    assert flow_log.inputs["trafficType"] == "ALL"
    assert flow_log.inputs["logDestination"] == group.outputs["arn"]
    assert flow_log.inputs["vpcId"] == net.one("aws:ec2/vpc:Vpc").outputs["id"]


def test_flow_log_role_writes_only_to_its_log_group_and_trusts_only_this_account():
    net = build_network()
    group_arn = net.one("aws:cloudwatch/logGroup:LogGroup", "-flow-logs").outputs["arn"]
    policy = json.loads(net.one("aws:iam/rolePolicy:RolePolicy", "-flow-logs-write").inputs["policy"])
    [stmt] = policy["Statement"]
    assert stmt["Resource"] == [group_arn, f"{group_arn}:log-stream:*"]
    assert stmt["Action"] == ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]
    trust = json.loads(net.one("aws:iam/role:Role", "-flow-logs-role").inputs["assumeRolePolicy"])
    [trust_stmt] = trust["Statement"]
    assert trust_stmt["Principal"] == {"Service": "vpc-flow-logs.amazonaws.com"}
    assert trust_stmt["Condition"]["StringEquals"] == {"aws:SourceAccount": ACCOUNT_ID}


def test_default_security_group_is_emptied():
    group = build_network().one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert group.inputs["ingress"] == [] and group.inputs["egress"] == []


def test_endpoints_cover_the_cluster_apis_and_accept_https_from_the_vpc_only():
    net = build_network(cidr_block="10.20.0.0/16")
    endpoints = net.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
    services = sorted(e.inputs["serviceName"] for e in endpoints)
    assert services == sorted([f"com.amazonaws.us-east-1.{s}" for s in (*INTERFACE_ENDPOINT_SERVICES, "s3")])
    s3 = next(e for e in endpoints if e.inputs["serviceName"].endswith(".s3"))
    assert s3.inputs["vpcEndpointType"] == "Gateway"
    interface = [e for e in endpoints if e.inputs["vpcEndpointType"] == "Interface"]
    assert all(e.inputs["privateDnsEnabled"] is True for e in interface)
    [rule] = net.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert (rule.inputs["cidrIpv4"], rule.inputs["fromPort"], rule.inputs["toPort"]) == ("10.20.0.0/16", 443, 443)
    endpoint_sg = net.one("aws:ec2/securityGroup:SecurityGroup", "-endpoints-sg")
    assert "ingress" not in endpoint_sg.inputs or endpoint_sg.inputs["ingress"] == []


def test_no_endpoints_when_disabled():
    assert build_network(vpc_endpoints=False).of_type("aws:ec2/vpcEndpoint:VpcEndpoint") == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"az_count": 5}, "NetworkArgs.az_count: must be between 2 and 4 (got 5)"),
        ({"cidr_block": "10.0.0.0/24"}, "NetworkArgs.cidr_block: prefix must be /16 to /20 (got 10.0.0.0/24)"),
    ],
)
def test_bad_args_are_rejected(overrides, message):
    args = {
        "cidr_block": "10.0.0.0/16",
        "az_count": 3,
        "region": "us-east-1",
        "account_id": ACCOUNT_ID,
        "logs_kms_key_arn": LOGS_KEY,
        **overrides,
    }
    with pytest.raises(ValueError) as caught:
        NetworkArgs(**args)
    assert str(caught.value) == message


def test_subnet_cidrs_accessor_matches_the_recorded_subnets():
    networks = []

    def build():
        networks.append(
            Network(
                "net",
                NetworkArgs(
                    cidr_block="10.40.0.0/16",
                    az_count=3,
                    region="us-east-1",
                    account_id=ACCOUNT_ID,
                    logs_kms_key_arn=LOGS_KEY,
                ),
                opts=in_provider(provider()),
            )
        )

    recorded = record(build)
    for tier in ("public", "private", "isolated"):
        subnets = sorted(
            (s for s in recorded.of_type("aws:ec2/subnet:Subnet") if f"-{tier}-" in s.name), key=lambda s: s.name
        )
        assert networks[0].subnet_cidrs(tier) == [s.inputs["cidrBlock"] for s in subnets]
    with pytest.raises(ValueError, match="tier must be one of"):
        networks[0].subnet_cidrs("dmz")
