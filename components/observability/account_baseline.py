"""The account-level singletons of one region: threat detection, posture, image scanning, trace encryption.

AWS keeps one of each per account and region, so exactly one stack per account creates them (the
`observability.account_baseline.owner` setting); every other stack of the account declares that owner.

- GuardDuty: a detector with EKS audit-log monitoring, runtime monitoring of the EKS nodes (GuardDuty
  manages its security agent add-on), RDS login activity, S3 data events and, where asked, malware
  scans of EBS volumes.
- Security Hub: AWS Foundational Security Best Practices and CIS, consolidated control findings (the
  same control IDs as the policy pack cites), no AWS-chosen default standards.
- Amazon Inspector enhanced scanning of ECR images: the app's repositories on push and continuously.
- X-Ray encrypts traces with the region's logs CMK.
- High-severity findings of the three services go to the region's alerts topic.
- The region's Application Signals log group, created encrypted before any agent writes to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.observability.alarms import AlarmRoute
from components.observability.event_routes import HIGH_SEVERITY_FINDINGS, route_events
from components.reference.container_insights import APPLICATION_SIGNALS_LOG_GROUP
from components.reference.guardduty import (
    EBS_MALWARE_PROTECTION,
    EKS_ADDON_MANAGEMENT,
    EKS_AUDIT_LOGS,
    FINDINGS_FREQUENCY,
    RDS_LOGIN_EVENTS,
    RUNTIME_MONITORING,
    S3_DATA_EVENTS,
)
from components.reference.security_hub import CONSOLIDATED_FINDINGS, STANDARDS, Standard, standards_arn
from components.support.logs import encrypted_log_group

# Detector features always on; EBS malware protection is optional (it launches scans on findings).
BASE_FEATURES = (EKS_AUDIT_LOGS, RDS_LOGIN_EVENTS, S3_DATA_EVENTS)


@dataclass(frozen=True, kw_only=True)
class AccountBaselineArgs:
    """Inputs for `AccountBaseline`.

    Attributes:
        account_id: The account.
        region: The region (of the provider).
        route: The region's alerts topic and alarm prefix (findings are routed there).
        logs_kms_key_arn: The region's logs CMK (X-Ray traces, the Application Signals log group).
        log_retention_days: Retention of the Application Signals log group.
        repository_prefix: ECR repositories `<prefix>/*` get continuous scanning.
        standards: Security Hub standards. Default: fsbp and cis
        cis_version: CIS benchmark version. Default: "3.0.0"
        malware_protection: GuardDuty EBS malware protection. Default: true
    """

    account_id: pulumi.Input[str]
    region: str
    route: AlarmRoute
    logs_kms_key_arn: pulumi.Input[str]
    log_retention_days: int
    repository_prefix: str
    standards: Sequence[Standard] = STANDARDS
    cis_version: str = "3.0.0"
    malware_protection: bool = True

    def __post_init__(self) -> None:
        unknown = sorted(set(self.standards) - set(STANDARDS))
        if unknown:
            raise ValueError(f"AccountBaselineArgs.standards: unknown {unknown}; allowed: {list(STANDARDS)}")
        standards_arn("cis", region=self.region, cis_version=self.cis_version)  # refuses an unknown version


class AccountBaseline(pulumi.ComponentResource):
    """GuardDuty, Security Hub, Inspector / ECR scanning and X-Ray encryption of one account and region."""

    detector_id: pulumi.Output[str]
    detector_features: tuple[str, ...]  # every feature the detector enables (`bulkhead verify` checks them)
    security_hub_arn: pulumi.Output[str]
    standards_arns: tuple[str, ...]  # the standards the hub subscribes

    def __init__(self, name: str, args: AccountBaselineArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:observability:AccountBaseline", name, None, opts)
        self._name, self._args = name, args
        detector = self._create_guardduty()
        hub = self._create_security_hub()
        self._create_image_scanning()
        aws.xray.EncryptionConfig(
            f"{name}-xray-encryption", type="KMS", key_id=args.logs_kms_key_arn, opts=self._child()
        )
        encrypted_log_group(
            f"{name}-application-signals-logs",
            log_group_name=APPLICATION_SIGNALS_LOG_GROUP,
            kms_key_arn=args.logs_kms_key_arn,
            retention_days=args.log_retention_days,
            parent=self,
        )
        for route in HIGH_SEVERITY_FINDINGS:
            route_events(f"{name}-{route.what}", route, args.route, parent=self)
        self.detector_id = detector.id
        self.security_hub_arn = hub.arn
        self.register_outputs({"detector_id": self.detector_id, "security_hub_arn": self.security_hub_arn})

    def _child(self, **kwargs) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self, **kwargs)

    def _create_guardduty(self) -> aws.guardduty.Detector:
        name, args = self._name, self._args
        # Features are managed one by one (DetectorFeature); the detector's legacy `datasources` stay unset.
        detector = aws.guardduty.Detector(
            f"{name}-guardduty", enable=True, finding_publishing_frequency=FINDINGS_FREQUENCY, opts=self._child()
        )
        features = [*BASE_FEATURES, *((EBS_MALWARE_PROTECTION,) if args.malware_protection else ())]
        self.detector_features = (*features, RUNTIME_MONITORING)
        for feature in features:
            aws.guardduty.DetectorFeature(
                f"{name}-guardduty-{feature.lower().replace('_', '-')}",
                detector_id=detector.id,
                name=feature,
                status="ENABLED",
                opts=self._child(),
            )
        # Runtime monitoring of the EKS nodes, with GuardDuty managing its agent add-on on every cluster.
        aws.guardduty.DetectorFeature(
            f"{name}-guardduty-runtime-monitoring",
            detector_id=detector.id,
            name=RUNTIME_MONITORING,
            status="ENABLED",
            additional_configurations=[
                aws.guardduty.DetectorFeatureAdditionalConfigurationArgs(name=EKS_ADDON_MANAGEMENT, status="ENABLED")
            ],
            opts=self._child(),
        )
        return detector

    def _create_security_hub(self) -> aws.securityhub.Account:
        name, args = self._name, self._args
        hub = aws.securityhub.Account(
            f"{name}-security-hub",
            enable_default_standards=False,
            control_finding_generator=CONSOLIDATED_FINDINGS,
            auto_enable_controls=True,
            opts=self._child(),
        )
        self.standards_arns = tuple(
            standards_arn(standard, region=args.region, cis_version=args.cis_version) for standard in args.standards
        )
        for standard, arn in zip(args.standards, self.standards_arns, strict=True):
            aws.securityhub.StandardsSubscription(
                f"{name}-standard-{standard}", standards_arn=arn, opts=self._child(depends_on=[hub])
            )
        return hub

    def _create_image_scanning(self) -> aws.inspector2.Enabler:
        name, args = self._name, self._args
        inspector = aws.inspector2.Enabler(
            f"{name}-inspector", account_ids=[args.account_id], resource_types=["ECR"], opts=self._child()
        )
        aws.ecr.RegistryScanningConfiguration(
            f"{name}-registry-scanning",
            scan_type="ENHANCED",
            rules=[
                aws.ecr.RegistryScanningConfigurationRuleArgs(
                    scan_frequency="CONTINUOUS_SCAN",
                    repository_filters=[
                        aws.ecr.RegistryScanningConfigurationRuleRepositoryFilterArgs(
                            filter=f"{args.repository_prefix}/*", filter_type="WILDCARD"
                        )
                    ],
                ),
                # Every other repository of the registry is scanned when an image is pushed.
                aws.ecr.RegistryScanningConfigurationRuleArgs(
                    scan_frequency="SCAN_ON_PUSH",
                    repository_filters=[
                        aws.ecr.RegistryScanningConfigurationRuleRepositoryFilterArgs(
                            filter="*", filter_type="WILDCARD"
                        )
                    ],
                ),
            ],
            # Enhanced scanning is Inspector's: it must be on for ECR before the registry switches to it.
            opts=self._child(depends_on=[inspector]),
        )
        return inspector
