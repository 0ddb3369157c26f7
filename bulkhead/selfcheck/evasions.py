"""Adversarial rewrites of a plan: IAM, network and schedule evasions, relocations, new types, tampering.

Each generator yields `Mutation`s; a mutation replaces, adds or removes resources (or relabels the plan)
and names the types it touches, so the runner re-evaluates only the policies that can see them.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from policies.reviewed import is_reviewed
from policies.support.iam import IDENTITY_DOCUMENTS, RESOURCE_DOCUMENTS
from policies.support.k8s import NETWORK_POLICY

FOREIGN = "999988887777"


@dataclass(frozen=True)
class Mutation:
    kind: str  # the evasion class
    target: str  # resource name (or "<plan>")
    description: str
    apply: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
    types: frozenset[str]  # resource types whose policies must re-run
    labels: Mapping[str, str] = field(default_factory=dict)  # relabelled plan (stack / environment)


def replaced_at(index: int, resource: dict[str, Any]) -> Callable[[list], list]:
    """The plan with the resource at `index` swapped for `resource`."""
    return lambda resources: [*resources[:index], resource, *resources[index + 1 :]]


def _appended(resource: dict[str, Any]) -> Callable[[list], list]:
    return lambda resources: [*resources, resource]


def _without_type(resource_type: str) -> Callable[[list], list]:
    return lambda resources: [r for r in resources if r["type"] != resource_type]


def _changed(resources: Sequence[Mapping[str, Any]], index: int, kind: str, what: str, edit) -> Mutation:
    resource = copy.deepcopy(dict(resources[index]))
    edit(resource)
    return Mutation(kind, resource["name"], what, replaced_at(index, resource), frozenset({resource["type"]}))


def _document(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else copy.deepcopy(dict(value))


def _region(resource: Mapping[str, Any]) -> str:
    return resource.get("region") or "us-east-1"


def _account(resources: Sequence[Mapping[str, Any]]) -> str:
    for resource in resources:
        arn = str((resource.get("outputs") or {}).get("arn", ""))
        if arn.startswith("arn:") and arn.split(":")[4].isdigit():
            return arn.split(":")[4]
    return "111122223333"


def _with_statement(resource: dict[str, Any], path: str, statement: Mapping[str, Any]) -> None:
    document = _document(resource["inputs"][path])
    document["Statement"] = [*document.get("Statement", []), statement]
    resource["inputs"][path] = json.dumps(document)


def identity_evasions(resources: Sequence[Mapping[str, Any]]) -> Iterator[Mutation]:
    """Wildcards and admin rights in every spelling, added to every identity policy."""
    account = _account(resources)
    for index, resource in enumerate(resources):
        if resource["type"] not in IDENTITY_DOCUMENTS or "policy" not in (resource.get("inputs") or {}):
            continue
        region = _region(resource)
        grants: list[tuple[str, dict[str, Any]]] = [
            ("Action *", {"Action": "*", "Resource": "*"}),
            ("Action *:*", {"Action": ["*:*"], "Resource": ["*"]}),
            ("Action iam:*", {"Action": "iam:*", "Resource": f"arn:aws:iam::{account}:role/x"}),
            ("Action iam:Put*", {"Action": "iam:Put*", "Resource": f"arn:aws:iam::{account}:role/x"}),
            ("Action IAM:PassRole on *", {"Action": "IAM:PassRole", "Resource": "*"}),
            ("Action iam:P?ssRole", {"Action": "iam:P?ssRole", "Resource": f"arn:aws:iam::{account}:role/x"}),
            ("Action s?:GetObject", {"Action": "s?:GetObject", "Resource": "arn:aws:s3:::b/k"}),
            ("NotAction", {"NotAction": "iam:*", "Resource": "*"}),
            ("NotResource", {"Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b/k"}),
            ("Resource arn:aws:s3:::*/*", {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::*/*"}),
            ("Resource bucket*", {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::data*"}),
            ("Resource key/mrk-*", {"Action": "kms:Decrypt", "Resource": f"arn:aws:kms:{region}:{account}:key/mrk-*"}),
            ("Resource key/*", {"Action": "kms:Decrypt", "Resource": f"arn:aws:kms:{region}:{account}:key/*"}),
            ("Resource kms region *", {"Action": "kms:Decrypt", "Resource": f"arn:aws:kms:*:{account}:key/abc"}),
            ("Resource account *", {"Action": "kms:Decrypt", "Resource": f"arn:aws:kms:{region}:*:key/abc"}),
            ("Resource arn:*", {"Action": "kms:Decrypt", "Resource": "arn:*:kms:*:*:*"}),
            (
                "Resource secret:?*",
                {
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": f"arn:aws:secretsmanager:{region}:{account}:secret:?*",
                },
            ),
            (
                "Resource secret:app/*",
                {
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": f"arn:aws:secretsmanager:{region}:{account}:secret:a*",
                },
            ),
            (
                "Resource * behind StringLike *",
                {"Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"aws:ResourceTag/team": "*"}}},
            ),
        ]
        for what, statement in grants:
            body = {"Sid": "Evasion", "Effect": "Allow", **statement}
            yield _changed(resources, index, "IAM identity", what, lambda r, b=body: _with_statement(r, "policy", b))


PUBLIC_PRINCIPALS = (
    ("Principal *", "*", None),
    ("Principal AWS *", {"AWS": "*"}, None),
    ("Principal AWS [*]", {"AWS": ["*"]}, None),
    ("Principal arn:aws:iam::*:root", {"AWS": "arn:aws:iam::*:root"}, None),
    ("Principal * + StringLike PrincipalAccount *", "*", {"StringLike": {"aws:PrincipalAccount": "*"}}),
    ("Principal * + StringNotEquals", "*", {"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}),
    ("Principal * + StringEqualsIfExists", "*", {"StringEqualsIfExists": {"aws:PrincipalAccount": "111122223333"}}),
    ("Principal * + ForAllValues", "*", {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}),
    ("Principal * + Null", "*", {"Null": {"aws:PrincipalAccount": "false"}}),
    ("Principal * + wildcard SourceArn", "*", {"ArnLike": {"aws:SourceArn": "arn:aws:*:*:*:*"}}),
    ("foreign account root", {"AWS": f"arn:aws:iam::{FOREIGN}:root"}, None),
    ("foreign account id", {"AWS": FOREIGN}, None),
)


def principal_evasions(resources: Sequence[Mapping[str, Any]]) -> Iterator[Mutation]:
    """Public, foreign and NotPrincipal grants in trust policies and resource policies."""
    for index, resource in enumerate(resources):
        inputs = resource.get("inputs") or {}
        if resource["type"] == "aws:iam/role:Role" and "assumeRolePolicy" in inputs:
            path, action, kind = "assumeRolePolicy", "sts:AssumeRole", "IAM trust"
        elif resource["type"] in RESOURCE_DOCUMENTS and inputs.get("policy"):
            path, action, kind = "policy", "*", "IAM resource policy"
        else:
            continue
        variants = [
            (what, {"Principal": principal, **({"Condition": condition} if condition else {})})
            for what, principal, condition in PUBLIC_PRINCIPALS
        ]
        variants.append(("NotPrincipal", {"NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}}))
        if kind == "IAM trust":
            variants += [
                ("OIDC without conditions", {"Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/x"}}),
                (
                    "OIDC with StringLike sub *",
                    {
                        "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/x"},
                        "Condition": {"StringLike": {"x:sub": "*", "x:aud": "sts.amazonaws.com"}},
                    },
                ),
                ("SAML without aud", {"Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/idp"}}),
                ("Cognito without amr", {"Principal": {"Federated": "cognito-identity.amazonaws.com"}}),
                (
                    "Pod Identity matching any SA",
                    {
                        "Principal": {"Service": "pods.eks.amazonaws.com"},
                        "Condition": {"StringLike": {"aws:RequestTag/kubernetes-service-account": "*"}},
                    },
                ),
            ]
        for what, statement in variants:
            body = {"Sid": "Evasion", "Effect": "Allow", "Action": action, **statement}
            yield _changed(resources, index, kind, what, lambda r, b=body, p=path: _with_statement(r, p, b))


OPEN_CIDRS: tuple[tuple[str, list[str], list[str]], ...] = (
    ("0.0.0.0/0", ["0.0.0.0/0"], []),
    ("0.0.0.1/0 (host bits)", ["0.0.0.1/0"], []),
    ("0.0.0.0/1 + 128.0.0.0/1", ["0.0.0.0/1", "128.0.0.0/1"], []),
    ("one public host", ["198.51.100.7/32"], []),
    ("not a CIDR", ["0.0.0.0/-1"], []),
    ("::/0", [], ["::/0"]),
    ("0:0:0:0:0:0:0:0/0", [], ["0:0:0:0:0:0:0:0/0"]),
    ("::ffff:0.0.0.0/96", [], ["::ffff:0.0.0.0/96"]),
    ("2000::/3", [], ["2000::/3"]),
)


SSH = 22


def _admits_the_internet(resource: Mapping[str, Any]) -> bool:
    inputs = resource.get("inputs", {})
    return inputs.get("cidrIpv4") == "0.0.0.0/0" or inputs.get("cidrIpv6") == "::/0"


def network_evasions(resources: Sequence[Mapping[str, Any]]) -> Iterator[Mutation]:
    """Internet ingress spelled every way, on security groups, ingress rules, the EKS endpoint, NetworkPolicies."""
    edit: Callable[..., Any]
    for index, resource in enumerate(resources):
        kind = resource["type"]
        for what, v4, v6 in OPEN_CIDRS:
            if kind == "aws:ec2/securityGroup:SecurityGroup":
                rule = {"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": v4, "ipv6CidrBlocks": v6}
                edit = lambda r, x=rule: r["inputs"].__setitem__("ingress", [*r["inputs"].get("ingress", []), x])  # noqa: E731
            elif kind == "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
                if len(v4) + len(v6) != 1:
                    continue
                key, value = ("cidrIpv4", v4[0]) if v4 else ("cidrIpv6", v6[0])
                change: dict[str, Any] = {key: value, "referencedSecurityGroupId": None}
                if _admits_the_internet(resource):
                    # A listed public load balancer rule already admits the internet on its one port: the
                    # evasion is the same range on another port.
                    change.update(fromPort=SSH, toPort=SSH)
                    what = f"{what} on port {SSH}"
                edit = lambda r, c=change: r["inputs"].update(c)  # noqa: E731
            elif kind == "aws:eks/cluster:Cluster":
                edit = lambda r, c=v4 + v6: r["inputs"]["vpcConfig"].update(  # noqa: E731
                    {"endpointPublicAccess": True, "publicAccessCidrs": c}
                )
            elif kind == NETWORK_POLICY:
                peers = [{"ipBlock": {"cidr": c}} for c in v4 + v6]
                edit = lambda r, p=peers: r["inputs"]["spec"].__setitem__(  # noqa: E731
                    "ingress", [*r["inputs"]["spec"].get("ingress", []), {"from": p}]
                )
            else:
                continue
            yield _changed(resources, index, "network", f"{what}", edit)
        if kind == NETWORK_POLICY:
            for what, peer_rule in (
                ("ingress rule without from", {"ports": [{"port": 8080}]}),
                ("empty peer {}", {"from": [{}]}),
                ("namespaceSelector {}", {"from": [{"namespaceSelector": {}}]}),
                ("namespaceSelector {} + podSelector {}", {"from": [{"namespaceSelector": {}, "podSelector": {}}]}),
            ):
                edit = lambda r, x=peer_rule: r["inputs"]["spec"].__setitem__(  # noqa: E731
                    "ingress", [*r["inputs"]["spec"].get("ingress", []), x]
                )
                yield _changed(resources, index, "network", what, edit)


DAILY_BREAKERS = (
    "cron(0 5 31 2 ? *)",
    "cron(0 5 30 2 ? *)",
    "cron(0 5 ? * * 2001)",
    "cron(0 5 ? * * 2199)",
    "cron(0 5 ? * MON-FRI *)",
    "cron(0 5 ? * 2 *)",
    "cron(0 5 1 * ? *)",
    "cron(0 5 L * ? *)",
    "rate(2 days)",
    "rate(25 hours)",
    "rate(1441 minutes)",
    "cron(0 5 * * * *)",
    "cron(0 5 ? * * * *)",
    "rate(1 days)",
)
ROTATION_BREAKERS = (
    {"scheduleExpression": "rate(91 days)"},
    {"scheduleExpression": "cron(0 0 1 1/6 ? *)"},
    {"scheduleExpression": "cron(0 0 1 * ? 2001)"},
    {"scheduleExpression": "cron(0 0 31 2 ? *)"},
    {"scheduleExpression": "cron(0 0 ? * 2#5 *)"},
    {"scheduleExpression": "rate(0 days)"},
    {"automaticallyAfterDays": 365},
    {"automaticallyAfterDays": 0},
)


def schedule_evasions(resources: Sequence[Mapping[str, Any]]) -> Iterator[Mutation]:
    """Backup and rotation schedules that never fire, fire too rarely, or are not schedules at all."""
    edit: Callable[..., Any]
    for index, resource in enumerate(resources):
        if resource["type"] == "aws:backup/plan:Plan":
            for number, _ in enumerate(resource["inputs"].get("rules", [])):
                for schedule in DAILY_BREAKERS:
                    edit = lambda r, n=number, s=schedule: r["inputs"]["rules"][n].__setitem__("schedule", s)  # noqa: E731
                    yield _changed(resources, index, "schedule", f"rules[{number}].schedule {schedule}", edit)
        elif resource["type"] == "aws:secretsmanager/secretRotation:SecretRotation":
            for rules in ROTATION_BREAKERS:
                edit = lambda r, x=rules: r["inputs"].__setitem__("rotationRules", dict(x))  # noqa: E731
                yield _changed(resources, index, "schedule", f"rotationRules {json.dumps(rules)}", edit)


# Companions whose place (region or cluster) decides whether they protect their resource.
RELOCATABLE = frozenset(
    {
        "aws:ec2/flowLog:FlowLog",
        "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
        "aws:backup/selection:Selection",
        "aws:backup/restoreTestingSelection:RestoreTestingSelection",
        "aws:secretsmanager/secretRotation:SecretRotation",
        "aws:eks/addon:Addon",
        "aws:ec2/launchTemplate:LaunchTemplate",
        "aws:rds/clusterParameterGroup:ClusterParameterGroup",
        "aws:rds/clusterInstance:ClusterInstance",
        "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
        "kubernetes:policy/v1:PodDisruptionBudget",
        NETWORK_POLICY,
    }
)


def relocations(resources: Sequence[Mapping[str, Any]]) -> Iterator[Mutation]:
    """Move a companion to the other region (pulumi-aws 7 `region` input) or the other cluster's provider."""
    regions = sorted({r["region"] for r in resources if r.get("region")})
    clusters = sorted({r["provider"] for r in resources if r["type"].startswith("kubernetes:") and r.get("provider")})
    for index, resource in enumerate(resources):
        if resource["type"] not in RELOCATABLE:
            continue
        if resource["type"].startswith("kubernetes:"):
            others = [c for c in clusters if c != resource.get("provider")]
            edit = lambda r, o=others: r.__setitem__("provider", o[0])  # noqa: E731
        else:
            others = [g for g in regions if g != resource.get("region")]
            edit = lambda r, o=others: r["inputs"].__setitem__("region", o[0])  # noqa: E731
        if others:
            yield _changed(resources, index, "relocation", "moved to the other region/cluster", edit)


def unreviewed_types(resources: Sequence[Mapping[str, Any]], sdk_types: Sequence[str]) -> Iterator[Mutation]:
    """One resource of every SDK type the pack has not reviewed, added to the plan (in the primary region)."""
    region = next((r["region"] for r in resources if r.get("region")), "us-east-1")
    for resource_type in sdk_types:
        if is_reviewed(resource_type):
            continue
        added: dict[str, Any] = {
            "type": resource_type,
            "name": f"intruder-{resource_type.rsplit(':', 1)[-1].lower()}",
            "inputs": {},
        }
        added["region"] = region
        yield Mutation("new type", added["name"], resource_type, _appended(added), frozenset({resource_type}))


BASELINE_TYPES = (
    "aws:kms/key:Key",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/flowLog:FlowLog",
    "aws:backup/plan:Plan",
    "aws:backup/vault:Vault",
    "aws:backup/selection:Selection",
)


def tampering(resources: Sequence[Mapping[str, Any]], stack: str, environment: str) -> Iterator[Mutation]:
    """A plan that lies about itself: relabelled, stripped of its baseline, or malformed."""
    for other in ("dev", "staging", "prod"):
        if other != environment:
            yield Mutation(
                "tampering", "<plan>", f"environment label {other}", list, frozenset(), {"environment": other}
            )
    yield Mutation("tampering", "<plan>", "stack label changed", list, frozenset(), {"stack": f"{stack}-other"})
    for resource_type in BASELINE_TYPES:
        yield Mutation(
            "tampering",
            "<plan>",
            f"every {resource_type} dropped",
            _without_type(resource_type),
            frozenset({resource_type}),
        )
    broken = (
        ("type removed", lambda r: r.pop("type")),
        ("inputs as a list", lambda r: r.__setitem__("inputs", [])),
        ("name as a number", lambda r: r.__setitem__("name", 7)),
        ("provider as an object", lambda r: r.__setitem__("provider", {})),
        ("duplicate URN", None),
    )
    for what, edit in broken:
        if edit is None:
            apply = lambda rs: [*rs, copy.deepcopy(rs[0])]  # noqa: E731
        else:
            first = copy.deepcopy(dict(resources[0]))
            edit(first)
            apply = replaced_at(0, first)
        yield Mutation("tampering", "<plan>", what, apply, frozenset({"<all>"}))
