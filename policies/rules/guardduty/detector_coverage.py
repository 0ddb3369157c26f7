"""Every GuardDuty detector is on and covers EKS, runtime, RDS logins and (where required) malware."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, get, setting
from policies.support.stack import label, of_type, referenced

NAME = "guardduty-detector-coverage"
DESCRIPTION = (
    "Every GuardDuty detector is enabled with the features EKS_AUDIT_LOGS, RUNTIME_MONITORING (or "
    "EKS_RUNTIME_MONITORING), RDS_LOGIN_EVENTS, S3_DATA_EVENTS and, where required, EBS_MALWARE_PROTECTION, "
    "each ENABLED."
)
SEVERITY = "high"
CATEGORY = "LOG"
CONTROLS = (
    "SH GuardDuty.1",
    "SH GuardDuty.5",
    "SH GuardDuty.7",
    "SH GuardDuty.8",
    "SH GuardDuty.9",
    "SH GuardDuty.10",
)
ROWS = ("48", "X16")
DETECTOR = "aws:guardduty/detector:Detector"
FEATURE = "aws:guardduty/detectorFeature:DetectorFeature"
TYPES = frozenset({DETECTOR, FEATURE})
REQUIRED = (
    ("EKS_AUDIT_LOGS",),
    ("RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"),
    ("RDS_LOGIN_EVENTS",),
    ("S3_DATA_EVENTS",),
)
MALWARE = ("EBS_MALWARE_PROTECTION",)
REMEDIATION = "Set enable=True and add a DetectorFeature(status='ENABLED') for each missing feature."
CONFIG = {
    "requireMalwareProtection": {
        "type": "boolean",
        "default": True,
        "description": "require EBS malware protection",
    },
}


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    required = [*REQUIRED, *((MALWARE,) if setting(args, CONFIG, "requireMalwareProtection") else ())]
    features = of_type(args.resources, FEATURE)
    for detector in of_type(args.resources, DETECTOR):
        enabled = {
            get(f.props, "name")
            for f in features
            if referenced(f.props.get("detectorId"), detector) and get(f.props, "status") == "ENABLED"
        }
        missing = [" or ".join(names) for names in required if not enabled & set(names)]
        problems = ([] if as_bool(detector.props.get("enable")) is not False else ["enable is false"]) + (
            [f"features not ENABLED: {missing}"] if missing else []
        )
        if problems:
            report_violation(
                f"{label(detector)}: {', '.join(problems)}; enable the detector and its features", detector.urn
            )
