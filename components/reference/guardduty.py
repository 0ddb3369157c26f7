"""GuardDuty detector features: the names `DetectorFeature.name` takes and `GetDetector` reports back.

Source (read 2026-11): GuardDuty API `UpdateDetector` / `GetDetector` (`DetectorFeatureConfiguration.Name`,
`DetectorAdditionalConfiguration.Name`) and the pulumi-aws `guardduty.DetectorFeature` docs.
"""

from __future__ import annotations

EKS_AUDIT_LOGS = "EKS_AUDIT_LOGS"
RDS_LOGIN_EVENTS = "RDS_LOGIN_EVENTS"
S3_DATA_EVENTS = "S3_DATA_EVENTS"
RUNTIME_MONITORING = "RUNTIME_MONITORING"
EBS_MALWARE_PROTECTION = "EBS_MALWARE_PROTECTION"
# An additional configuration of RUNTIME_MONITORING: GuardDuty manages its security agent add-on on EKS.
EKS_ADDON_MANAGEMENT = "EKS_ADDON_MANAGEMENT"
# How often updated findings are exported (to EventBridge, hence the alerts topic): the shortest period.
FINDINGS_FREQUENCY = "FIFTEEN_MINUTES"
