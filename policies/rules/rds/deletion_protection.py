"""Databases cannot be deleted by accident where the environment requires it."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import deletion_protection_required, require_true, setting

NAME = "rds-deletion-protection"
DESCRIPTION = "RDS instances and Aurora clusters enable deletion protection (per environment)."
SEVERITY = "high"
CATEGORY = "BDR"
CONTROLS = ("SH RDS.7", "SH RDS.8", "CKV_AWS_139", "CKV_AWS_293", "NAG RDS10")
ROWS = ("9",)
TYPES = frozenset({"aws:rds/cluster:Cluster", "aws:rds/instance:Instance"})
REMEDIATION = "Set deletion_protection=True (and Pulumi protect=True on data stores in prod)."
CONFIG = {"required": deletion_protection_required()}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES and setting(args, CONFIG, "required"):
        require_true(args.props, report_violation, "deletionProtection")
