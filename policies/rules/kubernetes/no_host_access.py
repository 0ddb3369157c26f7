"""Pods share nothing with the node: no host namespaces, host ports or host paths."""

from collections.abc import Mapping

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES, containers, pod_spec
from policies.support.props import as_list, violation

NAME = "k8s-no-host-access"
DESCRIPTION = "Pods do not use hostPID, hostIPC, hostNetwork, hostPort or hostPath volumes."
SEVERITY = "critical"
CATEGORY = "NET"
CONTROLS = ("PSS baseline", "CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19", "CKV_K8S_26", "kube-linter host-mounts")
ROWS = ("K2",)
TYPES = WORKLOAD_TYPES
REMEDIATION = "Remove hostPID/hostIPC/hostNetwork, containers[].ports[].hostPort and hostPath volumes."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    path, spec = pod_spec(args.resource_type, args.props)
    for flag in ("hostPID", "hostIPC", "hostNetwork"):
        if spec.get(flag) is True:
            report_violation(violation(f"{path}.{flag}", True, "remove it"))
    for index, volume in enumerate(as_list(spec.get("volumes"))):
        if isinstance(volume, Mapping) and "hostPath" in volume:
            report_violation(
                violation(
                    f"{path}.volumes[{volume.get('name', index)}].hostPath",
                    volume["hostPath"],
                    "use emptyDir, a projected volume or a PVC",
                )
            )
    for cpath, container in containers(args.resource_type, args.props):
        for port in as_list(container.get("ports")):
            if isinstance(port, Mapping) and port.get("hostPort"):
                report_violation(violation(f"{cpath}.ports.hostPort", port["hostPort"], "remove it; use a Service"))
