"""Database instances present a current CA for TLS."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, setting, violation

NAME = "rds-ca-certificate"
DESCRIPTION = "RDS instances and Aurora cluster instances use a current certificate authority."
SEVERITY = "medium"
CATEGORY = "EiT"
CONTROLS = ("CKV_AWS_211", "custom: Aurora cluster instances")
ROWS = ("20",)
TYPES = frozenset({"aws:rds/clusterInstance:ClusterInstance", "aws:rds/instance:Instance"})
REMEDIATION = "Set ca_cert_identifier to a current CA, e.g. 'rds-ca-rsa2048-g1'."
CONFIG = {
    "allowedCas": {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
        "default": ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"],
        "description": "certificate authorities considered current",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    allowed = setting(args, CONFIG, "allowedCas")
    value = get(args.props, "caCertIdentifier")
    if value not in allowed:
        report_violation(violation("caCertIdentifier", value, f"set it to one of {allowed}"))
