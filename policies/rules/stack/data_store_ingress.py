"""Data-store security groups admit only application security groups, on the store's port."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, as_list, get
from policies.support.stack import label, of_type

NAME = "data-store-ingress-from-security-groups"
DESCRIPTION = (
    "Security groups attached to databases and caches admit traffic only from other security groups "
    "(no CIDR, prefix list or self rule) and only on the store's port."
)
SEVERITY = "critical"
CATEGORY = "NET"
CONTROLS = ("NAG RDS8", "CKV_AWS_24", "CKV_AWS_260", "CKV_AWS_277", "SH ElastiCache.7")
ROWS = ("6", "32")
SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
LEGACY_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
# Where each store lists its security groups, and its default port.
STORES = {
    "aws:rds/cluster:Cluster": ("vpcSecurityGroupIds", 5432),
    "aws:rds/instance:Instance": ("vpcSecurityGroupIds", 5432),
    "aws:elasticache/replicationGroup:ReplicationGroup": ("securityGroupIds", 6379),
    "aws:elasticache/serverlessCache:ServerlessCache": ("securityGroupIds", 6379),
}
TYPES = frozenset({SG, INGRESS_RULE, LEGACY_RULE, *STORES})
REMEDIATION = (
    "Open the store's security group with aws.vpc.SecurityGroupIngressRule("
    "referenced_security_group_id=<app/node SG>, from_port=to_port=<store port>, ip_protocol='tcp')."
)


def _port(store) -> int:
    port = store.props.get("port")
    if as_int(port) is not None:
        return port
    engine = str(store.props.get("engine", ""))
    return 3306 if "mysql" in engine else STORES[store.resource_type][1]


def _problems(sources, opened, low, high, port) -> list[str]:
    """What is wrong with one ingress rule: `sources` are SG ids, `opened` are CIDRs/prefix lists/self."""
    problems = [f"admits {opened}"] if opened else []
    if not sources and not opened:
        problems.append("names no source security group")
    if not (low == port and high == port):
        problems.append(f"opens ports {low}-{high} instead of {port}")
    return problems


def _rules_of(group, group_id, resources):
    """(where, urn, sources, opened, from, to) for inline and standalone ingress rules of one group."""
    for index, rule in enumerate(as_list(group.props.get("ingress")) if group else ()):
        opened = [c for k in ("cidrBlocks", "ipv6CidrBlocks", "prefixListIds") for c in as_list(rule.get(k))]
        opened += ["self"] if rule.get("self") else []
        yield (
            f"{label(group)} ingress[{index}]",
            group.urn,
            as_list(rule.get("securityGroups")),
            opened,
            rule.get("fromPort"),
            rule.get("toPort"),
        )
    for rule in of_type(resources, INGRESS_RULE, LEGACY_RULE):
        props = rule.props
        if props.get("securityGroupId") != group_id or props.get("type", "ingress") != "ingress":
            continue
        opened = [props[k] for k in ("cidrIpv4", "cidrIpv6", "prefixListId") if props.get(k)]
        opened += [c for k in ("cidrBlocks", "ipv6CidrBlocks", "prefixListIds") for c in as_list(props.get(k))]
        opened += ["self"] if props.get("self") else []
        sources = [props[k] for k in ("referencedSecurityGroupId", "sourceSecurityGroupId") if props.get(k)]
        yield label(rule), rule.urn, sources, opened, props.get("fromPort"), props.get("toPort")


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    groups = {sg.props.get("id"): sg for sg in of_type(args.resources, SG) if sg.props.get("id")}
    for store in of_type(args.resources, *STORES):
        port = _port(store)
        for group_id in as_list(get(store.props, STORES[store.resource_type][0])):
            for where, urn, sources, opened, low, high in _rules_of(groups.get(group_id), group_id, args.resources):
                problems = _problems(sources, opened, low, high, port)
                if problems:
                    report_violation(
                        f"{where} guarding {store.name} {'; '.join(problems)}; "
                        f"admit only app security groups on port {port}",
                        urn,
                    )
