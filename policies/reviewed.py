"""The resource types the pack has reviewed: every type some policy checks, plus the types below.

`REVIEWED_WITHOUT_RULES` lists the types reviewed and found to need no rule, each with the reason. A type
on neither list is refused by `resource-type-reviewed` (mandatory in staging and prod, advisory in dev).
Adding a type the blueprint creates is one line: a policy whose TYPES name it, or an entry here; the
tests check that every type of the shipped plans is reviewed and that every entry is a real SDK type.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

_ROUTING = (
    "routing decides where packets may go, not who may connect: inbound exposure is checked on security "
    "groups (ec2-no-public-ingress), subnets (ec2-subnet-no-public-ip) and public addresses"
)
REVIEWED_WITHOUT_RULES: Mapping[str, str] = {
    "aws:acm/certificateValidation:CertificateValidation": "waits for ACM to issue a certificate; the certificate "
    "itself is checked (acm-certificate-dns-validation)",
    "aws:appautoscaling/policy:Policy": "scales Aurora readers on CPU; changes capacity, grants and exposes nothing",
    "aws:appautoscaling/target:Target": "the scalable dimension (Aurora reader count) a scaling policy moves",
    "aws:appconfig/application:Application": "a name that groups environments and profiles; holds no data, "
    "grants and exposes nothing",
    "aws:appconfig/hostedConfigurationVersion:HostedConfigurationVersion": "immutable configuration content, "
    "encrypted with its profile's CMK (appconfig-hosted-configuration-cmk); reaches targets only through a "
    "checked deployment",
    "aws:autoscaling/attachment:Attachment": "registers a node group's instances in a target group of the same "
    "stack; what can reach them is decided by security groups (ec2-no-public-ingress) and the listeners (lb-*)",
    "aws:backup/vaultNotifications:VaultNotifications": "sends vault events to an SNS topic (encrypted: sns-topic-cmk)",
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": "combines alarms of the stack into the one state AppConfig "
    "watches during a flag rollout; its actions are off; holds no data, grants and exposes nothing",
    "aws:cloudwatch/dashboard:Dashboard": "a page of graphs: reads metrics, grants and exposes nothing",
    "aws:cloudwatch/eventRule:EventRule": "matches events; where they go is checked on its targets "
    "(cloudwatch-alarm-actions: an SNS target is an encrypted topic of the stack)",
    "aws:cognito/managedLoginBranding:ManagedLoginBranding": "the look of a user pool's managed login pages for "
    "one app client; grants and exposes nothing",
    "aws:cognito/resourceServer:ResourceServer": "declares an API's OAuth scopes in a user pool; a scope reaches "
    "a token only through a checked app client (cognito-client-*)",
    "aws:cognito/riskConfiguration:RiskConfiguration": "threat protection's responses to risky sign-ins; the "
    "pool's threat protection mode is checked on the pool (cognito-user-pool-threat-protection)",
    "aws:cognito/userPoolDomain:UserPoolDomain": "serves a checked user pool's sign-in pages on a custom "
    "domain with an ACM certificate (acm-certificate-dns-validation); the pool's WAF is checked on the pool",
    "aws:ec2/internetGateway:InternetGateway": f"the public tier's way out; {_ROUTING}",
    "aws:ec2/natGateway:NatGateway": "egress-only address translation for private subnets; admits no inbound flow",
    "aws:ec2/route:Route": _ROUTING,
    "aws:ec2/routeTable:RouteTable": _ROUTING,
    "aws:ec2/routeTableAssociation:RouteTableAssociation": _ROUTING,
    "aws:ec2/vpcEndpoint:VpcEndpoint": "private access to AWS APIs from inside the VPC; interface endpoints sit "
    "behind the endpoints security group (ec2-no-public-ingress)",
    "aws:ecr/replicationConfiguration:ReplicationConfiguration": "copies images to the DR region of the same "
    "account; the repositories it creates follow the checked creation template",
    "aws:kms/alias:Alias": "a name for a key; the key's rotation and policy are checked on the key",
    "aws:lb/listenerRule:ListenerRule": "forwards matching paths of a checked listener (lb-listener-tls) to a "
    "target group; grants and exposes nothing by itself",
    "aws:lb/targetGroup:TargetGroup": "a set of in-VPC targets behind a checked load balancer; reachable only "
    "through its listeners (lb-listener-tls) and the nodes' security group",
    "aws:route53/zone:Zone": "a public DNS zone (dev's API name); holds names, not data or access",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "archives and expires objects of a "
    "bucket whose access, encryption and versioning are checked (s3-*); shortens retention, exposes nothing; "
    "a locked version is not deleted before its retention (cloudtrail-bucket-immutable checks the lock)",
    "aws:secretsmanager/secretVersion:SecretVersion": "a secret's value, encrypted with its secret's CMK "
    "(secretsmanager-secret-cmk)",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "an outbound path to a named security group or "
    "range; inbound exposure is checked on ingress rules (ec2-no-public-ingress)",
    "aws:xray/samplingRule:SamplingRule": "how many requests are traced; the traces are encrypted by the "
    "region's X-Ray encryption (xray-encryption-cmk)",
    "kubernetes:apiregistration.k8s.io/v1:APIService": "registers metrics.k8s.io, served by the in-cluster "
    "metrics-server Service; like the upstream manifest it skips TLS verification of that hop (no CA bundle)",
    "kubernetes:core/v1:ServiceAccount": "an identity: token mounting is checked on pods (k8s-service-account), "
    "its permissions on bindings (k8s-rbac-bindings)",
    "pulumi:providers:aws": "provider configuration (region, default tags); each resource is checked in its region",
    "pulumi:providers:kubernetes": "connection to one cluster; its objects are checked and scoped to that cluster",
    "pulumi:pulumi:StackReference": "reads the AWS layer's stack outputs (cluster endpoint, CA, role ARNs) into "
    "the Kubernetes layer; creates nothing, and the objects built from it are checked themselves",
}
# Component resources of the blueprint and the stack root create nothing themselves; their children are checked.
COMPONENT_PACKAGES = ("bulkhead:",)
STACK_ROOT = "pulumi:pulumi:Stack"


@functools.cache
def reviewed_types() -> frozenset[str]:
    """Every type a policy declares, plus REVIEWED_WITHOUT_RULES."""
    # Imported here: the registry imports the rule that calls this, so a module-level import would cycle.
    from policies.registry import RULES
    from policies.rule import EVERY_TYPE

    checked = {t for rule in RULES for t in rule.types if t != EVERY_TYPE}
    return frozenset(checked | set(REVIEWED_WITHOUT_RULES))


def is_reviewed(resource_type: str) -> bool:
    return (
        resource_type == STACK_ROOT or resource_type.startswith(COMPONENT_PACKAGES) or resource_type in reviewed_types()
    )
