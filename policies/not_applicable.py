"""Catalog rows (or parts of rows) the pack deliberately does not enforce, each with its reason.

`NOT_APPLICABLE` holds whole rows with no policy; `PARTIAL` documents the part of a mapped row that a
policy cannot check from a plan. Both are rendered into POLICIES.md.
"""

from collections.abc import Mapping

NOT_APPLICABLE: Mapping[str, str] = {}

PARTIAL: Mapping[str, str] = {
    "5": "The subnet tier is taken from the named DB subnet group (built over the isolated subnets by the "
    "network component); routing tables are not inspected.",
    "18": "Activity streams are checked when declared; their presence in prod is not required because they "
    "need provisioned (non-serverless, non-burstable) instance classes, which the database settings "
    "choose.",
    "26": "A plan cannot tell a literal auth token from one read from Secrets Manager; the rule requires "
    "RBAC or a token, and the cache component reads tokens from Secrets Manager.",
    "38": "Standard-support versions move: update eks-supported-version.supportedVersions in the policy "
    "config when EKS retires a version.",
    "42": "Availability zones are counted as the node group's subnets (one subnet per AZ in the network component).",
    "47": "Add-on versions must be pinned; whether a pinned version is the newest is not checked offline.",
    "54": "A rotation schedule is required; whether the rotation Lambda actually works is a runbook concern.",
    "64": "The logically air-gapped vault is optional in prod and not required by any policy.",
    "72": "Public ingress is allowed only on exactly TCP 443 and only for the security groups listed in "
    "ec2-no-public-ingress.publicHttps (public load balancers).",
}
