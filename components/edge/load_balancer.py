"""The front door of one region: an internet-facing ALB behind a WAF, in front of the cluster's nodes.

- Listeners: HTTPS on 443 with a TLS 1.3 policy and the region's DNS-validated certificate (unknown
  paths answer 404); HTTP on 80 only redirects to HTTPS.
- Load balancer: public subnets, invalid header fields dropped, strictest desync mitigation, access
  logs to its own bucket, deletion protection when asked.
- Routes: one target group per exposed service, `instance` targets on the service's fixed NodePort,
  registered by attaching the node group's Auto Scaling group (nodes that come and go are registered
  and drained by Auto Scaling itself); health checks on the service's readiness path.
- Security groups: the load balancer's admits 443 and 80 from the internet and may only reach the
  nodes on the routes' NodePorts; the nodes admit exactly those ports from it.
Why NodePort with `externalTrafficPolicy: Local` and not a controller: docs/edge.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.edge.access_logs import AccessLogBucket, AccessLogBucketArgs
from components.edge.certificate import DnsValidatedCertificate, DnsValidatedCertificateArgs
from components.edge.web_acl import WebAcl, WebAclArgs
from components.reference.edge import (
    DEREGISTRATION_DELAY_SECONDS,
    LISTENER_RULE_PRIORITY,
    NODE_PORT_RANGE,
    SLOW_START_SECONDS,
    STRICTEST_DESYNC_MITIGATION,
    TLS13_POLICIES,
)
from components.support.firewall import allow_tcp_from_security_group, closed_security_group
from components.support.validation import require_between

HTTPS, HTTP = 443, 80
INTERNET = "0.0.0.0/0"
ROUTE_NAME = re.compile(r"^[a-z]([a-z0-9-]{0,30}[a-z0-9])?\Z")
# Rolling updates: a draining node finishes in-flight requests within 30 s (API calls are short); a
# node that joins gets its share of traffic over 30 s instead of all at once.
DEFAULT_DEREGISTRATION_DELAY_SECONDS = 30
DEFAULT_SLOW_START_SECONDS = 30
# Target health: a node whose pod stops answering leaves within 2 x 5 s.
TARGET_HEALTH_INTERVAL_SECONDS = 5
TARGET_HEALTH_TIMEOUT_SECONDS = 3
TARGET_HEALTHY_THRESHOLD = 2
TARGET_UNHEALTHY_THRESHOLD = 2
IDLE_TIMEOUT_SECONDS = 60
HSTS = "max-age=31536000; includeSubDomains"


@dataclass(frozen=True, kw_only=True)
class EdgeRoute:
    """One exposed service: requests matching `paths` (and `host`) go to its NodePort on every node.

    Attributes:
        name: Route name, a DNS label (the service name).
        node_port: The service's fixed NodePort, 30000-32767.
        health_path: The service's readiness path (target health checks).
        paths: ALB path patterns. Default: ["/*"]
        host: Host header to match as well. Default: - any host.
    """

    name: str
    node_port: int
    health_path: str
    paths: Sequence[str] = ("/*",)
    host: str | None = None

    def __post_init__(self) -> None:
        if not ROUTE_NAME.match(self.name):
            raise ValueError(f"EdgeRoute.name: must be a DNS label such as 'api' (got {self.name!r})")
        require_between(f"EdgeRoute({self.name}).node_port", self.node_port, *NODE_PORT_RANGE)
        if not self.health_path.startswith("/"):
            raise ValueError(f"EdgeRoute({self.name}).health_path: must start with / (got {self.health_path!r})")
        if not self.paths:
            raise ValueError(f"EdgeRoute({self.name}).paths: must name at least one path pattern (got none)")


@dataclass(frozen=True, kw_only=True)
class EdgeArgs:
    """Inputs for `Edge`.

    Attributes:
        region: The region of the component's provider.
        account_id: The account (access-log prefix).
        vpc_id: The VPC of the cluster.
        public_subnet_ids: Public subnets in at least two AZs (the load balancer's nodes).
        node_security_group_id: Security group of the cluster's nodes (opened to the load balancer only).
        node_autoscaling_group_name: Auto Scaling group of the node group (attached to every target group).
        domain_name: The API's name, covered by the certificate.
        zone_id: Public Route 53 zone of `domain_name` (certificate validation).
        routes: The exposed services, at least one.
        web_acl: The web ACL's limits and logging.
        access_log_retention_days: Days access logs are kept, 1-3650.
        tls_policy: HTTPS listener security policy, a TLS 1.3 policy.
        deletion_protection: Refuse to delete the load balancer. Default: true
        deregistration_delay_seconds: Draining time of a leaving target, 0-3600. Default: 30
        slow_start_seconds: Ramp-up of a new target, 30-900 (0 turns it off). Default: 30
    """

    region: str
    account_id: pulumi.Input[str]
    vpc_id: pulumi.Input[str]
    public_subnet_ids: Sequence[pulumi.Input[str]]
    node_security_group_id: pulumi.Input[str]
    node_autoscaling_group_name: pulumi.Input[str]
    domain_name: str
    zone_id: pulumi.Input[str]
    routes: Sequence[EdgeRoute]
    web_acl: WebAclArgs
    access_log_retention_days: int
    tls_policy: str
    deletion_protection: bool = True
    deregistration_delay_seconds: int = DEFAULT_DEREGISTRATION_DELAY_SECONDS
    slow_start_seconds: int = DEFAULT_SLOW_START_SECONDS

    def __post_init__(self) -> None:
        if len(self.public_subnet_ids) < 2:
            raise ValueError(
                "EdgeArgs.public_subnet_ids: an ALB needs subnets in at least two AZs "
                f"(got {len(self.public_subnet_ids)})"
            )
        if not self.routes:
            raise ValueError("EdgeArgs.routes: must expose at least one service (got none)")
        for attribute in ("name", "node_port"):
            values = [getattr(route, attribute) for route in self.routes]
            if len(set(values)) != len(values):
                raise ValueError(f"EdgeArgs.routes: each route needs its own {attribute} (got {values})")
        if self.tls_policy not in TLS13_POLICIES:
            raise ValueError(f"EdgeArgs.tls_policy: must be one of {list(TLS13_POLICIES)} (got {self.tls_policy!r})")
        require_between(
            "EdgeArgs.deregistration_delay_seconds", self.deregistration_delay_seconds, *DEREGISTRATION_DELAY_SECONDS
        )
        if self.slow_start_seconds != 0:
            require_between("EdgeArgs.slow_start_seconds", self.slow_start_seconds, *SLOW_START_SECONDS)
        require_between("EdgeArgs.routes (count x 10)", len(self.routes) * 10, *LISTENER_RULE_PRIORITY)

    def priority(self, route: EdgeRoute) -> int:
        """The route's listener rule priority. ALB evaluates low numbers first, so the most specific routes
        come first: with a host before without, then longer path patterns before shorter (`/jobs/*` before
        `/*`), so a catch-all never hides another route."""
        ordered = sorted(
            self.routes,
            key=lambda candidate: (candidate.host is None, -max(len(path) for path in candidate.paths)),
        )
        return (ordered.index(route) + 1) * 10


class Edge(pulumi.ComponentResource):
    """One region's load balancer, listeners, routes, WAF, certificate and access logs."""

    load_balancer_arn: pulumi.Output[str]
    dns_name: pulumi.Output[str]
    zone_id: pulumi.Output[str]
    security_group_id: pulumi.Output[str]
    web_acl_arn: pulumi.Output[str]
    certificate_arn: pulumi.Output[str]
    access_log_bucket: pulumi.Output[str]
    target_group_arns: dict[str, pulumi.Output[str]]
    # Route name -> the port its target group sends to: the NodePort the Kubernetes layer must open.
    node_ports: dict[str, pulumi.Output[int]]
    # CloudWatch's `LoadBalancer` and `TargetGroup` dimensions (the ARN suffixes), for the SLO alarms.
    load_balancer_arn_suffix: pulumi.Output[str]
    target_group_arn_suffixes: dict[str, pulumi.Output[str]]

    def __init__(self, name: str, args: EdgeArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:edge:Edge", name, None, opts)
        self._name = name
        self._args = args
        child = pulumi.ResourceOptions(parent=self)
        logs = AccessLogBucket(
            f"{name}-access-logs",
            AccessLogBucketArgs(
                region=args.region, account_id=args.account_id, retention_days=args.access_log_retention_days
            ),
            opts=child,
        )
        certificate = DnsValidatedCertificate(
            f"{name}-tls", DnsValidatedCertificateArgs(domain_name=args.domain_name, zone_id=args.zone_id), opts=child
        )
        web_acl = WebAcl(f"{name}-waf", args.web_acl, opts=child)
        security_group = self._create_security_group()
        balancer = aws.lb.LoadBalancer(
            f"{name}-alb",
            load_balancer_type="application",
            internal=False,
            ip_address_type="ipv4",
            subnets=list(args.public_subnet_ids),
            security_groups=[security_group.id],
            drop_invalid_header_fields=True,
            desync_mitigation_mode=STRICTEST_DESYNC_MITIGATION,
            enable_deletion_protection=args.deletion_protection,
            enable_waf_fail_open=False,
            enable_http2=True,
            idle_timeout=IDLE_TIMEOUT_SECONDS,
            access_logs={"enabled": True, "bucket": logs.bucket_name, "prefix": logs.prefix},
            # ELB checks that it may write to the bucket when logging is turned on.
            opts=pulumi.ResourceOptions(parent=self, depends_on=[logs.policy]),
        )
        aws.wafv2.WebAclAssociation(
            f"{name}-waf-association", resource_arn=balancer.arn, web_acl_arn=web_acl.arn, opts=child
        )
        https = self._create_listeners(balancer, certificate.arn)
        target_groups = {route.name: self._create_route(route, https, security_group.id) for route in args.routes}
        self.target_group_arns = {route: group.arn for route, group in target_groups.items()}
        self.node_ports = {route: group.port for route, group in target_groups.items()}
        self.target_group_arn_suffixes = {route: group.arn_suffix for route, group in target_groups.items()}
        self.load_balancer_arn = balancer.arn
        self.load_balancer_arn_suffix = balancer.arn_suffix
        self.dns_name = balancer.dns_name
        self.zone_id = balancer.zone_id
        self.security_group_id = security_group.id
        self.web_acl_arn = web_acl.arn
        self.certificate_arn = certificate.arn
        self.access_log_bucket = logs.bucket_name
        self.register_outputs(
            {
                "load_balancer_arn": self.load_balancer_arn,
                "dns_name": self.dns_name,
                "zone_id": self.zone_id,
                "web_acl_arn": self.web_acl_arn,
                "certificate_arn": self.certificate_arn,
            }
        )

    def _create_security_group(self) -> aws.ec2.SecurityGroup:
        name = self._name
        group = closed_security_group(
            f"{name}-alb-sg",
            vpc_id=self._args.vpc_id,
            description=f"{name}: internet-facing load balancer (HTTPS, HTTP redirect)",
            parent=self,
        )
        for port, label in ((HTTPS, "https"), (HTTP, "http")):
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-lb-{label}-from-internet",
                security_group_id=group.id,
                cidr_ipv4=INTERNET,
                ip_protocol="tcp",
                from_port=port,
                to_port=port,
                description=f"{label.upper()} from mobile clients",
                opts=pulumi.ResourceOptions(parent=self),
            )
        return group

    def _create_listeners(self, balancer: aws.lb.LoadBalancer, certificate_arn: pulumi.Input[str]) -> aws.lb.Listener:
        name, args = self._name, self._args
        aws.lb.Listener(
            f"{name}-http",
            load_balancer_arn=balancer.arn,
            port=HTTP,
            protocol="HTTP",
            default_actions=[
                {
                    "type": "redirect",
                    "redirect": {"protocol": "HTTPS", "port": str(HTTPS), "status_code": "HTTP_301"},
                }
            ],
            opts=pulumi.ResourceOptions(parent=self),
        )
        return aws.lb.Listener(
            f"{name}-https",
            load_balancer_arn=balancer.arn,
            port=HTTPS,
            protocol="HTTPS",
            ssl_policy=args.tls_policy,
            certificate_arn=certificate_arn,
            routing_http_response_strict_transport_security_header_value=HSTS,
            routing_http_response_server_enabled=False,
            default_actions=[
                {
                    "type": "fixed-response",
                    "fixed_response": {
                        "content_type": "application/json",
                        "status_code": "404",
                        "message_body": '{"error":"not found"}',
                    },
                }
            ],
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _create_route(
        self, route: EdgeRoute, https: aws.lb.Listener, alb_security_group_id: pulumi.Input[str]
    ) -> aws.lb.TargetGroup:
        name, args = f"{self._name}-{route.name}", self._args
        child = pulumi.ResourceOptions(parent=self)
        target_group = aws.lb.TargetGroup(
            f"{name}-tg",
            target_type="instance",
            vpc_id=args.vpc_id,
            port=route.node_port,
            protocol="HTTP",
            protocol_version="HTTP1",
            deregistration_delay=args.deregistration_delay_seconds,
            slow_start=args.slow_start_seconds,
            load_balancing_algorithm_type="round_robin",
            health_check={
                "enabled": True,
                "protocol": "HTTP",
                "port": "traffic-port",
                "path": route.health_path,
                "matcher": "200-299",
                "interval": TARGET_HEALTH_INTERVAL_SECONDS,
                "timeout": TARGET_HEALTH_TIMEOUT_SECONDS,
                "healthy_threshold": TARGET_HEALTHY_THRESHOLD,
                "unhealthy_threshold": TARGET_UNHEALTHY_THRESHOLD,
            },
            opts=child,
        )
        conditions: list[dict] = [{"path_pattern": {"values": list(route.paths)}}]
        if route.host is not None:
            conditions.append({"host_header": {"values": [route.host]}})
        aws.lb.ListenerRule(
            f"{name}-rule",
            listener_arn=https.arn,
            priority=args.priority(route),
            conditions=conditions,
            actions=[{"type": "forward", "target_group_arn": target_group.arn}],
            opts=child,
        )
        aws.autoscaling.Attachment(
            f"{name}-nodes",
            autoscaling_group_name=args.node_autoscaling_group_name,
            lb_target_group_arn=target_group.arn,
            opts=child,
        )
        aws.vpc.SecurityGroupEgressRule(
            f"{name}-to-nodes",
            security_group_id=alb_security_group_id,
            referenced_security_group_id=args.node_security_group_id,
            ip_protocol="tcp",
            from_port=route.node_port,
            to_port=route.node_port,
            description=f"{route.name} NodePort on the cluster nodes",
            opts=child,
        )
        allow_tcp_from_security_group(
            f"{name}-nodes-from-alb",
            security_group_id=args.node_security_group_id,
            source_security_group_id=alb_security_group_id,
            port=route.node_port,
            description=f"{route.name} NodePort from the front door's load balancer",
            parent=self,
        )
        return target_group
