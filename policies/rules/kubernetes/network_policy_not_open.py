"""NetworkPolicy allows name their peers: no rule that admits everything, the whole cluster or the internet."""

from collections.abc import Mapping

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.network import public_part
from policies.support.props import as_list, get, violation

NAME = "k8s-network-policy-not-open"
DESCRIPTION = (
    "NetworkPolicy ingress/egress rules name their peers: no rule without from/to (every source), no empty "
    "peer, no namespaceSelector {} without a podSelector that narrows it (every pod of the cluster), no "
    "ipBlock reaching internet addresses (parsed as networks, any spelling)."
)
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("kube-linter non-isolated-pod", "custom: no effectively open NetworkPolicy")
ROWS = ("K18",)
TYPES = frozenset({"kubernetes:networking.k8s.io/v1:NetworkPolicy"})
REMEDIATION = (
    "Name the peers: a podSelector with labels (plus a labelled namespaceSelector for other namespaces) or a "
    "private ipBlock; egress to AWS APIs goes to the VPC endpoints' range."
)


def _empty(selector) -> bool:
    return isinstance(selector, Mapping) and not selector.get("matchLabels") and not selector.get("matchExpressions")


def _open_peers(peers) -> list[str]:
    if not as_list(peers):
        return ["every peer (no from/to)"]
    problems = []
    for peer in as_list(peers):
        if not isinstance(peer, Mapping) or not peer:
            problems.append("an empty peer {}")
            continue
        namespaces, pods = peer.get("namespaceSelector"), peer.get("podSelector")
        if _empty(namespaces) and (pods is None or _empty(pods)):
            problems.append("every pod of every namespace")
        block = peer.get("ipBlock")
        if isinstance(block, Mapping):
            public, invalid = public_part([block.get("cidr")])
            problems += [f"internet range {c}" for c in public] + [f"invalid range {c}" for c in invalid]
    return problems


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    for direction, peers_key in (("ingress", "from"), ("egress", "to")):
        for index, rule in enumerate(as_list(get(args.props, f"spec.{direction}"))):
            problems = _open_peers(rule.get(peers_key) if isinstance(rule, Mapping) else None)
            if problems:
                report_violation(
                    violation(f"spec.{direction}[{index}]", rule, f"it allows {', '.join(problems)}; name the peers")
                )
