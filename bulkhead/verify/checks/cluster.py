"""EKS: each cluster (the primary and a warm standby's) with a private API endpoint, Kubernetes
secrets encrypted with the cluster key, every control-plane log on, access through the declared
access entries only, and deletion protection where declared."""

from __future__ import annotations

from bulkhead.runbooks.aws import call, paginate
from bulkhead.verify import reads
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, failed, passed, verdict_of
from bulkhead.verify.outputs import CLUSTER_KEY, ClusterOutput, VerifyOutputs

ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
# Entry types EKS creates for node roles (managed node groups, Fargate, hybrid nodes): they map a
# role to the nodes' groups and carry no access policy. Any STANDARD entry must be a declared admin.
NODE_ENTRY_TYPES = frozenset({"EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "HYBRID_LINUX", "EC2"})


def _clusters(outputs: VerifyOutputs) -> Targets:
    return [Target(c.label, c) for c in outputs.clusters] or "no EKS cluster in the outputs"


def _endpoint(ctx: Context, cluster: ClusterOutput) -> Verdict:
    vpc = reads.eks_cluster(ctx, cluster.region, cluster.name).get("resourcesVpcConfig", {})
    problems = []
    if not vpc.get("endpointPrivateAccess"):
        problems.append("the private endpoint is off (nodes and the in-VPC runner reach the API over the internet)")
    public = bool(vpc.get("endpointPublicAccess"))
    if public and not cluster.public_access_cidrs:
        problems.append(f"the public endpoint is on from {vpc.get('publicAccessCidrs')}, the stack declared it off")
    elif public:
        extra = sorted(set(vpc.get("publicAccessCidrs") or []) - set(cluster.public_access_cidrs))
        if extra:
            problems.append(f"the public endpoint admits {extra}, beyond the declared {cluster.public_access_cidrs}")
    seen = f"public from {cluster.public_access_cidrs} only" if public else "private only"
    return verdict_of(problems, f"API endpoint {seen}")


def _secrets_encryption(ctx: Context, cluster: ClusterOutput) -> Verdict:
    configs = reads.eks_cluster(ctx, cluster.region, cluster.name).get("encryptionConfig") or []
    keys = [c.get("provider", {}).get("keyArn") for c in configs if "secrets" in (c.get("resources") or [])]
    if not keys:
        return failed("Kubernetes secrets have no envelope encryption")
    mismatch = reads.key_mismatch("Kubernetes secrets", keys[0], cluster.kms_key_arn, CLUSTER_KEY)
    return verdict_of([mismatch] if mismatch else [], "Kubernetes secrets encrypted with the cluster key")


def _logging(ctx: Context, cluster: ClusterOutput) -> Verdict:
    logging = reads.eks_cluster(ctx, cluster.region, cluster.name).get("logging", {}).get("clusterLogging") or []
    enabled = {kind for entry in logging if entry.get("enabled") for kind in entry.get("types") or []}
    missing = [kind for kind in cluster.log_types if kind not in enabled]
    problems = [f"control-plane log types off: {missing}"] if missing else []
    return verdict_of(problems, f"control-plane logs on: {sorted(enabled)}")


def _access_entries(ctx: Context, cluster: ClusterOutput) -> Verdict:
    mode = reads.eks_cluster(ctx, cluster.region, cluster.name).get("accessConfig", {}).get("authenticationMode")
    problems = [] if mode == "API" else [f"authentication mode is {mode!r}, expected 'API' (no aws-auth ConfigMap)"]
    client = ctx.clients("eks", cluster.region)
    principals = paginate(client, "list_access_entries", "accessEntries", clusterName=cluster.name)
    # The runner applies the Kubernetes layer with cluster-admin (docs/layers.md): declared like an admin.
    declared = {*cluster.admin_role_arns, ctx.outputs.runner_of(cluster).role_arn}
    for principal in principals:
        entry = call(client, "describe_access_entry", clusterName=cluster.name, principalArn=principal)
        kind = entry.get("accessEntry", {}).get("type")
        if principal not in declared and kind not in NODE_ENTRY_TYPES:
            problems.append(f"undeclared access entry {principal} (type {kind})")
    for admin in sorted(declared):
        if admin not in principals:
            problems.append(f"declared admin {admin} has no access entry")
            continue
        policies = paginate(
            client,
            "list_associated_access_policies",
            "associatedAccessPolicies",
            clusterName=cluster.name,
            principalArn=admin,
        )
        if not any(
            p.get("policyArn") == ADMIN_POLICY and p.get("accessScope", {}).get("type") == "cluster" for p in policies
        ):
            problems.append(f"declared admin {admin} lacks AmazonEKSClusterAdminPolicy at cluster scope")
    return verdict_of(
        problems,
        (
            f"authentication mode API; {len(cluster.admin_role_arns)} declared admin(s) and the runner, "
            "nothing else but nodes"
        ),
    )


def _deletion_protection(ctx: Context, cluster: ClusterOutput) -> Verdict:
    if not ctx.outputs.declared.deletion_protection:
        return passed("not declared for this environment (deletion_protection: false)")
    on = reads.eks_cluster(ctx, cluster.region, cluster.name).get("deletionProtection")
    return verdict_of([] if on else ["deletion protection is off"], "deletion protection on")


CHECKS = (
    Check(
        id="cluster.endpoint",
        title="The Kubernetes API endpoint is private, public only from the declared CIDRs (none in staging, prod)",
        calls=("eks:DescribeCluster",),
        policies=("eks-private-endpoint", "eks-public-access-cidrs"),
        targets=_clusters,
        run=_endpoint,
    ),
    Check(
        id="cluster.secrets-encryption",
        title="Kubernetes secrets are envelope-encrypted with the cluster key of the cluster's region",
        calls=("eks:DescribeCluster",),
        policies=("eks-secrets-encryption",),
        targets=_clusters,
        run=_secrets_encryption,
    ),
    Check(
        id="cluster.logging",
        title="Every declared control-plane log type is on",
        calls=("eks:DescribeCluster",),
        policies=("eks-control-plane-logging",),
        targets=_clusters,
        run=_logging,
    ),
    Check(
        id="cluster.access-entries",
        title=(
            "Access goes through access entries only: declared admins and the runner with cluster-admin, "
            "node roles, nothing else"
        ),
        calls=(
            "eks:DescribeCluster",
            "eks:ListAccessEntries",
            "eks:DescribeAccessEntry",
            "eks:ListAssociatedAccessPolicies",
        ),
        policies=("eks-access-entries",),
        targets=_clusters,
        run=_access_entries,
    ),
    Check(
        id="cluster.deletion-protection",
        title="Each cluster has deletion protection where the stack declares it",
        calls=("eks:DescribeCluster",),
        policies=("eks-deletion-protection",),
        targets=_clusters,
        run=_deletion_protection,
    ),
)
