"""Security Hub standards: their ARNs, which differ in form by standard and version.

Sources (read 2026-11): Security Hub API `BatchEnableStandards` / `DescribeStandards`, and the standards
table of the pulumi-aws `securityhub.StandardsSubscription` docs. The AWS Foundational Security Best
Practices and CIS v1.4.0+ standards are regional (`arn:<partition>:securityhub:<region>::standards/...`);
CIS v1.2.0 predates that form and keeps a region-less `ruleset` ARN.
"""

from __future__ import annotations

from typing import Literal

Standard = Literal["fsbp", "cis"]
STANDARDS: tuple[Standard, ...] = ("fsbp", "cis")
FSBP_VERSION = "1.0.0"
CIS_VERSIONS = ("1.2.0", "1.4.0", "3.0.0", "5.0.0")
DEFAULT_CIS_VERSION = "3.0.0"
# `ControlFindingGenerator`: one finding per control across standards (the security control IDs the pack cites).
CONSOLIDATED_FINDINGS = "SECURITY_CONTROL"
_PATHS = {"fsbp": "aws-foundational-security-best-practices", "cis": "cis-aws-foundations-benchmark"}


def standards_arn(
    standard: Standard, *, region: str, partition: str = "aws", cis_version: str = DEFAULT_CIS_VERSION
) -> str:
    """The ARN `StandardsSubscription.standards_arn` takes for `standard` in `region`."""
    if standard not in _PATHS:
        raise ValueError(f"unknown Security Hub standard {standard!r}; allowed: {list(STANDARDS)}")
    if standard == "fsbp":
        return f"arn:{partition}:securityhub:{region}::standards/{_PATHS['fsbp']}/v/{FSBP_VERSION}"
    if cis_version not in CIS_VERSIONS:
        raise ValueError(f"unknown CIS benchmark version {cis_version!r}; allowed: {list(CIS_VERSIONS)}")
    if cis_version == "1.2.0":
        return f"arn:{partition}:securityhub:::ruleset/{_PATHS['cis']}/v/{cis_version}"
    return f"arn:{partition}:securityhub:{region}::standards/{_PATHS['cis']}/v/{cis_version}"
