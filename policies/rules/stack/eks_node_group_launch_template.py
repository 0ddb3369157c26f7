"""Node groups boot from the stack's hardened launch template (IMDSv2, encrypted volumes, no public IP)."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, keyed, plain
from policies.support.stack import label, linked, of_type

NAME = "eks-node-group-launch-template"
DESCRIPTION = (
    "Every EKS managed node group names a launch template of this stack in its own region (whose hardening "
    "the ec2-launch-template-* policies check), never the EKS default template."
)
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("custom: hardened node launch template",)
ROWS = ("44", "45", "46")
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
TYPES = frozenset({NODE_GROUP, TEMPLATE})
REMEDIATION = "Pass launch_template={id: <hardened template id>, version: <its latest version>} to the node group."


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    templates = of_type(args.resources, TEMPLATE)
    for group in of_type(args.resources, NODE_GROUP):
        ref = get(group.props, "launchTemplate") or {}
        named = ref.get("id") or ref.get("name")
        if not any(linked(group, named, t, "name") for t in templates):
            report_violation(
                keyed(
                    f"{label(group)} launchTemplate {plain(ref) or None!r} is not a launch template of this stack "
                    "in its region; use the hardened template",
                    "launchTemplate",
                    plain(ref) or None,
                ),
                group.urn,
            )
