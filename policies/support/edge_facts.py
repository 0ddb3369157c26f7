"""What AWS accepts for the front door, as far as the pack enforces it.

These tables live in the pack's folder because `pulumi policy publish` uploads that folder alone;
components/reference/edge.py re-exports them for settings and components. Sources checked 2026-11.
"""

from __future__ import annotations

# ELB User Guide, "Security policies for your Application Load Balancer": the policies whose names
# start with ELBSecurityPolicy-TLS13 offer TLS 1.3; "PQ" adds hybrid post-quantum key exchange (ML-KEM),
# "Res" restricts TLS 1.2 to the strongest AEAD suites, "1-3" refuses TLS 1.2, FIPS uses FIPS modules.
TLS13_POLICIES = (
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
)
# ELB User Guide, "Enable access logs for your Application Load Balancer": the bucket must be in the
# load balancer's region, and "the only server-side encryption option that's supported is Amazon
# S3-managed keys (SSE-S3)". The bucket policy grants the regional ELB account (regions available
# before August 2022) or, in newer regions, the log delivery service principal.
ALB_ACCESS_LOG_SSE_ALGORITHM = "AES256"
ELB_LOG_DELIVERY_SERVICE_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com"
ELB_LOG_DELIVERY_ACCOUNTS = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-south-1": "718504428378",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "eu-south-1": "635631232127",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
}
