"""OpenSearch domains speak TLS 1.2+ to clients and between nodes."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, require_true, violation

NAME = "opensearch-domain-tls"
DESCRIPTION = "OpenSearch domains enforce HTTPS with a TLS 1.2+ policy and encrypt node-to-node traffic."
SEVERITY = "high"
CATEGORY = "EiT"
CONTROLS = ("SH Opensearch.3", "SH Opensearch.8", "CKV_AWS_6", "CKV_AWS_228")
ROWS = ("X6",)
TYPES = frozenset({"aws:opensearch/domain:Domain"})
REMEDIATION = (
    "Set node_to_node_encryption={enabled: True} and domain_endpoint_options={enforce_https: True, "
    "tls_security_policy: 'Policy-Min-TLS-1-2-PFS-2023-10'}."
)
TLS_POLICIES = ("Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    require_true(args.props, report_violation, "nodeToNodeEncryption.enabled")
    require_true(args.props, report_violation, "domainEndpointOptions.enforceHttps")
    policy = get(args.props, "domainEndpointOptions.tlsSecurityPolicy")
    if policy not in TLS_POLICIES:
        report_violation(
            violation("domainEndpointOptions.tlsSecurityPolicy", policy, f"set it to one of {list(TLS_POLICIES)}")
        )
