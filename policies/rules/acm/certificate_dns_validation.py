"""Certificates ACM issues are validated by DNS, so they renew by themselves."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, violation

NAME = "acm-certificate-dns-validation"
DESCRIPTION = "ACM certificates requested from Amazon are validated by DNS (not e-mail), so renewal needs nobody."
SEVERITY = "medium"
CATEGORY = "EiT"
CONTROLS = ("custom: certificates renew without people",)
ROWS = ("78",)
TYPES = frozenset({"aws:acm/certificate:Certificate"})
REMEDIATION = "Set validation_method='DNS' and create the validation record in the zone (CertificateValidation)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    props = args.props
    if get(props, "certificateBody") is not None or get(props, "certificateAuthorityArn") is not None:
        return  # imported or private-CA certificates have no validation method
    method = get(props, "validationMethod")
    if method != "DNS":
        report_violation(violation("validationMethod", method, "set it to 'DNS'"))
