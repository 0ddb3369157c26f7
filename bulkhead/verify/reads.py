"""The describe calls several checks share, each made once per run (through `Context.once`).

Every call goes through the runbooks' `call`/`paginate`, so a botocore fault becomes an `AwsCallError`
naming the API, region and code, and a credentials problem a `CredentialsProblem`.
"""

from __future__ import annotations

from typing import Any

from bulkhead.arns import region_of
from bulkhead.runbooks import aurora, elasticache
from bulkhead.runbooks.aws import StoreNotFound, call, paginate
from bulkhead.verify.model import Context


def db_cluster(ctx: Context, cluster_arn: str) -> dict[str, Any]:
    """DescribeDBClusters of one Aurora cluster, in its own region."""
    return ctx.once(("rds:DescribeDBClusters", cluster_arn), lambda: aurora.cluster_status(ctx.clients, cluster_arn))


def cluster_parameters(ctx: Context, region: str, group: str) -> dict[str, str | None]:
    """Name -> value of every parameter of a DB cluster parameter group (all pages)."""

    def read() -> dict[str, str | None]:
        parameters = paginate(
            ctx.clients("rds", region),
            "describe_db_cluster_parameters",
            "Parameters",
            DBClusterParameterGroupName=group,
        )
        return {p.get("ParameterName", ""): p.get("ParameterValue") for p in parameters}

    return ctx.once(("rds:DescribeDBClusterParameters", region, group), read)


def global_cluster(ctx: Context, region: str, identifier: str) -> dict[str, Any]:
    """DescribeGlobalClusters of one Aurora global database (matched on the identifier)."""

    def read() -> dict[str, Any]:
        response = call(ctx.clients("rds", region), "describe_global_clusters", GlobalClusterIdentifier=identifier)
        for raw in response.get("GlobalClusters", []):
            if str(raw.get("GlobalClusterIdentifier", "")).lower() == identifier.lower():
                return raw
        raise StoreNotFound(f"Aurora global cluster {identifier!r} not found (queried in {region})")

    return ctx.once(("rds:DescribeGlobalClusters", region, identifier), read)


def cache_group(ctx: Context, region: str, replication_group_id: str) -> dict[str, Any]:
    """DescribeReplicationGroups of one ElastiCache replication group."""
    return ctx.once(
        ("elasticache:DescribeReplicationGroups", region, replication_group_id),
        lambda: elasticache.describe_group(ctx.clients, region, replication_group_id),
    )


def eks_cluster(ctx: Context, region: str, name: str) -> dict[str, Any]:
    """DescribeCluster of one EKS cluster."""
    return ctx.once(
        ("eks:DescribeCluster", region, name),
        lambda: call(ctx.clients("eks", region), "describe_cluster", name=name).get("cluster", {}),
    )


def kms_key(ctx: Context, key_arn: str) -> dict[str, Any]:
    """DescribeKey of a key, in the key's own region."""
    region = region_of(key_arn) or ""
    return ctx.once(
        ("kms:DescribeKey", key_arn),
        lambda: call(ctx.clients("kms", region), "describe_key", KeyId=key_arn).get("KeyMetadata", {}),
    )


def secret(ctx: Context, secret_arn: str) -> dict[str, Any]:
    """DescribeSecret of a secret, in its primary region."""
    region = region_of(secret_arn) or ""
    return ctx.once(
        ("secretsmanager:DescribeSecret", secret_arn),
        lambda: call(ctx.clients("secretsmanager", region), "describe_secret", SecretId=secret_arn),
    )


def same_key(actual: str | None, expected: str) -> bool:
    """Whether a service's report of a KMS key (an ARN, or the bare key id some APIs give) is `expected`."""
    if not actual:
        return False
    return actual == expected or expected.endswith(f":key/{actual}")


def key_mismatch(what: str, actual: str | None, expected: str, purpose: str) -> str | None:
    """A problem line when `what` is not encrypted with the `purpose` key, else None."""
    if same_key(actual, expected):
        return None
    return f"{what} is encrypted with {actual or 'no customer-managed key'}, expected the {purpose} key {expected}"


def queue_attributes(ctx: Context, region: str, queue_url: str) -> dict[str, str]:
    """Every attribute of an SQS queue (GetQueueAttributes `All`)."""
    return ctx.once(
        ("sqs:GetQueueAttributes", queue_url),
        lambda: call(
            ctx.clients("sqs", region), "get_queue_attributes", QueueUrl=queue_url, AttributeNames=["All"]
        ).get("Attributes", {}),
    )


def topic_attributes(ctx: Context, topic_arn: str) -> dict[str, str]:
    """The attributes of an SNS topic, in the topic's own region."""
    region = region_of(topic_arn) or ""
    return ctx.once(
        ("sns:GetTopicAttributes", topic_arn),
        lambda: call(ctx.clients("sns", region), "get_topic_attributes", TopicArn=topic_arn).get("Attributes", {}),
    )
