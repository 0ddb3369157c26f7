"""Parameter groups force TLS explicitly, whatever the engine version's default."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.rds import tls_problem

NAME = "rds-parameter-group-force-ssl"
DESCRIPTION = "DB parameter groups set rds.force_ssl=1 (MySQL: require_secure_transport=1) explicitly."
SEVERITY = "high"
CATEGORY = "EiT"
CONTROLS = ("SH RDS.38", "CKV2_AWS_69", "custom: Aurora cluster parameter group")
ROWS = ("19",)
TYPES = frozenset({"aws:rds/parameterGroup:ParameterGroup", "aws:rds/clusterParameterGroup:ClusterParameterGroup"})
REMEDIATION = "Add parameter {name: 'rds.force_ssl', value: '1'} (MySQL: require_secure_transport=1)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        problem = tls_problem(args.resource_type, args.props)
        if problem:
            report_violation(problem)
