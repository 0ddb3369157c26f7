"""IAM documents as the engine sends them (JSON strings, sometimes dicts), split into statements.

Every analysis yields one finding per offending statement or action, so an exemption can target a
single finding (cdk-nag style) and a report names exactly what to change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from policies.support.props import as_list, get, is_sequence

# Identity policies and where their documents live on each resource type.
IDENTITY_DOCUMENTS: Mapping[str, tuple[str, ...]] = {
    "aws:iam/policy:Policy": ("policy",),
    "aws:iam/rolePolicy:RolePolicy": ("policy",),
    "aws:iam/userPolicy:UserPolicy": ("policy",),
    "aws:iam/groupPolicy:GroupPolicy": ("policy",),
    "aws:iam/role:Role": ("inlinePolicies.*.policy",),
}
# Resource policies (who may use this resource).
RESOURCE_DOCUMENTS: Mapping[str, tuple[str, ...]] = {
    "aws:kms/key:Key": ("policy",),
    "aws:kms/replicaKey:ReplicaKey": ("policy",),
    "aws:secretsmanager/secret:Secret": ("policy",),
    "aws:secretsmanager/secretPolicy:SecretPolicy": ("policy",),
    "aws:sqs/queue:Queue": ("policy",),
    "aws:sqs/queuePolicy:QueuePolicy": ("policy",),
    "aws:s3/bucketPolicy:BucketPolicy": ("policy",),
    "aws:ecr/repositoryPolicy:RepositoryPolicy": ("policy",),
    "aws:backup/vaultPolicy:VaultPolicy": ("policy",),
    "aws:sns/topicPolicy:TopicPolicy": ("policy",),
    "aws:sns/topic:Topic": ("policy",),
}
_TYPE_WILDCARD = re.compile(
    r"(key|alias|role|user|group|policy|instance-profile|oidc-provider|secret|repository|cluster|db"
    r"|table|function|log-group|topic|queue|backup-vault|parameter)[/:]\*"
)

# Actions that let a principal grant itself more (privilege escalation) or act as an administrator.
ADMIN_EQUIVALENT_ACTIONS = (
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreatePolicyVersion",
    "iam:CreateRole",
    "iam:DeleteRolePermissionsBoundary",
    "iam:PutGroupPolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateLoginProfile",
    "organizations:LeaveOrganization",
)
# Condition keys that actually narrow who a `*` principal can be.
PRINCIPAL_NARROWING_KEYS = frozenset(
    k.lower()
    for k in (
        "aws:PrincipalAccount",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalArn",
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SourceOwner",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceOrgID",
        "kms:CallerAccount",
        "kms:ViaService",
        "aws:userid",
    )
)


@dataclass(frozen=True)
class Statement:
    where: str  # "policy Statement[1] (Sid 'ReadSecrets')"
    body: Mapping[str, Any]

    @property
    def allows(self) -> bool:
        return self.body.get("Effect") == "Allow"

    @property
    def actions(self) -> list[str]:
        return [str(a) for a in as_list(self.body.get("Action"))]

    @property
    def resources(self) -> list[str]:
        return [str(r) for r in as_list(self.body.get("Resource"))]

    @property
    def conditions(self) -> Mapping[str, Mapping[str, Any]]:
        value = self.body.get("Condition")
        return value if isinstance(value, Mapping) else {}

    def condition_keys(self) -> set[str]:
        return {key.lower() for block in self.conditions.values() if isinstance(block, Mapping) for key in block}

    def principal_values(self, kind: str | None = None) -> list[str]:
        principal = self.body.get("Principal")
        if principal == "*":
            return ["*"]
        if not isinstance(principal, Mapping):
            return []
        kinds = [kind] if kind else list(principal)
        return [str(v) for k in kinds for v in as_list(principal.get(k))]

    def is_public(self) -> bool:
        return "*" in self.principal_values()


def parse(value: Any) -> tuple[Mapping[str, Any] | None, str | None]:
    """The document, or an error phrase when it is absent or not an IAM policy."""
    if isinstance(value, Mapping):
        doc = value
    elif isinstance(value, str) and value.strip():
        try:
            doc = json.loads(value)
        except json.JSONDecodeError as exc:
            return None, f"is not valid JSON ({exc.msg})"
    else:
        return None, "is absent"
    statements = doc.get("Statement") if isinstance(doc, Mapping) else None
    if not (isinstance(statements, Mapping) or is_sequence(statements)):
        return None, "has no Statement list"
    return doc, None


def _documents_at(props: Mapping[str, Any], path: str) -> Iterator[tuple[str, Any]]:
    if ".*." not in path:
        value = get(props, path)
        if value is not None:
            yield path, value
        return
    head, tail = path.split(".*.", 1)
    for index, item in enumerate(as_list(get(props, head))):
        if isinstance(item, Mapping) and item.get(tail) is not None:
            yield f"{head}[{index}].{tail}", item[tail]


def statements_of(props: Mapping[str, Any], paths: tuple[str, ...]) -> Iterator[Statement]:
    """All parseable statements under `paths`; unparseable documents are another rule's finding."""
    for path in paths:
        for where, value in _documents_at(props, path):
            doc, _ = parse(value)
            if doc is None:
                continue
            for index, body in enumerate(as_list(doc["Statement"])):
                if isinstance(body, Mapping):
                    sid = f" (Sid {body['Sid']!r})" if body.get("Sid") else ""
                    yield Statement(f"{where} Statement[{index}]{sid}", body)


def identity_statements(resource_type: str, props: Mapping[str, Any]) -> Iterator[Statement]:
    return statements_of(props, IDENTITY_DOCUMENTS.get(resource_type, ()))


def resource_statements(resource_type: str, props: Mapping[str, Any]) -> Iterator[Statement]:
    return statements_of(props, RESOURCE_DOCUMENTS.get(resource_type, ()))


def covers(pattern: str, action: str) -> bool:
    """Whether an Action entry (possibly wildcarded) grants `action`; IAM actions are case-insensitive."""
    return fnmatchcase(action.lower(), pattern.lower())


def is_wildcard_resource(resource: str) -> bool:
    """`*`, or an ARN naming every resource of a type (`arn:aws:s3:::*`, `...:key/*`, `...:secret:*`)."""
    if resource == "*":
        return True
    tail = resource.split(":", 5)[-1] if resource.startswith("arn:") else resource
    return tail == "*" or _TYPE_WILDCARD.fullmatch(tail) is not None


def narrowed(statement: Statement) -> bool:
    return bool(statement.condition_keys() & PRINCIPAL_NARROWING_KEYS)


def finding(statement: Statement, problem: str, fix: str) -> str:
    return f"{statement.where}: {problem}; {fix}"


# EKS Pod Identity tags each session; conditions on these tags (or on the source) pin the trust.
POD_IDENTITY = "pods.eks.amazonaws.com"
POD_IDENTITY_KEYS = frozenset(
    {
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:requesttag/eks-cluster-arn",
        "aws:requesttag/kubernetes-namespace",
        "aws:requesttag/kubernetes-service-account",
    }
)


def is_oidc_trust(statement: Statement) -> bool:
    return any("oidc-provider/" in p for p in statement.principal_values("Federated"))


def is_pod_identity_trust(statement: Statement) -> bool:
    return POD_IDENTITY in statement.principal_values("Service")


def trusted_namespaces(statement: Statement) -> set[str]:
    """Kubernetes namespaces a workload trust statement is pinned to (empty when unpinned)."""
    namespaces = set()
    for block in statement.conditions.values():
        for key, value in block.items() if isinstance(block, Mapping) else ():
            for item in as_list(value):
                if key.lower() == "aws:requesttag/kubernetes-namespace":
                    namespaces.add(str(item))
                elif key.lower().endswith(":sub") and str(item).startswith("system:serviceaccount:"):
                    namespaces.add(str(item).split(":")[2])
    return namespaces
