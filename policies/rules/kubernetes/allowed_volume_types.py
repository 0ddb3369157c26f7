"""Pods mount only the volume types the restricted profile allows."""

from collections.abc import Mapping

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES, pod_spec
from policies.support.props import as_list, violation

NAME = "k8s-allowed-volume-types"
DESCRIPTION = (
    "Pod volumes are only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("PSS restricted",)
ROWS = ("K7",)
TYPES = WORKLOAD_TYPES
REMEDIATION = "Replace other volume types with one of the allowed ones (a PVC or CSI driver for storage)."
ALLOWED = frozenset(
    {
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "persistentVolumeClaim",
        "projected",
        "secret",
    }
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    path, spec = pod_spec(args.resource_type, args.props)
    for index, volume in enumerate(as_list(spec.get("volumes"))):
        kinds = sorted(set(volume) - {"name"}) if isinstance(volume, Mapping) else []
        bad = [k for k in kinds if k not in ALLOWED]
        if bad:
            report_violation(
                violation(f"{path}.volumes[{volume.get('name', index)}]", bad, f"use one of {sorted(ALLOWED)}")
            )
