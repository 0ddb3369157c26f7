"""Only the blueprint's front door exposes Services outside the cluster."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, setting, violation

NAME = "k8s-service-exposure"
DESCRIPTION = (
    "Services of type LoadBalancer or NodePort, or with externalIPs, carry the label bulkhead.io/front-door "
    "naming a front door listed in the policy config (frontDoors); every other Service stays ClusterIP."
)
SEVERITY = "critical"
CATEGORY = "NET"
CONTROLS = ("CKV_K8S_103 analogue", "custom: exposure only through the front door")
ROWS = ("X11",)
TYPES = frozenset({"kubernetes:core/v1:Service"})
LABEL = "bulkhead.io/front-door"
REMEDIATION = (
    f"Keep the Service ClusterIP and reach it through the front door; a front door's own Services carry "
    f"metadata.labels['{LABEL}']=<door> and the door is listed in frontDoors."
)
CONFIG = {
    "frontDoors": {
        "type": "array",
        "items": {"type": "string", "pattern": "^[^*?\\[\\]]+$"},
        "default": [],
        "description": f"front doors (values of the {LABEL} label) allowed to expose Services",
    },
    "frontDoorTypes": {
        "type": "array",
        "items": {"type": "string", "enum": ["NodePort", "LoadBalancer"]},
        "default": ["NodePort"],
        "description": "Service types a listed front door may use (the blueprint's ALB reaches NodePorts)",
    },
}
EXPOSED_TYPES = ("LoadBalancer", "NodePort")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    kind = get(args.props, "spec.type")
    external = as_list(get(args.props, "spec.externalIPs"))
    if kind not in EXPOSED_TYPES and not external:
        return
    door = (get(args.props, "metadata.labels") or {}).get(LABEL)
    if door in setting(args, CONFIG, "frontDoors"):
        # A listed door exposes its Services only the way it routes to them: no provisioned load balancer
        # of its own, no address outside the door.
        allowed = setting(args, CONFIG, "frontDoorTypes")
        if kind in EXPOSED_TYPES and kind not in allowed:
            report_violation(violation("spec.type", kind, f"a front-door Service must be one of {allowed}"))
        if external:
            report_violation(
                violation("spec.externalIPs", list(external), "remove them; traffic enters through the door")
            )
        return
    what = f"type {kind}" if kind in EXPOSED_TYPES else f"externalIPs {list(external)}"
    report_violation(
        violation(
            "spec.type" if kind in EXPOSED_TYPES else "spec.externalIPs",
            kind if kind in EXPOSED_TYPES else list(external),
            f"{what} exposes it outside the cluster and {LABEL}={door!r} is not a listed front door; "
            "use ClusterIP behind the front door",
        )
    )
