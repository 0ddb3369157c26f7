"""One role per service account, and the node role holds no application permissions."""

from collections import defaultdict
from collections.abc import Mapping

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list
from policies.support.stack import label, of_type, referenced

NAME = "eks-pod-identity-isolation"
DESCRIPTION = (
    "Each Pod Identity role serves exactly one namespace/service account, and node roles carry no "
    "inline or customer policies (application permissions belong to pod roles)."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("custom: one role per service account",)
ROWS = ("40",)
ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
ROLE = "aws:iam/role:Role"
INLINE = "aws:iam/rolePolicy:RolePolicy"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
TYPES = frozenset({ASSOCIATION, NODE_GROUP, ROLE, INLINE, ATTACHMENT})
REMEDIATION = (
    "Create one IAM role per service account; grant the node role only the AWS-managed worker, CNI and "
    "ECR read-only policies."
)


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    users = defaultdict(set)
    for association in of_type(args.resources, ASSOCIATION):
        users[association.props.get("roleArn")].add(
            (association.props.get("namespace"), association.props.get("serviceAccount"))
        )
    for role_arn, accounts in users.items():
        if len(accounts) > 1:
            owner = next(a for a in of_type(args.resources, ASSOCIATION) if a.props.get("roleArn") == role_arn)
            report_violation(
                f"role {role_arn!r} serves {sorted(map(str, accounts))}; give each service account its own role",
                owner.urn,
            )
    node_arns = {g.props.get("nodeRoleArn") for g in of_type(args.resources, NODE_GROUP)}
    for role in of_type(args.resources, ROLE):
        if role.props.get("arn") not in node_arns:
            continue
        if role.props.get("arn") in users:
            report_violation(f"node role {label(role)} is also a Pod Identity role; use a dedicated role", role.urn)
        for policy in of_type(args.resources, INLINE):
            if referenced(policy.props.get("role"), role, "name"):
                report_violation(
                    f"{label(policy)} adds inline permissions to node role {role.name}; move them to a pod role",
                    policy.urn,
                )
        for attachment in of_type(args.resources, ATTACHMENT):
            arn = attachment.props.get("policyArn")
            if referenced(attachment.props.get("role"), role, "name") and ":iam::aws:policy/" not in str(arn):
                report_violation(
                    f"{label(attachment)} attaches customer policy {arn!r} to node role {role.name}; "
                    "move it to a pod role",
                    attachment.urn,
                )
        for index, inline in enumerate(as_list(role.props.get("inlinePolicies"))):
            if isinstance(inline, Mapping) and inline.get("policy"):
                report_violation(
                    f"node role {label(role)} inlinePolicies[{index}] grants permissions; move them to a pod role",
                    role.urn,
                )
