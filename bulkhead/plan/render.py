"""The human-readable preview of a plan: resource tree by component, counts per type and per region."""

from __future__ import annotations

from bulkhead.plan.model import Plan, ResourceRecord

STACK_REFERENCE = "pulumi:pulumi:StackReference"


def account_baseline_owner(plan: Plan) -> str | None:
    """Who owns the account's trail, detectors and hubs: this stack, or the stack it references."""
    baseline = plan.outputs.get("account_baseline")
    if not isinstance(baseline, dict):
        return None
    owner = baseline.get("owned_by") or "an unnamed stack"
    if plan.of_type(STACK_REFERENCE):
        return f"owned by {owner} (declared through a stack reference)"
    return f"owned by this stack ({owner})"


def render_text(plan: Plan) -> str:
    lines = [
        f"Bulkhead plan: stack {plan.stack} ({plan.environment}), primary {plan.region}"
        + (f", DR {plan.dr_region}" if plan.dr_region else ", no DR region"),
    ]
    owner = account_baseline_owner(plan)
    if owner:
        lines.append(f"Account baseline (trail, GuardDuty, Security Hub, image scanning): {owner}")
    lines += ["", "Resources by component:"]
    lines.extend(_tree(plan))
    lines += ["", "Resources per type:"]
    for resource_type, count in sorted(plan.count_by_type().items()):
        lines.append(f"  {count:4d}  {resource_type}")
    lines += ["", "Resources per region:"]
    for region, count in sorted(plan.count_by_region().items()):
        lines.append(f"  {count:4d}  {region}")
    lines += ["", f"{plan.resource_count} resources in {plan.component_count} components."]
    return "\n".join(lines)


def _tree(plan: Plan) -> list[str]:
    """Components with their resources; top-level custom resources (providers) listed first."""
    children: dict[str | None, list[ResourceRecord]] = {}
    for record in plan.resources:
        children.setdefault(record.parent, []).append(record)
    urns = {record.urn for record in plan.resources}
    roots = [record for record in plan.resources if record.parent not in urns]
    lines: list[str] = []

    def walk(record: ResourceRecord, depth: int) -> None:
        marker = "+" if record.is_component else "-"
        region = f" [{record.region}]" if record.region else ""
        protect = " (protected)" if record.protect else ""
        lines.append(f"{'  ' * (depth + 1)}{marker} {record.type} {record.name}{region}{protect}")
        for child in children.get(record.urn, []):
            walk(child, depth + 1)

    for root in sorted(roots, key=lambda record: (record.is_component, record.name)):
        walk(root, 0)
    return lines


def render_markdown(plan: Plan) -> str:
    """A compact summary for a pull-request comment: counts per type and region, no full tree."""
    dr = f", DR `{plan.dr_region}`" if plan.dr_region else ", no DR region"
    lines = [
        f"## Bulkhead plan: `{plan.stack}` ({plan.environment})",
        "",
        f"Primary `{plan.region}`{dr}; {plan.resource_count} resources.",
        *([f"Account baseline: {account_baseline_owner(plan)}."] if account_baseline_owner(plan) else []),
        "",
        "| resources | type |",
        "|---:|---|",
    ]
    lines += [f"| {count} | `{resource_type}` |" for resource_type, count in sorted(plan.count_by_type().items())]
    lines += ["", "| resources | region |", "|---:|---|"]
    lines += [f"| {count} | `{region}` |" for region, count in sorted(plan.count_by_region().items())]
    return "\n".join(lines)
