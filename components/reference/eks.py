"""Kubernetes versions in EKS standard support.

Source: the Amazon EKS Kubernetes release calendar (docs.aws.amazon.com/eks/latest/userguide/
kubernetes-versions.html), as summarised in docs/platform.md "Versions"; read 2026-11-29. EKS gives each
minor 14 months of standard support from its EKS release, then 12 months of paid extended support.
A minor leaves this table on its end date (the policy pack's `eks-supported-version` default list is
kept in step).
"""

from __future__ import annotations

from datetime import date

TABLE_DATE = date(2026, 11, 29)
# minor -> (EKS release, end of standard support)
STANDARD_SUPPORT: dict[str, tuple[date, date]] = {
    "1.34": (date(2025, 10, 2), date(2026, 12, 2)),
    "1.35": (date(2026, 1, 27), date(2027, 3, 27)),
    "1.36": (date(2026, 6, 2), date(2027, 8, 2)),
}


def kubernetes_version_problem(value: str) -> str | None:
    """Why `value` is not a Kubernetes minor in EKS standard support, or None."""
    if value in STANDARD_SUPPORT:
        return None
    return (
        f"must be a Kubernetes minor in EKS standard support as of {TABLE_DATE}: "
        f"{', '.join(sorted(STANDARD_SUPPORT))} (components/reference/eks.py)"
    )
