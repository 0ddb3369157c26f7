"""OpenSearch domains live in the VPC, never on a public endpoint."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_set

NAME = "opensearch-domain-private"
DESCRIPTION = "OpenSearch domains are placed in VPC subnets (no public endpoint)."
SEVERITY = "critical"
CATEGORY = "NET"
CONTROLS = ("SH Opensearch.2", "CKV_AWS_248")
ROWS = ("X6",)
TYPES = frozenset({"aws:opensearch/domain:Domain"})
REMEDIATION = "Set vpc_options={subnet_ids: <isolated subnets>, security_group_ids: [...]}."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_set(args.props, report_violation, "vpcOptions.subnetIds", "the isolated subnets")
