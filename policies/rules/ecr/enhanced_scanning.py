"""Images are scanned by Amazon Inspector: enhanced registry scanning, continuous for some repositories."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, violation

NAME = "ecr-enhanced-scanning"
DESCRIPTION = (
    "The ECR registry scanning configuration is ENHANCED with at least one CONTINUOUS_SCAN rule, and Amazon "
    "Inspector is enabled for ECR."
)
SEVERITY = "medium"
CATEGORY = "LOG"
CONTROLS = ("SH ECR.1", "SH Inspector.2")
ROWS = ("77", "X18")
SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"
ENABLER = "aws:inspector2/enabler:Enabler"
TYPES = frozenset({SCANNING, ENABLER})
REMEDIATION = (
    "Set scan_type='ENHANCED' with a CONTINUOUS_SCAN rule for the app's repositories, and enable Inspector "
    "(inspector2.Enabler resource_types including 'ECR')."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type == SCANNING:
        if get(args.props, "scanType") != "ENHANCED":
            report_violation(violation("scanType", get(args.props, "scanType"), "set it to 'ENHANCED'"))
        frequencies = [get(rule, "scanFrequency") for rule in as_list(get(args.props, "rules"))]
        if "CONTINUOUS_SCAN" not in frequencies:
            report_violation(violation("rules[].scanFrequency", frequencies, "add a CONTINUOUS_SCAN rule"))
    elif args.resource_type == ENABLER and "ECR" not in as_list(get(args.props, "resourceTypes")):
        report_violation(violation("resourceTypes", get(args.props, "resourceTypes"), "include 'ECR'"))
