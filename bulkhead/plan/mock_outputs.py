"""Realistic outputs for mocked resources and invokes: ids, ARNs in the resource's own region, endpoints.

Wiring that depends on outputs (ARNs inside IAM documents, kubeconfig from the cluster endpoint) is
exercised only if these look like what AWS returns, so each value follows the real format.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# CloudFront's alias hosted zone (components/reference/identity.py); the plan's tooling runs without the
# components package (tests/deploy), so the value is repeated here.
CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2"


ACCOUNT_ID = "111122223333"
AZ_SUFFIXES = ("a", "b", "c", "d")
MOCK_GENERATED_PASSWORD = "MockGeneratedPassword0123456789abcdefXYZ"


@dataclass(frozen=True)
class MockContext:
    """What an output builder knows about the resource being created."""

    type: str
    logical_name: str
    urn: str
    region: str | None
    inputs: dict[str, Any]
    account: str = ACCOUNT_ID

    def digest(self, length: int) -> str:
        return hashlib.sha256(self.urn.encode()).hexdigest()[:length]

    @property
    def auto_name(self) -> str:
        """Pulumi's auto-name: the logical name plus a random-looking suffix."""
        return f"{self.logical_name}-{self.digest(7)}"

    @property
    def physical_name(self) -> str:
        """The name AWS sees: the explicit name input, else the auto-name."""
        return self.inputs.get("name") or self.auto_name

    def uuid(self) -> str:
        return str(uuid.UUID(self.digest(32)))


def _ec2(kind: str, prefix: str) -> tuple[str, Callable[[MockContext, str], str]]:
    return prefix, lambda ctx, ident: f"arn:aws:ec2:{ctx.region}:{ctx.account}:{kind}/{ident}"


# type -> (id prefix, arn builder); the id is `<prefix>-<17 hex>` as EC2 ids are.
EC2_IDS: dict[str, tuple[str, Callable[[MockContext, str], str]]] = {
    "aws:ec2/vpc:Vpc": _ec2("vpc", "vpc"),
    "aws:ec2/subnet:Subnet": _ec2("subnet", "subnet"),
    "aws:ec2/securityGroup:SecurityGroup": _ec2("security-group", "sg"),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": _ec2("security-group", "sg"),
    "aws:ec2/routeTable:RouteTable": _ec2("route-table", "rtb"),
    "aws:ec2/internetGateway:InternetGateway": _ec2("internet-gateway", "igw"),
    "aws:ec2/natGateway:NatGateway": _ec2("natgateway", "nat"),
    "aws:ec2/eip:Eip": _ec2("elastic-ip", "eipalloc"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": _ec2("vpc-endpoint", "vpce"),
    "aws:ec2/flowLog:FlowLog": _ec2("vpc-flow-log", "fl"),
    "aws:ec2/launchTemplate:LaunchTemplate": _ec2("launch-template", "lt"),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": _ec2("security-group-rule", "sgr"),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": _ec2("security-group-rule", "sgr"),
}


def _named_arn(template: str) -> Callable[[MockContext], dict[str, Any]]:
    """An id equal to the physical name, and an ARN from `template` (fields: region, account, name)."""

    def build(ctx: MockContext) -> dict[str, Any]:
        name = ctx.physical_name
        return {"id": name, "name": name, "arn": template.format(region=ctx.region, account=ctx.account, name=name)}

    return build


def _identifier_arn(field: str, template: str) -> Callable[[MockContext], dict[str, Any]]:
    """Resources whose id is an identifier input such as `clusterIdentifier`."""

    def build(ctx: MockContext) -> dict[str, Any]:
        name = ctx.inputs.get(field) or ctx.auto_name
        return {"id": name, field: name, "arn": template.format(region=ctx.region, account=ctx.account, name=name)}

    return build


def _kms_key(ctx: MockContext) -> dict[str, Any]:
    multi_region = ctx.inputs.get("multiRegion") or ctx.type == "aws:kms/replicaKey:ReplicaKey"
    key_id = f"mrk-{ctx.digest(32)}" if multi_region else ctx.uuid()
    return {"id": key_id, "keyId": key_id, "arn": f"arn:aws:kms:{ctx.region}:{ctx.account}:key/{key_id}"}


def _secret(ctx: MockContext) -> dict[str, Any]:
    arn = f"arn:aws:secretsmanager:{ctx.region}:{ctx.account}:secret:{ctx.physical_name}-{ctx.digest(6)}"
    return {"id": arn, "arn": arn, "name": ctx.physical_name}


def _global_datastore(ctx: MockContext) -> dict[str, Any]:
    """AWS prefixes the suffix with a five-letter id of the account-region pair (`ldgnf-<suffix>`)."""
    ident = f"ldgnf-{ctx.inputs.get('globalReplicationGroupIdSuffix') or ctx.logical_name}"
    return {
        "id": ident,
        "globalReplicationGroupId": ident,
        "arn": f"arn:aws:elasticache::{ctx.account}:globalreplicationgroup:{ident}",
    }


def _short_region(region: str | None) -> str:
    """us-east-1 -> use1, as ElastiCache endpoints and AZ ids abbreviate regions."""
    parts = (region or "us-east-1").split("-")
    return parts[0] + "".join(part[0] for part in parts[1:-1]) + parts[-1]


def _cache_endpoints(ctx: MockContext, ident: str) -> dict[str, Any]:
    host = f"{ident}.{ctx.digest(6)}.{_short_region(ctx.region)}.cache.amazonaws.com"
    return {
        "primaryEndpointAddress": f"master.{host}",
        "readerEndpointAddress": f"replica.{host}",
        "port": ctx.inputs.get("port", 6379),
    }


def _aurora_cluster(ctx: MockContext, ident: str) -> dict[str, Any]:
    host = f"c{ctx.digest(11)}.{ctx.region}.rds.amazonaws.com"
    outputs: dict[str, Any] = {
        "clusterResourceId": f"cluster-{ctx.digest(26).upper()}",
        "endpoint": f"{ident}.cluster-{host}",
        "readerEndpoint": f"{ident}.cluster-ro-{host}",
        "port": ctx.inputs.get("port", 5432),
    }
    if ctx.inputs.get("manageMasterUserPassword"):
        outputs["masterUserSecrets"] = [
            {
                "secretArn": f"arn:aws:secretsmanager:{ctx.region}:{ctx.account}:secret:rds!cluster-{ctx.uuid()}-"
                f"{ctx.digest(6)}",
                "kmsKeyId": ctx.inputs.get("masterUserSecretKmsKeyId"),
                "secretStatus": "active",
            }
        ]
    return outputs


def _appconfig_id(ctx: MockContext, salt: str = "") -> str:
    """AppConfig ids: seven lowercase letters and digits (such as `339ohji`)."""
    digest = hashlib.sha256((ctx.urn + salt).encode()).digest()
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(alphabet[byte % len(alphabet)] for byte in digest[:7])


def _appconfig_arn(ctx: MockContext, resource: str) -> str:
    return f"arn:aws:appconfig:{ctx.region}:{ctx.account}:{resource}"


def _appconfig(ctx: MockContext) -> dict[str, Any]:
    """Ids and ARNs as the AppConfig resources of terraform-provider-aws set them."""
    app = ctx.inputs.get("applicationId") or _appconfig_id(ctx, "application")
    own = _appconfig_id(ctx)
    kind = ctx.type.rsplit(":", 1)[1]
    if kind == "Application":
        return {"id": own, "arn": _appconfig_arn(ctx, f"application/{own}")}
    if kind == "Environment":
        arn = _appconfig_arn(ctx, f"application/{app}/environment/{own}")
        return {"id": f"{own}:{app}", "environmentId": own, "arn": arn, "state": "ReadyForDeployment"}
    if kind == "ConfigurationProfile":
        arn = _appconfig_arn(ctx, f"application/{app}/configurationprofile/{own}")
        return {
            "id": f"{own}:{app}",
            "configurationProfileId": own,
            "arn": arn,
            "kmsKeyArn": ctx.inputs.get("kmsKeyIdentifier"),
        }
    if kind == "HostedConfigurationVersion":
        profile = ctx.inputs.get("configurationProfileId")
        arn = _appconfig_arn(ctx, f"application/{app}/configurationprofile/{profile}/hostedconfigurationversion/1")
        return {"id": f"{app}/{profile}/1", "versionNumber": 1, "arn": arn}
    if kind == "DeploymentStrategy":
        return {"id": own, "arn": _appconfig_arn(ctx, f"deploymentstrategy/{own}")}
    environment = ctx.inputs.get("environmentId")
    arn = _appconfig_arn(ctx, f"application/{app}/environment/{environment}/deployment/1")
    return {
        "id": f"{app}/{environment}/1",
        "deploymentNumber": 1,
        "arn": arn,
        "state": "DEPLOYING",
        "kmsKeyArn": ctx.inputs.get("kmsKeyIdentifier"),
    }


def _sqs_queue(ctx: MockContext) -> dict[str, Any]:
    """A queue's id is its URL (terraform-provider-aws); its ARN has no resource type."""
    name = ctx.physical_name
    url = f"https://sqs.{ctx.region}.amazonaws.com/{ctx.account}/{name}"
    return {"id": url, "url": url, "name": name, "arn": f"arn:aws:sqs:{ctx.region}:{ctx.account}:{name}"}


def _queue_attribute(ctx: MockContext) -> dict[str, Any]:
    """Queue policies and redrive policies are identified by the queue URL they attach to."""
    return {"id": ctx.inputs.get("queueUrl") or ctx.auto_name}


# base64 of a PEM certificate, as EKS returns certificateAuthority.data.
EKS_CA_DATA = (
    "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJN"
    "d0VRWURWUVFERXdwcmRXSmwKY201bGRHVnpNQjRYRFRJMk1URXlOVEF3TURBd01Gb1hEVE0yTVRFeU16QXdNREF3TUZvd0ZURVRN"
    "QkVHQTFVRQpBeE1LYTNWaVpYSnVaWFJsY3pDQ0FTSXdEUVlKS29aSWh2Y05BUUVCQlFBRGdnRVBBRENDQVFvQ2dnRUJBTUJWCi0t"
    "LS0tRU5EIENFUlRJRklDQVRFLS0tLS0K"
)


def _eks_cluster(ctx: MockContext, ident: str) -> dict[str, Any]:
    """Endpoint, CA, OIDC issuer and the security group EKS creates for the cluster."""
    oidc_id = ctx.digest(32).upper()
    return {
        "endpoint": f"https://{oidc_id}.gr7.{ctx.region}.eks.amazonaws.com",
        "certificateAuthority": {"data": EKS_CA_DATA},
        "identities": [{"oidcs": [{"issuer": f"https://oidc.eks.{ctx.region}.amazonaws.com/id/{oidc_id}"}]}],
        "vpcConfig": {
            **(ctx.inputs.get("vpcConfig") or {}),
            "clusterSecurityGroupId": f"sg-{ctx.digest(17)}",
            "vpcId": f"vpc-{ctx.digest(17)}",
        },
        "platformVersion": "eks.10",
        "status": "ACTIVE",
    }


def _of_bucket(ctx: MockContext) -> dict[str, Any]:
    """S3 bucket sub-resources (versioning, lock, policy...): the provider's id is the bucket name."""
    return {"id": ctx.inputs.get("bucket") or ctx.auto_name}


def _alarm(name_field: str) -> Callable[[MockContext], dict[str, Any]]:
    def build(ctx: MockContext) -> dict[str, Any]:
        name = ctx.inputs.get(name_field) or ctx.auto_name
        return {"id": name, "arn": f"arn:aws:cloudwatch:{ctx.region}:{ctx.account}:alarm:{name}"}

    return build


def _trail(ctx: MockContext) -> dict[str, Any]:
    arn = f"arn:aws:cloudtrail:{ctx.region}:{ctx.account}:trail/{ctx.physical_name}"
    return {"id": arn, "arn": arn, "name": ctx.physical_name, "homeRegion": ctx.region}


def _detector(ctx: MockContext) -> dict[str, Any]:
    ident = ctx.digest(32)
    return {
        "id": ident,
        "arn": f"arn:aws:guardduty:{ctx.region}:{ctx.account}:detector/{ident}",
        "accountId": ctx.account,
    }


def _standards_subscription(ctx: MockContext) -> dict[str, Any]:
    """`arn:aws:securityhub:<region>:<account>:subscription/<standard path>/v/<version>`."""
    standard = str(ctx.inputs.get("standardsArn", ""))
    path = standard.split("::standards/", 1)[-1].split(":::ruleset/", 1)[-1]
    arn = f"arn:aws:securityhub:{ctx.region}:{ctx.account}:subscription/{path}"
    return {"id": arn, "arn": arn}


def _stack_reference(ctx: MockContext) -> dict[str, Any]:
    """The owner stack's `account_baseline` output, as `infra/wiring/observability.py` exports it."""
    name = str(ctx.inputs.get("name", ctx.logical_name))
    prefix = "-".join(name.split("/")[1:])
    region = ctx.region or ""
    baseline = {
        "owned_by": name,
        "trail_arn": f"arn:aws:cloudtrail:{ctx.region}:{ctx.account}:trail/{prefix}-trail",
        "audit_bucket": f"{prefix}-audit-trail-{ctx.account}",
        "audit_bucket_lock_mode": "COMPLIANCE",  # the owner's default and prod's floor
        "detector_ids": {ctx.region: ctx.digest(32)},
        # The owner's defaults (infra/settings/observability.py): every feature, both standards. Literal: the
        # plan tooling is installed without the components (tests/deploy).
        "detector_features": [
            "EKS_AUDIT_LOGS",
            "RDS_LOGIN_EVENTS",
            "S3_DATA_EVENTS",
            "EBS_MALWARE_PROTECTION",
            "RUNTIME_MONITORING",
        ],
        "security_hub_arns": {ctx.region: f"arn:aws:securityhub:{ctx.region}:{ctx.account}:hub/default"},
        "security_hub_standards": {
            ctx.region: [
                f"arn:aws:securityhub:{region}::standards/aws-foundational-security-best-practices/v/1.0.0",
                f"arn:aws:securityhub:{region}::standards/cis-aws-foundations-benchmark/v/3.0.0",
            ]
        },
    }
    return {"id": name, "name": name, "outputs": {"account_baseline": baseline}, "secretOutputNames": []}


def _serverless_application(ctx: MockContext) -> dict[str, Any]:
    """A Serverless Application Repository stack: CloudFormation names it `serverlessrepo-<name>`; the
    rotation applications output the function they created as RotationLambdaARN."""
    stack_name = f"serverlessrepo-{ctx.physical_name}"
    function = (ctx.inputs.get("parameters") or {}).get("functionName") or ctx.physical_name
    return {
        "id": f"arn:aws:cloudformation:{ctx.region}:{ctx.account}:stack/{stack_name}/{ctx.uuid()}",
        "name": ctx.physical_name,
        "outputs": {"RotationLambdaARN": f"arn:aws:lambda:{ctx.region}:{ctx.account}:function:{function}"},
    }


def _arn_is_id(template: str) -> Callable[[MockContext], dict[str, Any]]:
    def build(ctx: MockContext) -> dict[str, Any]:
        arn = template.format(region=ctx.region, account=ctx.account, name=ctx.physical_name)
        return {"id": arn, "arn": arn, "name": ctx.physical_name}

    return build


# Canonical hosted zone ids of Application Load Balancers per region (ELB endpoints and quotas, AWS
# General Reference): what `LoadBalancer.zone_id` returns and alias records point at.
ALB_CANONICAL_ZONE_IDS = {
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-central-1": "Z215JYRZR1TBD5",
}


def _elb_name(ctx: MockContext) -> str:
    """ELB names are at most 32 characters; Pulumi's auto-name is trimmed to fit."""
    return ctx.physical_name[:32].rstrip("-")


def _load_balancer(ctx: MockContext) -> dict[str, Any]:
    name = _elb_name(ctx)
    arn = f"arn:aws:elasticloadbalancing:{ctx.region}:{ctx.account}:loadbalancer/app/{name}/{ctx.digest(16)}"
    return {
        "id": arn,
        "arn": arn,
        "name": name,
        "arnSuffix": arn.split(":loadbalancer/", 1)[1],
        "dnsName": f"{name}-{int(ctx.digest(8), 16) % 10**10}.{ctx.region}.elb.amazonaws.com",
        "zoneId": ALB_CANONICAL_ZONE_IDS.get(ctx.region or "", "Z35SXDOTRQ7X7K"),
        "vpcId": f"vpc-{ctx.digest(17)}",
    }


def _target_group(ctx: MockContext) -> dict[str, Any]:
    name = _elb_name(ctx)
    arn = f"arn:aws:elasticloadbalancing:{ctx.region}:{ctx.account}:targetgroup/{name}/{ctx.digest(16)}"
    return {"id": arn, "arn": arn, "name": name, "arnSuffix": arn.split(":", 5)[5]}


def _listener(ctx: MockContext) -> dict[str, Any]:
    arn = (
        f"arn:aws:elasticloadbalancing:{ctx.region}:{ctx.account}:listener/app/{ctx.logical_name[:24]}/"
        f"{ctx.digest(16)}/{ctx.digest(32)[16:]}"
    )
    return {"id": arn, "arn": arn}


def _certificate(ctx: MockContext) -> dict[str, Any]:
    arn = f"arn:aws:acm:{ctx.region}:{ctx.account}:certificate/{ctx.uuid()}"
    domain = ctx.inputs.get("domainName", "example.com")
    # ACM derives the validation record from the account and the name, so it is the same in every region.
    token = hashlib.sha256(f"{ctx.account}/{domain}".encode()).hexdigest()
    return {
        "id": arn,
        "arn": arn,
        "status": "PENDING_VALIDATION",
        "domainValidationOptions": [
            {
                "domainName": domain,
                "resourceRecordName": f"_{token[:32]}.{domain}.",
                "resourceRecordType": "CNAME",
                "resourceRecordValue": f"_{token[32:64]}.zfyfvmchrl.acm-validations.aws.",
            }
        ],
    }


def _web_acl(ctx: MockContext) -> dict[str, Any]:
    ident = ctx.uuid()
    name = ctx.physical_name
    arn = f"arn:aws:wafv2:{ctx.region}:{ctx.account}:regional/webacl/{name}/{ident}"
    return {"id": ident, "arn": arn, "name": name, "capacity": 1030, "lockToken": ctx.uuid()}


def _hosted_zone(ctx: MockContext) -> dict[str, Any]:
    zone_id = "Z" + "".join(c for c in ctx.digest(40).upper() if c.isalnum())[:20]
    return {
        "id": zone_id,
        "zoneId": zone_id,
        "arn": f"arn:aws:route53:::hostedzone/{zone_id}",
        "nameServers": [
            f"ns-{int(ctx.digest(3), 16)}.awsdns-{int(ctx.digest(2), 16) % 64:02d}.{tld}"
            for tld in ("org", "co.uk", "com", "net")
        ],
    }


def _record(ctx: MockContext) -> dict[str, Any]:
    name = str(ctx.inputs.get("name", "")).rstrip(".")
    parts = [ctx.inputs.get("zoneId"), name, ctx.inputs.get("type"), ctx.inputs.get("setIdentifier")]
    return {"id": "_".join(str(part) for part in parts if part), "fqdn": name}


def _bucket(ctx: MockContext) -> dict[str, Any]:
    """Bucket names are lowercase, at most 63 characters; the auto-name is trimmed to fit."""
    name = (ctx.inputs.get("bucket") or ctx.auto_name)[:63].rstrip("-")
    return {
        "id": name,
        "bucket": name,
        "arn": f"arn:aws:s3:::{name}",
        "bucketDomainName": f"{name}.s3.amazonaws.com",
        "bucketRegionalDomainName": f"{name}.s3.{ctx.region}.amazonaws.com",
    }


def _health_check(ctx: MockContext) -> dict[str, Any]:
    ident = ctx.uuid()
    return {"id": ident, "arn": f"arn:aws:route53:::healthcheck/{ident}"}


def _user_pool(ctx: MockContext) -> dict[str, Any]:
    """Pool ids are `<region>_<9 alphanumerics>`; the issuer and JWKS URL are derived from the id."""
    pool_id = f"{ctx.region}_{''.join(c for c in ctx.digest(40) if c.isalpha())[:4].upper()}{ctx.digest(5)}"
    return {
        "id": pool_id,
        "arn": f"arn:aws:cognito-idp:{ctx.region}:{ctx.account}:userpool/{pool_id}",
        "endpoint": f"cognito-idp.{ctx.region}.amazonaws.com/{pool_id}",
        "creationDate": "2026-11-01T00:00:00Z",
        "estimatedNumberOfUsers": 0,
    }


def _user_pool_client(ctx: MockContext) -> dict[str, Any]:
    """Client ids are 26 lowercase alphanumerics. The secret of a confidential client is left out: it is a
    secret output nothing in the stack reads, and the plan must hold no credential."""
    return {"id": ctx.digest(26)}


def _resource_server(ctx: MockContext) -> dict[str, Any]:
    identifier = ctx.inputs.get("identifier", "")
    scopes = ctx.inputs.get("scopes") or []
    return {
        "id": f"{ctx.inputs.get('userPoolId')}|{identifier}",
        "scopeIdentifiers": [f"{identifier}/{scope.get('scopeName')}" for scope in scopes],
    }


def _user_pool_domain(ctx: MockContext) -> dict[str, Any]:
    return {
        "id": ctx.inputs.get("domain"),
        "cloudfrontDistribution": f"d{ctx.digest(13)}.cloudfront.net",
        "cloudfrontDistributionZoneId": CLOUDFRONT_HOSTED_ZONE_ID,
        "awsAccountId": ctx.account,
    }


# type -> builder of the identifying outputs (id, arn, name...); other types get `<logical name>-<hash>` ids.
NAMED: dict[str, Callable[[MockContext], dict[str, Any]]] = {
    "aws:kms/key:Key": _kms_key,
    "aws:kms/replicaKey:ReplicaKey": _kms_key,
    "aws:kms/alias:Alias": _named_arn("arn:aws:kms:{region}:{account}:{name}"),
    "aws:iam/role:Role": _named_arn("arn:aws:iam::{account}:role/{name}"),
    "aws:iam/policy:Policy": _arn_is_id("arn:aws:iam::{account}:policy/{name}"),
    "aws:cloudwatch/logGroup:LogGroup": _named_arn("arn:aws:logs:{region}:{account}:log-group:{name}"),
    "aws:sns/topic:Topic": _arn_is_id("arn:aws:sns:{region}:{account}:{name}"),
    "aws:secretsmanager/secret:Secret": _secret,
    "aws:rds/cluster:Cluster": _identifier_arn("clusterIdentifier", "arn:aws:rds:{region}:{account}:cluster:{name}"),
    "aws:rds/clusterInstance:ClusterInstance": _identifier_arn(
        "identifier", "arn:aws:rds:{region}:{account}:db:{name}"
    ),
    "aws:rds/globalCluster:GlobalCluster": _identifier_arn(
        "globalClusterIdentifier", "arn:aws:rds::{account}:global-cluster:{name}"
    ),
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": _named_arn(
        "arn:aws:rds:{region}:{account}:cluster-pg:{name}"
    ),
    "aws:rds/parameterGroup:ParameterGroup": _named_arn("arn:aws:rds:{region}:{account}:pg:{name}"),
    "aws:rds/subnetGroup:SubnetGroup": _named_arn("arn:aws:rds:{region}:{account}:subgrp:{name}"),
    "aws:rds/eventSubscription:EventSubscription": _named_arn("arn:aws:rds:{region}:{account}:es:{name}"),
    "aws:elasticache/replicationGroup:ReplicationGroup": _identifier_arn(
        "replicationGroupId", "arn:aws:elasticache:{region}:{account}:replicationgroup:{name}"
    ),
    "aws:elasticache/subnetGroup:SubnetGroup": _named_arn("arn:aws:elasticache:{region}:{account}:subnetgroup:{name}"),
    "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup": _global_datastore,
    "aws:elasticache/parameterGroup:ParameterGroup": _named_arn(
        "arn:aws:elasticache:{region}:{account}:parametergroup:{name}"
    ),
    "aws:elasticache/user:User": _identifier_arn("userId", "arn:aws:elasticache:{region}:{account}:user:{name}"),
    "aws:elasticache/userGroup:UserGroup": _identifier_arn(
        "userGroupId", "arn:aws:elasticache:{region}:{account}:usergroup:{name}"
    ),
    "aws:backup/vault:Vault": _named_arn("arn:aws:backup:{region}:{account}:backup-vault:{name}"),
    "aws:backup/plan:Plan": lambda ctx: {
        "id": ctx.uuid(),
        "arn": f"arn:aws:backup:{ctx.region}:{ctx.account}:backup-plan:{ctx.uuid()}",
        "version": ctx.digest(32),
    },
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": _named_arn(
        "arn:aws:backup:{region}:{account}:restore-testing-plan:{name}"
    ),
    "aws:eks/cluster:Cluster": _named_arn("arn:aws:eks:{region}:{account}:cluster/{name}"),
    "aws:ecr/repository:Repository": _named_arn("arn:aws:ecr:{region}:{account}:repository/{name}"),
    "aws:sqs/queue:Queue": _sqs_queue,
    "aws:sqs/queuePolicy:QueuePolicy": _queue_attribute,
    "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": _queue_attribute,
    "aws:sqs/redrivePolicy:RedrivePolicy": _queue_attribute,
    **{
        f"aws:appconfig/{module}:{kind}": _appconfig
        for module, kind in (
            ("application", "Application"),
            ("environment", "Environment"),
            ("configurationProfile", "ConfigurationProfile"),
            ("hostedConfigurationVersion", "HostedConfigurationVersion"),
            ("deploymentStrategy", "DeploymentStrategy"),
            ("deployment", "Deployment"),
        )
    },
    "aws:codebuild/project:Project": _named_arn("arn:aws:codebuild:{region}:{account}:project/{name}"),
    "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": _serverless_application,
    "aws:s3/bucket:Bucket": _bucket,
    **{
        f"aws:s3/{kind[0].lower()}{kind[1:]}:{kind}": _of_bucket
        for kind in (
            "BucketVersioning",
            "BucketObjectLockConfiguration",
            "BucketPublicAccessBlock",
            "BucketOwnershipControls",
            "BucketServerSideEncryptionConfiguration",
            "BucketLifecycleConfiguration",
            "BucketPolicy",
        )
    },
    "aws:sns/topicSubscription:TopicSubscription": lambda ctx: {
        "id": f"{ctx.inputs.get('topic')}:{ctx.uuid()}",
        "arn": f"{ctx.inputs.get('topic')}:{ctx.uuid()}",
        "ownerId": ctx.account,
        "pendingConfirmation": ctx.inputs.get("protocol") == "email",
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": _alarm("name"),
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": _alarm("alarmName"),
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": lambda ctx: {"id": ctx.physical_name},
    "aws:cloudwatch/eventRule:EventRule": _named_arn("arn:aws:events:{region}:{account}:rule/{name}"),
    "aws:cloudwatch/eventTarget:EventTarget": lambda ctx: {
        "id": f"{ctx.inputs.get('rule')}-{ctx.inputs.get('targetId')}",
    },
    "aws:cloudwatch/dashboard:Dashboard": lambda ctx: {
        "id": ctx.inputs.get("dashboardName"),
        "dashboardArn": f"arn:aws:cloudwatch::{ctx.account}:dashboard/{ctx.inputs.get('dashboardName')}",
    },
    "aws:cloudtrail/trail:Trail": _trail,
    "aws:guardduty/detector:Detector": _detector,
    "aws:guardduty/detectorFeature:DetectorFeature": lambda ctx: {
        "id": f"{ctx.inputs.get('detectorId')}/{ctx.inputs.get('name')}",
    },
    "aws:securityhub/account:Account": lambda ctx: {
        "id": ctx.account,
        "arn": f"arn:aws:securityhub:{ctx.region}:{ctx.account}:hub/default",
    },
    "aws:securityhub/standardsSubscription:StandardsSubscription": _standards_subscription,
    # `<account ids>-<resource types>`, each sorted and joined with colons (the provider's import id).
    "aws:inspector2/enabler:Enabler": lambda ctx: {
        "id": "-".join(":".join(sorted(ctx.inputs.get(key, []))) for key in ("accountIds", "resourceTypes")),
    },
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": lambda ctx: {
        "id": ctx.account,
        "registryId": ctx.account,
    },
    "aws:xray/encryptionConfig:EncryptionConfig": lambda ctx: {"id": ctx.region},
    "aws:xray/samplingRule:SamplingRule": lambda ctx: {
        "id": ctx.inputs.get("ruleName"),
        "arn": f"arn:aws:xray:{ctx.region}:{ctx.account}:sampling-rule/{ctx.inputs.get('ruleName')}",
    },
    "aws:eks/addon:Addon": lambda ctx: {
        "id": f"{ctx.inputs.get('clusterName')}:{ctx.inputs.get('addonName')}",
        "arn": f"arn:aws:eks:{ctx.region}:{ctx.account}:addon/{ctx.inputs.get('clusterName')}/"
        f"{ctx.inputs.get('addonName')}/{ctx.uuid()}",
    },
    "pulumi:pulumi:StackReference": _stack_reference,
    "aws:lb/loadBalancer:LoadBalancer": _load_balancer,
    "aws:lb/targetGroup:TargetGroup": _target_group,
    "aws:lb/listener:Listener": _listener,
    "aws:acm/certificate:Certificate": _certificate,
    "aws:wafv2/webAcl:WebAcl": _web_acl,
    "aws:route53/zone:Zone": _hosted_zone,
    "aws:route53/record:Record": _record,
    "aws:route53/healthCheck:HealthCheck": _health_check,
    "aws:cognito/userPool:UserPool": _user_pool,
    "aws:cognito/userPoolClient:UserPoolClient": _user_pool_client,
    "aws:cognito/resourceServer:ResourceServer": _resource_server,
    "aws:cognito/userPoolDomain:UserPoolDomain": _user_pool_domain,
    "aws:cognito/managedLoginBranding:ManagedLoginBranding": lambda ctx: {
        "id": f"{ctx.inputs.get('userPoolId')},{ctx.uuid()}",
        "managedLoginBrandingId": ctx.uuid(),
    },
}

# type -> extra outputs beyond id/arn (endpoints and the like).
ExtraOutputs = Callable[[MockContext, str], dict[str, Any]]
EXTRA_OUTPUTS: dict[str, ExtraOutputs] = {
    "aws:kms/alias:Alias": lambda ctx, _: {"targetKeyArn": f"arn:aws:kms:{ctx.region}:{ctx.account}:key/unknown"},
    "aws:ec2/eip:Eip": lambda ctx, ident: {"allocationId": ident, "publicIp": "198.51.100.10"},
    "aws:ec2/vpc:Vpc": lambda ctx, ident: {"defaultSecurityGroupId": f"sg-{ctx.digest(17)}"},
    "aws:eks/cluster:Cluster": _eks_cluster,
    "aws:ec2/launchTemplate:LaunchTemplate": lambda ctx, ident: {"latestVersion": 1, "defaultVersion": 1},
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": lambda ctx, ident: {
        "associationId": f"a-{ctx.digest(17)}",
        "associationArn": f"arn:aws:eks:{ctx.region}:{ctx.account}:podidentityassociation/{ident}",
    },
    "aws:iam/role:Role": lambda ctx, ident: {"uniqueId": f"AROA{ctx.digest(17).upper()}"},
    "aws:rds/cluster:Cluster": _aurora_cluster,
    "aws:rds/clusterInstance:ClusterInstance": lambda ctx, ident: {
        "endpoint": f"{ident}.c{ctx.digest(11)}.{ctx.region}.rds.amazonaws.com",
        "dbiResourceId": f"db-{ctx.digest(26).upper()}",
    },
    "aws:elasticache/replicationGroup:ReplicationGroup": _cache_endpoints,
    "aws:codebuild/project:Project": lambda ctx, ident: {
        "badgeUrl": "",
        "serviceRole": ctx.inputs.get("serviceRole"),
    },
    "aws:eks/accessEntry:AccessEntry": lambda ctx, ident: {
        "accessEntryArn": f"arn:aws:eks:{ctx.region}:{ctx.account}:access-entry/{ident}",
    },
    "aws:eks/nodeGroup:NodeGroup": lambda ctx, ident: {
        # EKS names the node group's Auto Scaling group `eks-<node group>-<uuid>`.
        "resources": [{"autoscalingGroups": [{"name": f"eks-{ctx.physical_name}-{ctx.uuid()}"}]}],
        "arn": f"arn:aws:eks:{ctx.region}:{ctx.account}:nodegroup/{ctx.physical_name}/{ctx.uuid()}",
    },
    "aws:acm/certificateValidation:CertificateValidation": lambda ctx, ident: {
        "certificateArn": ctx.inputs.get("certificateArn")
    },
    "aws:eks/addon:Addon": lambda ctx, ident: {
        "arn": f"arn:aws:eks:{ctx.region}:{ctx.account}:addon/{ctx.inputs.get('clusterName')}/"
        f"{ctx.inputs.get('addonName')}/{ctx.uuid()}"
    },
    "aws:appautoscaling/target:Target": lambda ctx, ident: {
        "arn": f"arn:aws:application-autoscaling:{ctx.region}:{ctx.account}:scalable-target/{ctx.digest(32)}"
    },
    "aws:appautoscaling/policy:Policy": lambda ctx, ident: {
        "arn": f"arn:aws:autoscaling:{ctx.region}:{ctx.account}:scalingPolicy:{ctx.uuid()}:resource/"
        f"{ctx.inputs.get('serviceNamespace')}/{ctx.inputs.get('resourceId')}:policyName/{ctx.physical_name}"
    },
    # A rule's ARN extends its listener's: .../listener-rule/app/<lb>/<lb id>/<listener id>/<rule id>.
    "aws:lb/listenerRule:ListenerRule": lambda ctx, ident: {
        "arn": f"{ctx.inputs.get('listenerArn', '')}/{ctx.digest(16)}".replace(":listener/", ":listener-rule/", 1)
    },
    # A secret version reports its secret's ARN.
    "aws:secretsmanager/secretVersion:SecretVersion": lambda ctx, ident: {"arn": ctx.inputs.get("secretId")},
}


def mock_resource_outputs(ctx: MockContext) -> tuple[str, dict[str, Any]]:
    """The (id, state) a provider would return for this resource: its inputs plus computed outputs."""
    state = dict(ctx.inputs)
    if ctx.type in EC2_IDS:
        prefix, arn = EC2_IDS[ctx.type]
        resource_id = f"{prefix}-{ctx.digest(17)}"
        state["arn"] = arn(ctx, resource_id)
    elif ctx.type in NAMED:
        identity = NAMED[ctx.type](ctx)
        resource_id = identity.pop("id")
        state.update(identity)
    else:
        resource_id = f"{ctx.logical_name}-{ctx.digest(8)}"
    extra = EXTRA_OUTPUTS.get(ctx.type)
    if extra is not None:
        state.update(extra(ctx, resource_id))
    return resource_id, state


def availability_zones(region: str) -> dict[str, Any]:
    names = [f"{region}{suffix}" for suffix in AZ_SUFFIXES]
    short = _short_region(region)
    return {"names": names, "zoneIds": [f"{short}-az{index + 1}" for index in range(len(names))], "id": region}


INVOKES: dict[str, Callable[[str], dict[str, Any]]] = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": availability_zones,
    "aws:index/getCallerIdentity:getCallerIdentity": lambda region: {
        "accountId": ACCOUNT_ID,
        "arn": f"arn:aws:iam::{ACCOUNT_ID}:role/platform-deployer",
        "userId": "AROAEXAMPLEDEPLOYER",
        "id": ACCOUNT_ID,
    },
    "aws:index/getPartition:getPartition": lambda region: {
        "partition": "aws",
        "dnsSuffix": "amazonaws.com",
        "id": "aws",
    },
    "aws:index/getRegion:getRegion": lambda region: {"name": region, "region": region, "id": region},
    # An incident tool's SNS integration URL, as a subscription's endpoint secret holds it.
    "aws:secretsmanager/getSecretVersion:getSecretVersion": lambda region: {
        "secretString": "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue",
        "versionId": "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE",
        "versionStages": ["AWSCURRENT"],
        "id": region,
    },
    # A fixed stand-in: the real value comes from Secrets Manager and only feeds write-only inputs.
    "aws:secretsmanager/getRandomPassword:getRandomPassword": lambda region: {
        "randomPassword": MOCK_GENERATED_PASSWORD,
        "id": region,
    },
}
