"""Who may assume a role is narrow: no `*`, OIDC pinned to aud and sub, Pod Identity to cluster/account."""

from policies.support.iam import (
    POD_IDENTITY_KEYS,
    finding,
    is_oidc_trust,
    is_pod_identity_trust,
    narrowed,
    statements_of,
)

NAME = "iam-role-trust-policy"
DESCRIPTION = (
    "Role trust policies name no unconditioned '*' principal; OIDC (IRSA) trust pins :aud and :sub with "
    "StringEquals; Pod Identity trust is conditioned on the cluster/service-account session tags "
    "or the source."
)
SEVERITY = "critical"
CATEGORY = "LP"
CONTROLS = ("CKV_AWS_60", "CKV_AWS_61", "custom: scoped OIDC / Pod Identity trust")
ROWS = ("75", "40")
TYPES = frozenset({"aws:iam/role:Role"})
REMEDIATION = (
    "IRSA: Condition StringEquals {<issuer>:aud: 'sts.amazonaws.com', <issuer>:sub: "
    "'system:serviceaccount:<ns>:<sa>'}; Pod Identity: Condition StringEquals on "
    "aws:RequestTag/eks-cluster-arn, "
    "kubernetes-namespace and kubernetes-service-account (or aws:SourceAccount / aws:SourceArn)."
)


def _oidc_problem(statement) -> str | None:
    equals = {k.lower(): v for k, v in (statement.conditions.get("StringEquals") or {}).items()}
    missing = [suffix for suffix in (":aud", ":sub") if not any(k.endswith(suffix) for k in equals)]
    if missing:
        return f"OIDC trust without StringEquals on {missing}"
    if any("*" in str(v) for k, v in equals.items() if k.endswith(":sub")):
        return "OIDC trust with a wildcard :sub"
    return None


def validate(args, report_violation):
    if args.resource_type not in TYPES:
        return
    # An unreadable trust policy is reported by iam-policy-document-valid.
    for statement in statements_of(args.props, ("assumeRolePolicy",)):
        if not statement.allows:
            continue
        if statement.is_public() and not narrowed(statement):
            report_violation(
                finding(
                    statement,
                    "Principal '*' without a narrowing condition",
                    "name the principal or add aws:PrincipalAccount/aws:SourceArn",
                )
            )
        if is_oidc_trust(statement) and _oidc_problem(statement):
            report_violation(finding(statement, _oidc_problem(statement), "pin the audience and the service account"))
        if is_pod_identity_trust(statement) and not POD_IDENTITY_KEYS & statement.condition_keys():
            report_violation(
                finding(
                    statement,
                    "Pod Identity trust without a cluster/service-account condition",
                    "condition it on the eks-cluster-arn and service-account session tags",
                )
            )
