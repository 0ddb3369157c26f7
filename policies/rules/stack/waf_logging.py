"""Every web ACL logs what it sees."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.stack import label, of_type, referenced

NAME = "wafv2-web-acl-logging"
DESCRIPTION = "Every WAF web ACL has a logging configuration."
SEVERITY = "medium"
CATEGORY = "LOG"
CONTROLS = ("SH WAF.11", "CKV2_AWS_31")
ROWS = ("78",)
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
TYPES = frozenset({WEB_ACL, LOGGING})
REMEDIATION = "Add aws.wafv2.WebAclLoggingConfiguration(resource_arn=<web ACL ARN>, log_destination_configs=[...])."


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    logging = of_type(args.resources, LOGGING)
    for acl in of_type(args.resources, WEB_ACL):
        if not any(referenced(config.props.get("resourceArn"), acl) for config in logging):
            report_violation(f"{label(acl)} has no WebAclLoggingConfiguration; log it (with redaction)", acl.urn)
