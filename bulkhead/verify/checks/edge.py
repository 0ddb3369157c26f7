"""The front door: each region's load balancer serves HTTPS with a TLS 1.3 policy, answers plain HTTP
only with a redirect to HTTPS, has the stack's web ACL in front and a healthy target on every route,
and (failover routing) the primary's Route 53 health check sees it healthy and is not left inverted.
SKIP while the stack exports no front door."""

from __future__ import annotations

from dataclasses import dataclass

from bulkhead.runbooks.aws import call, paginate
from bulkhead.runbooks.traffic import healthy_targets, read_health_check
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, failed, verdict_of
from bulkhead.verify.outputs import VerifyEdgeOutput, VerifyOutputs
from components.reference.edge import TLS13_POLICIES

NO_FRONT_DOOR = "no front_door in the outputs: the stack exposes nothing to the internet"
HTTPS_PORT = 443


@dataclass(frozen=True)
class Edge:
    region: str
    edge: VerifyEdgeOutput


def _edges(outputs: VerifyOutputs) -> Targets:
    if outputs.front_door is None:
        return NO_FRONT_DOOR
    return [
        Target(f"{outputs.front_door.api_name} ({region})", Edge(region, edge))
        for region, edge in sorted(outputs.front_door.regions.items())
    ]


def _health_checks(outputs: VerifyOutputs) -> Targets:
    front_door = outputs.front_door
    if front_door is None:
        return NO_FRONT_DOOR
    if front_door.health_check_id is None:  # set exactly when routing is failover (the outputs contract)
        return f"{front_door.api_name} routes simply to the primary region: no failover health check"
    return [Target(f"{front_door.api_name} primary health check", front_door.health_check_id)]


def _redirects_to_https(listener: dict) -> bool:
    actions = listener.get("DefaultActions") or []
    if len(actions) != 1 or actions[0].get("Type") != "redirect":
        return False
    redirect = actions[0].get("RedirectConfig") or {}
    return (
        redirect.get("Protocol") == "HTTPS"
        and str(redirect.get("Port")) == str(HTTPS_PORT)
        and redirect.get("StatusCode") == "HTTP_301"
    )


def _tls(ctx: Context, target: Edge) -> Verdict:
    listeners = paginate(
        ctx.clients("elbv2", target.region),
        "describe_listeners",
        "Listeners",
        LoadBalancerArn=target.edge.load_balancer_arn,
    )
    problems = []
    https = [listener for listener in listeners if listener.get("Protocol") == "HTTPS"]
    if not https:
        problems.append("no HTTPS listener")
    for listener in https:
        policy = listener.get("SslPolicy") or ""
        if policy not in TLS13_POLICIES:
            problems.append(f"HTTPS listener on {listener.get('Port')} uses {policy!r}, not a TLS 1.3 policy")
    for listener in listeners:
        if listener.get("Protocol") == "HTTP" and not _redirects_to_https(listener):
            problems.append(f"HTTP listener on {listener.get('Port')} does not answer with a 301 to HTTPS:443")
        elif listener.get("Protocol") not in ("HTTP", "HTTPS"):
            problems.append(f"unexpected {listener.get('Protocol')} listener on {listener.get('Port')}")
    policies = sorted({str(listener.get("SslPolicy")) for listener in https})
    return verdict_of(problems, f"HTTPS with {policies}; HTTP redirects to HTTPS")


def _waf(ctx: Context, target: Edge) -> Verdict:
    response = call(
        ctx.clients("wafv2", target.region), "get_web_acl_for_resource", ResourceArn=target.edge.load_balancer_arn
    )
    acl = (response.get("WebACL") or {}).get("ARN")
    if acl is None:
        return failed("no web ACL in front of the load balancer")
    expected = target.edge.web_acl_arn
    problems = [] if acl == expected else [f"web ACL {acl} in front, the stack declared {expected}"]
    return verdict_of(problems, f"web ACL {acl} in front")


def _health(ctx: Context, health_check_id: str) -> Verdict:
    state = read_health_check(ctx.clients, health_check_id)
    problems = []
    if not state.endpoint_healthy:
        problems.append(f"the primary's readiness answers {state.healthy_checkers} of {state.checkers} checkers")
    if state.inverted:
        # Left inverted by a failover: Route 53 keeps answering with the standby whatever the primary does.
        problems.append("the health check is inverted: traffic stays on the standby")
    return verdict_of(problems, state.describe())


def _targets(ctx: Context, target: Edge) -> Verdict:
    counts = healthy_targets(ctx.clients, target.region, target.edge.target_group_arns)
    problems = [f"route {route} has no healthy target" for route, count in sorted(counts.items()) if count == 0]
    return verdict_of(problems, ", ".join(f"{route}: {count} healthy" for route, count in sorted(counts.items())))


CHECKS = (
    Check(
        id="edge.tls",
        title="Each load balancer serves HTTPS with a TLS 1.3 policy and answers HTTP only with a redirect to HTTPS",
        calls=("elasticloadbalancing:DescribeListeners",),
        policies=("lb-listener-tls",),
        targets=_edges,
        run=_tls,
    ),
    Check(
        id="edge.waf",
        title="Each load balancer has the stack's web ACL in front of it",
        calls=("wafv2:GetWebACLForResource",),
        policies=("lb-internet-facing-waf",),
        targets=_edges,
        run=_waf,
    ),
    Check(
        id="edge.health-check",
        title="With failover routing, Route 53's checkers see the primary healthy and the check is not inverted",
        calls=("route53:GetHealthCheck", "route53:GetHealthCheckStatus"),
        policies=("route53-failover-health-check",),
        targets=_health_checks,
        run=_health,
    ),
    Check(
        id="edge.targets",
        title="Every route of each load balancer has a healthy target",
        calls=("elasticloadbalancing:DescribeTargetHealth",),
        policies=(),
        targets=_edges,
        run=_targets,
    ),
)
