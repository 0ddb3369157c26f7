"""The Kubernetes layer's program: the Kubernetes objects of one cluster, applied from inside its VPC.

Run as one of the projects under infra/kubernetes/ (one per cluster: `primary`, and `standby` with a
warm standby), by the in-VPC runner, for the same stack name as the AWS layer. It reads the same stack
file, and what only the AWS layer knows (the cluster's endpoint and CA, the subnets, each workload's
Pod Identity role, where the data lives) from the AWS layer's `kubernetes` output through a
StackReference. It creates no AWS resource.
"""

from __future__ import annotations

import pulumi

from infra.layers import KUBERNETES_OUTPUT, aws_project_name, cluster_facts_of, cluster_role_of, settings_or_stop
from infra.wiring.workloads import build_workloads


def aws_stack_name() -> str:
    """The AWS layer's stack of the same name: `<organization>/<project>/<stack>`."""
    return f"{pulumi.get_organization()}/{aws_project_name()}/{pulumi.get_stack()}"


def main() -> None:
    settings = settings_or_stop()
    role = cluster_role_of(pulumi.get_project())
    if settings.cluster is None:
        raise pulumi.RunError("invalid stack settings: the stack has no `cluster:` section, so no Kubernetes layer")
    if role == "standby" and settings.dr.standby is None:
        raise pulumi.RunError("invalid stack settings: the standby cluster's layer needs `dr.standby` (warm-standby)")
    aws_stack = aws_stack_name()
    reference = pulumi.StackReference("aws-layer", stack_name=aws_stack)
    facts = cluster_facts_of(reference.require_output(KUBERNETES_OUTPUT), role, aws_stack)
    build_workloads(settings, role=role, facts=facts, aws_stack=aws_stack)
