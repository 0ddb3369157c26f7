"""The rows of the control catalog (../shared/CONTROLS.md), kept here so tests do not depend on that file.

Each row is mapped to at least one policy (its ROWS) or listed in `policies/not_applicable.py`.
"""

CATALOG_ROWS: tuple[str, ...] = tuple(str(n) for n in range(1, 80)) + tuple(f"K{n}" for n in range(1, 21))

# Rows the project adds for what the reference catalog does not cover (default deny, new data and compute
# types, Kubernetes exposure); rendered into POLICIES.md with their descriptions.
PROJECT_ROWS: dict[str, str] = {
    "X1": "every resource type is reviewed by the pack (default deny)",
    "X2": "staging/prod plans contain the blueprint's baseline (keys, network, backups)",
    "X3": "DynamoDB tables: CMK encryption, point-in-time recovery, deletion protection",
    "X4": "EBS volumes and the account default: CMK encryption",
    "X5": "EFS file systems: CMK encryption",
    "X6": "OpenSearch domains: CMK encryption, TLS 1.2+, VPC placement",
    "X7": "EC2 instances: IMDSv2, encrypted volumes, no public IP",
    "X8": "Lambda: CMK, IAM-authenticated function URLs, scoped invoke permissions",
    "X9": "no IAM users or long-lived credentials",
    "X10": "SNS topics: CMK encryption",
    "X11": "Kubernetes Services exposed only by the front door",
}
ALL_ROWS: tuple[str, ...] = CATALOG_ROWS + tuple(PROJECT_ROWS)
