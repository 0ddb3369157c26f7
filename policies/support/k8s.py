"""Kubernetes manifests as pulumi-kubernetes sends them: pod specs, containers, label selectors."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from policies.support.props import as_list, get
from policies.support.stack import of_type, place

# Where each pod-bearing kind keeps its pod spec. Other API versions, `*List` and `*Patch` types are not
# reviewed at all, so resource-type-reviewed refuses them instead of letting a pod spec go unread.
POD_SPEC_PATHS: Mapping[str, str] = {
    "kubernetes:apps/v1:Deployment": "spec.template.spec",
    "kubernetes:apps/v1:StatefulSet": "spec.template.spec",
    "kubernetes:apps/v1:DaemonSet": "spec.template.spec",
    "kubernetes:apps/v1:ReplicaSet": "spec.template.spec",
    "kubernetes:core/v1:ReplicationController": "spec.template.spec",
    "kubernetes:batch/v1:Job": "spec.template.spec",
    "kubernetes:batch/v1:CronJob": "spec.jobTemplate.spec.template.spec",
    "kubernetes:core/v1:PodTemplate": "template.spec",
    "kubernetes:core/v1:Pod": "spec",
}
WORKLOAD_TYPES = frozenset(POD_SPEC_PATHS)
# Long-running, replicated workloads (spread, replicas, disruption budgets apply).
REPLICATED_TYPES = frozenset({"kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet"})
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"


def pod_spec(resource_type: str, props: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    path = POD_SPEC_PATHS[resource_type]
    spec = get(props, path)
    return path, spec if isinstance(spec, Mapping) else {}


def containers(
    resource_type: str, props: Mapping[str, Any], lists: tuple[str, ...] = CONTAINER_LISTS
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(path, container) for every container, init container and ephemeral container."""
    path, spec = pod_spec(resource_type, props)
    for kind in lists:
        for index, container in enumerate(as_list(spec.get(kind))):
            if isinstance(container, Mapping):
                name = container.get("name", index)
                yield f"{path}.{kind}[{name}]", container


def each_container(
    args: Any,
    report: Callable[..., None],
    check: Callable[[str, Mapping[str, Any], Mapping[str, Any]], list[str]],
    lists: tuple[str, ...] = CONTAINER_LISTS,
) -> None:
    """Run `check(path, container, pod_spec)` on every container of a workload; report each message."""
    if args.resource_type not in WORKLOAD_TYPES:
        return
    _, spec = pod_spec(args.resource_type, args.props)
    for path, container in containers(args.resource_type, args.props, lists):
        for message in check(path, container, spec):
            report(message)


def effective(container: Mapping[str, Any], spec: Mapping[str, Any], key: str) -> Any:
    """A securityContext field: the container's value wins over the pod's."""
    value = get(container, f"securityContext.{key}")
    return get(spec, f"securityContext.{key}") if value is None else value


def namespace_of(props: Mapping[str, Any]) -> str:
    return get(props, "metadata.namespace") or "default"


def template_labels(resource_type: str, props: Mapping[str, Any]) -> Mapping[str, Any]:
    template = POD_SPEC_PATHS[resource_type][: -len("spec")]  # "spec.template.", "template." or "" for a Pod
    labels = get(props, f"{template}metadata.labels")
    return labels if isinstance(labels, Mapping) else {}


def selector_matches(selector: Any, labels: Mapping[str, Any]) -> bool:
    """Kubernetes label-selector semantics; an empty selector selects every pod."""
    if not isinstance(selector, Mapping):
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in as_list(selector.get("matchExpressions")):
        key, operator = expression.get("key"), expression.get("operator")
        values = as_list(expression.get("values"))
        present = key in labels
        if (
            operator == "In"
            and labels.get(key) not in values
            or operator == "NotIn"
            and present
            and labels.get(key) in values
            or operator == "Exists"
            and not present
            or operator == "DoesNotExist"
            and present
        ):
            return False
    return True


def workload_name(resource: Any) -> str:
    """metadata.name, or the Pulumi resource name when pulumi-kubernetes auto-names the object."""
    return get(resource.props, "metadata.name") or resource.name


def by_namespace(resources: Iterable[Any], *types: str) -> Mapping[tuple[tuple[str, str], str], list[Any]]:
    """Objects of `types` grouped by cluster and namespace, each group in the order given.

    Rules look objects up per workload in this index rather than scanning the stack for each workload,
    so their cost grows with the number of objects, not its square.
    """
    groups: dict[tuple[tuple[str, str], str], list[Any]] = defaultdict(list)
    for resource in of_type(resources, *types):
        groups[(place(resource), namespace_of(resource.props))].append(resource)
    return groups


def beside(groups: Mapping[tuple[tuple[str, str], str], list[Any]], workload: Any) -> list[Any]:
    """The indexed objects in the workload's cluster and namespace."""
    return groups.get((place(workload), namespace_of(workload.props)), [])


def selecting(groups: Mapping[tuple[tuple[str, str], str], list[Any]], workload: Any, selector_path: str) -> list[Any]:
    """Indexed objects (`by_namespace`) beside the workload whose selector matches its pods."""
    labels = template_labels(workload.resource_type, workload.props)
    return [r for r in beside(groups, workload) if selector_matches(get(r.props, selector_path), labels)]
