"""The human-readable preview of a plan, layer by layer (the AWS layer, then each cluster's Kubernetes
layer): resource tree by component, counts per type and per region, and what becomes irreversible once
applied."""

from __future__ import annotations

from collections import Counter

from bulkhead.plan.model import LayerRun, Plan, ResourceRecord

VAULT_LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
OBJECT_LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration"
STACK_REFERENCE = "pulumi:pulumi:StackReference"


def project_of(record: ResourceRecord) -> str:
    """`urn:pulumi:<stack>::<project>::...` -> the project."""
    return record.urn.split("::")[1]


def records_of(plan: Plan, run: LayerRun) -> list[ResourceRecord]:
    return [record for record in plan.resources if project_of(record) == run.project]


def heading(run: LayerRun) -> str:
    if run.layer == "aws":
        return f"AWS layer (project {run.project}, applied from anywhere with AWS credentials)"
    return f"Kubernetes layer (project {run.project}, {run.cluster} cluster, applied by its in-VPC runner)"


def irreversible(plan: Plan) -> list[str]:
    """What a `pulumi up` of this plan makes permanent: compliance-mode vault locks after their grace time."""
    return [
        f"backup vault {lock.inputs.get('backupVaultName')} [{lock.region}]: vault lock in compliance mode becomes "
        f"immutable {lock.inputs.get('changeableForDays')} days after it is created; from then on nobody, not even "
        f"the account root, can remove the lock, shorten retention ({lock.inputs.get('minRetentionDays')}-"
        f"{lock.inputs.get('maxRetentionDays')} days) or delete a recovery point before it expires (docs/dr.md)"
        for lock in plan.of_type(VAULT_LOCK)
    ] + [
        f"bucket {lock.inputs.get('bucket')} [{lock.region}]: S3 Object Lock in compliance mode keeps every object "
        f"version for {lock.inputs['rule']['defaultRetention'].get('days')} days; nobody, not even the account root, "
        "can delete it or shorten its retention before then, and the bucket cannot be deleted while it holds one "
        "(docs/observability.md)"
        for lock in plan.of_type(OBJECT_LOCK)
        if (lock.inputs.get("rule") or {}).get("defaultRetention", {}).get("mode") == "COMPLIANCE"
    ]


def account_baseline_owner(plan: Plan) -> str | None:
    """Who owns the account's trail, detectors and hubs: this stack, or the stack it references."""
    baseline = plan.outputs.get("account_baseline")
    if not isinstance(baseline, dict):
        return None
    owner = baseline.get("owned_by") or "an unnamed stack"
    # The Kubernetes layers reference the AWS layer too: only the AWS layer's reference declares an owner.
    if any(reference.layer == "aws" for reference in plan.of_type(STACK_REFERENCE)):
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
    for run in plan.layers:
        records = records_of(plan, run)
        custom = [record for record in records if record.custom]
        lines += ["", f"{heading(run)}: {len(custom)} resources", "", "  Resources by component:"]
        lines.extend(_tree(records))
        lines += ["", "  Resources per type:"]
        for resource_type, count in sorted(Counter(r.type for r in custom).items()):
            lines.append(f"    {count:4d}  {resource_type}")
        lines += ["", "  Resources per region:"]
        for region, count in sorted(Counter(r.region or "(none)" for r in custom).items()):
            lines.append(f"    {count:4d}  {region}")
    notices = irreversible(plan)
    if notices:
        lines += ["", "Irreversible once applied:", *(f"  - {notice}" for notice in notices)]
    lines += [
        "",
        f"{plan.resource_count} resources in {plan.component_count} components, over {len(plan.layers)} program(s).",
    ]
    return "\n".join(lines)


def _tree(records: list[ResourceRecord]) -> list[str]:
    """Components with their resources; top-level custom resources (providers) listed first."""
    children: dict[str | None, list[ResourceRecord]] = {}
    for record in records:
        children.setdefault(record.parent, []).append(record)
    urns = {record.urn for record in records}
    roots = [record for record in records if record.parent not in urns]
    lines: list[str] = []

    def walk(record: ResourceRecord, depth: int) -> None:
        marker = "+" if record.is_component else "-"
        region = f" [{record.region}]" if record.region else ""
        protect = " (protected)" if record.protect else ""
        lines.append(f"{'  ' * (depth + 2)}{marker} {record.type} {record.name}{region}{protect}")
        for child in children.get(record.urn, []):
            walk(child, depth + 1)

    for root in sorted(roots, key=lambda record: (record.is_component, record.name)):
        walk(root, 0)
    return lines


def render_markdown(plan: Plan) -> str:
    """A compact summary for a pull-request comment: counts per type and region for each layer."""
    dr = f", DR `{plan.dr_region}`" if plan.dr_region else ", no DR region"
    lines = [
        f"## Bulkhead plan: `{plan.stack}` ({plan.environment})",
        "",
        f"Primary `{plan.region}`{dr}; {plan.resource_count} resources over {len(plan.layers)} program(s).",
        *([f"Account baseline: {account_baseline_owner(plan)}."] if account_baseline_owner(plan) else []),
    ]
    for run in plan.layers:
        custom = [record for record in records_of(plan, run) if record.custom]
        lines += ["", f"### {heading(run)}: {len(custom)} resources", "", "| resources | type |", "|---:|---|"]
        lines += [f"| {count} | `{kind}` |" for kind, count in sorted(Counter(r.type for r in custom).items())]
        lines += ["", "| resources | region |", "|---:|---|"]
        lines += [
            f"| {count} | `{region}` |"
            for region, count in sorted(Counter(r.region or "(none)" for r in custom).items())
        ]
    notices = irreversible(plan)
    if notices:
        lines += ["", "**Irreversible once applied:**", "", *(f"- {notice}" for notice in notices)]
    return "\n".join(lines)
