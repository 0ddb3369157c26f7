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

from policies.support.iam_kb import manages_permissions, resource_prefixes
from policies.support.props import Violation, as_list, get, is_sequence, keyed

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
    "aws:s3/bucket:Bucket": ("policy",),
    "aws:opensearch/domain:Domain": ("accessPolicies",),
    "aws:opensearch/domainPolicy:DomainPolicy": ("accessPolicies",),
}
# Privilege escalation: every IAM action of the Permissions management level (from the knowledge base),
# plus the IAM writes that mint credentials or roles (access level Write, effect admin).
CREDENTIAL_ACTIONS = (
    "iam:AddUserToGroup",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreateRole",
    "iam:UpdateLoginProfile",
    "organizations:LeaveOrganization",
)
# Condition keys that pin *who* may act (resource policies with Principal "*", trust policies).
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
# Operators whose match requires the key's value to equal (or match) the literal.
_POSITIVE = frozenset({"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"})
_ACCOUNT = re.compile(r"^\d{12}$")
ACCOUNT_KEYS = frozenset(
    {"aws:principalaccount", "aws:sourceaccount", "aws:resourceaccount", "kms:calleraccount", "aws:sourceowner"}
)
ORG_KEYS = frozenset({"aws:principalorgid", "aws:sourceorgid", "aws:resourceorgid"})
_ORG = re.compile(r"^o-[a-z0-9]{10,32}$")
_WILDCARD = re.compile(r"[*?]")


def operator_narrows(operator: str) -> bool:
    """A condition operator that can only be satisfied by a present, matching value.

    `...IfExists` passes when the key is absent, `ForAllValues:` passes on an empty set, negated
    operators (StringNotEquals, ArnNotLike) admit everything else, and Null / Bool test presence only.
    """
    name = operator.lower()
    if name.endswith("ifexists") or name.startswith("forallvalues:"):
        return False
    name = name.removeprefix("foranyvalue:")
    return name in _POSITIVE


def value_narrows(key: str, value: Any) -> bool:
    """A literal that names one account, organization, ARN or value (no wildcard where identity lies)."""
    if not isinstance(value, str) or not value.strip():
        return False
    key = key.lower()
    if key in ACCOUNT_KEYS:
        return bool(_ACCOUNT.match(value))
    if key in ORG_KEYS:
        return bool(_ORG.match(value))
    if value.startswith("arn:"):
        parts = value.split(":", 5)
        # Wildcards may only follow a literal partition, service and account.
        return len(parts) == 6 and not any(_WILDCARD.search(p) for p in parts[:3] + parts[4:5]) and bool(parts[4])
    return not _WILDCARD.search(value)


@dataclass(frozen=True)
class Statement:
    where: str  # "policy Statement[1] (Sid 'ReadSecrets')"
    body: Mapping[str, Any]
    path: str = "policy"  # the property holding the document

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

    def narrowing(self, keys: frozenset[str] | set[str]) -> set[str]:
        """The keys among `keys` that a condition of this statement pins to literal values."""
        pinned = set()
        for operator, block in self.conditions.items():
            if not isinstance(block, Mapping) or not operator_narrows(str(operator)):
                continue
            for key, values in block.items():
                values = as_list(values)
                if key.lower() in keys and values and all(value_narrows(key, v) for v in values):
                    pinned.add(key.lower())
        return pinned

    def narrowed_by_prefix(self, prefix: str) -> bool:
        """A condition pins some key starting with `prefix` (aws:ResourceTag/...) to literal values."""
        keys = {key.lower() for key in self.condition_keys() if key.lower().startswith(prefix)}
        return bool(keys) and bool(self.narrowing(keys))

    def principal_values(self, kind: str | None = None) -> list[str]:
        principal = self.body.get("Principal")
        if principal == "*":
            return ["*"]
        if not isinstance(principal, Mapping):
            return []
        kinds = [kind] if kind else list(principal)
        return [str(v) for k in kinds for v in as_list(principal.get(k))]

    def is_public(self) -> bool:
        """Principal "*", {"AWS": "*"} or any wildcard spelling of an account principal."""
        return any(_WILDCARD.search(v) for v in self.principal_values())

    @property
    def not_principal(self) -> bool:
        return self.body.get("NotPrincipal") is not None

    @property
    def key(self) -> str:
        """Stable within a document: the path and the Sid (or index when there is no Sid)."""
        return f"{self.path}#{self.body['Sid']}" if self.body.get("Sid") else self.where


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
                    yield Statement(f"{where} Statement[{index}]{sid}", body, where)


def identity_statements(resource_type: str, props: Mapping[str, Any]) -> Iterator[Statement]:
    return statements_of(props, IDENTITY_DOCUMENTS.get(resource_type, ()))


def resource_statements(resource_type: str, props: Mapping[str, Any]) -> Iterator[Statement]:
    return statements_of(props, RESOURCE_DOCUMENTS.get(resource_type, ()))


def covers(pattern: str, action: str) -> bool:
    """Whether an Action entry (possibly wildcarded) grants `action`; IAM actions are case-insensitive."""
    return fnmatchcase(action.lower(), pattern.lower())


def is_wildcard_resource(resource: str) -> bool:
    """Whether a Resource entry can match resources beyond one named resource (and its children).

    A wildcard is bounded only when a literal partition, service, region and account are followed by
    the resource type's literal prefix (from the knowledge base: `key/`, `secret:`, `nodegroup/`) and a
    complete literal name ending at a `/` or `:` boundary (`bucket/*`, `log-group:G:log-stream:*`,
    `nodegroup/cluster/*/*`). So `*`, `key/mrk-*`, `secret:?*`, `arn:aws:s3:::*/*` are wildcards; a
    Secrets Manager ARN ending in the documented random suffix `-??????` is exact.
    """
    if not _WILDCARD.search(resource):
        return False
    parts = resource.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn" or any(_WILDCARD.search(p) for p in parts[1:5]):
        return True
    service, tail = parts[2], parts[5]
    if service == "secretsmanager" and re.fullmatch(r"secret:[^*?]+-\?{6}", tail):
        return False
    for prefix in resource_prefixes(service):
        if tail.startswith(prefix) and not _WILDCARD.search(prefix):
            literal = _WILDCARD.split(tail[len(prefix) :], maxsplit=1)[0]
            return not re.search(r"[^/:][/:]", literal)
    return True


def narrowed(statement: Statement) -> bool:
    return bool(statement.narrowing(PRINCIPAL_NARROWING_KEYS))


def finding(statement: Statement, problem: str, fix: str, detail: str | None = None, value: Any = None) -> Violation:
    """A statement finding keyed by the statement (and `detail`, e.g. the action), for exact exemptions."""
    key = f"{statement.key}:{detail}" if detail else statement.key
    return keyed(f"{statement.where}: {problem}; {fix}", key, value)


def escalations(action: str) -> list[str]:
    """The privilege-escalation actions an Action entry grants (wildcards expanded by the knowledge base)."""
    granted = [a for a in CREDENTIAL_ACTIONS if covers(action, a)]
    if action.lower().split(":", 1)[0] in ("iam", "organizations"):
        granted += manages_permissions(action)
    return granted


# EKS Pod Identity tags each session; conditions on these tags (or on the source) pin the trust.
POD_IDENTITY = "pods.eks.amazonaws.com"
# A Pod Identity trust is pinned when a condition names the cluster, the namespace and the service account.
POD_IDENTITY_PINS = (
    frozenset({"aws:requesttag/eks-cluster-arn", "aws:sourcearn"}),
    frozenset({"aws:requesttag/kubernetes-namespace"}),
    frozenset({"aws:requesttag/kubernetes-service-account"}),
)


def is_oidc_trust(statement: Statement) -> bool:
    return any("oidc-provider/" in p for p in statement.principal_values("Federated"))


def is_pod_identity_trust(statement: Statement) -> bool:
    return POD_IDENTITY in statement.principal_values("Service")


def pod_identity_unpinned(statement: Statement) -> list[str]:
    """Which of cluster / namespace / service account a Pod Identity trust leaves open."""
    names = ("cluster", "namespace", "service account")
    return [name for name, keys in zip(names, POD_IDENTITY_PINS, strict=True) if not statement.narrowing(keys)]


def trusted_namespaces(statement: Statement) -> set[str]:
    """Kubernetes namespaces a workload trust statement is pinned to ("*" when a condition matches any)."""
    namespaces = set()
    for operator, block in statement.conditions.items():
        for key, value in block.items() if isinstance(block, Mapping) else ():
            for item in as_list(value):
                text = str(item)
                if key.lower() == "aws:requesttag/kubernetes-namespace":
                    namespace = text
                elif key.lower().endswith(":sub") and text.startswith("system:serviceaccount:"):
                    namespace = text.split(":")[2]
                else:
                    continue
                unpinned = not operator_narrows(str(operator)) or _WILDCARD.search(namespace)
                namespaces.add("*" if unpinned else namespace)
    return namespaces
