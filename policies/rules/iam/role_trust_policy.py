"""Who may assume a role is narrow: no `*`, federated trust pinned to audience, Pod Identity to one SA."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import (
    finding,
    is_oidc_trust,
    is_pod_identity_trust,
    narrowed,
    pod_identity_unpinned,
    statements_of,
)

NAME = "iam-role-trust-policy"
DESCRIPTION = (
    "Role trust policies name no unconditioned wildcard principal and no NotPrincipal; federated trust "
    "(OIDC, SAML, Cognito) pins its audience (and OIDC its :sub, Cognito its amr) with positive operators "
    "and literal values; Pod Identity trust pins the cluster, namespace and service account."
)
SEVERITY = "critical"
CATEGORY = "LP"
CONTROLS = ("CKV_AWS_60", "CKV_AWS_61", "custom: scoped OIDC / Pod Identity trust")
ROWS = ("75", "40")
TYPES = frozenset({"aws:iam/role:Role"})
REMEDIATION = (
    "IRSA: Condition StringEquals {<issuer>:aud: 'sts.amazonaws.com', <issuer>:sub: "
    "'system:serviceaccount:<ns>:<sa>'}; Pod Identity: StringEquals on aws:RequestTag/eks-cluster-arn, "
    "kubernetes-namespace and kubernetes-service-account."
)
COGNITO = "cognito-identity.amazonaws.com"


def _federated_problem(statement) -> str | None:
    keys = statement.condition_keys()
    pinned = statement.narrowing(keys)
    needed = [":aud"] + ([":sub"] if is_oidc_trust(statement) else [])
    if COGNITO in statement.principal_values("Federated"):
        needed.append(":amr")
    missing = [suffix for suffix in needed if not any(k.endswith(suffix) for k in pinned)]
    if missing:
        return f"federated trust without a literal, positive condition on {missing}"
    return None


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    # An unreadable trust policy is reported by iam-policy-document-valid.
    for statement in statements_of(args.props, ("assumeRolePolicy",)):
        if not statement.allows:
            continue
        if statement.not_principal:
            report_violation(
                finding(statement, "Allow with NotPrincipal trusts everyone else", "name the principal", "NotPrincipal")
            )
        if statement.is_public() and not narrowed(statement):
            report_violation(
                finding(
                    statement,
                    "a wildcard principal without a narrowing condition",
                    "name the principal or pin aws:PrincipalAccount / aws:SourceArn",
                    "Principal",
                )
            )
        if statement.principal_values("Federated"):
            problem = _federated_problem(statement)
            if problem:
                report_violation(finding(statement, problem, "pin the audience and the subject", "Federated"))
        if is_pod_identity_trust(statement):
            unpinned = pod_identity_unpinned(statement)
            if unpinned:
                report_violation(
                    finding(
                        statement,
                        f"Pod Identity trust leaves {unpinned} open (no StringEquals on a literal value)",
                        "pin eks-cluster-arn, kubernetes-namespace and kubernetes-service-account",
                        "PodIdentity",
                    )
                )
