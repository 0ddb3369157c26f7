"""Key policies for the Bulkhead CMKs: explicit, no `*` principal, administration split from use.

Use of a key is delegated to IAM (the account root principal, limited to calls from the account),
so each workload's role grants `kms:Decrypt` on the exact key ARN. Administrators may manage a key
but not turn its rotation off: `kms:DisableKeyRotation` is deliberately absent.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from components.support.iam import account_root, document, statement

ADMIN_ACTIONS = (
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReplicateKey",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
    "kms:UpdatePrimaryRegion",
)
USE_ACTIONS = (
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
)
SNS_PUBLISH_KEY_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey")
GRANT_ACTIONS = ("kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant")
# Purposes whose keys the account's principals may use only through one AWS service: the queue key
# encrypts SQS messages, so a role with an IAM grant on it still cannot decrypt anything outside SQS.
USE_ONLY_THROUGH = {"queues": "sqs"}
# In a key policy, Resource "*" means "this key"; no other resource can be named there.
THIS_KEY = ["*"]


def key_policy(
    *,
    account_id: pulumi.Input[str],
    region: str,
    admin_role_arns: Sequence[str],
    purpose: str,
    service_principals: Sequence[str] = (),
) -> pulumi.Output[str]:
    """The policy of one CMK (or of its replica in another region: pass that region)."""
    statements = [
        statement("KeyAdministration", ADMIN_ACTIONS, THIS_KEY, principals={"AWS": sorted(admin_role_arns)}),
        _use_through_iam(account_id, region, purpose),
        statement(
            "GrantsForAwsServicesOnly",
            GRANT_ACTIONS,
            THIS_KEY,
            principals={"AWS": account_root(account_id)},
            conditions={"Bool": {"kms:GrantIsForAWSResource": "true"}},
        ),
    ]
    if purpose == "logs":
        statements.append(_cloudwatch_logs(account_id, region))
    if purpose == "cluster":
        statements.extend(_autoscaling_service_role(account_id))
    if purpose == "alerts":
        statements.extend(_alert_publishers(account_id))
    if purpose == "audit":
        statements.extend(_cloudtrail(account_id, region))
    statements.extend(_service_use(account_id, service) for service in sorted(service_principals))
    return document(statements)


def _use_through_iam(account_id: pulumi.Input[str], region: str, purpose: str) -> dict:
    """Use of the key is delegated to the IAM policies of this account (and, for some purposes, to
    calls through one service of this region)."""
    conditions: dict = {"kms:CallerAccount": account_id}
    sid = "UseThroughIamPoliciesOfThisAccount"
    if purpose in USE_ONLY_THROUGH:
        conditions["kms:ViaService"] = f"{USE_ONLY_THROUGH[purpose]}.{region}.amazonaws.com"
        sid = f"UseThrough{USE_ONLY_THROUGH[purpose].title()}OfThisAccount"
    return statement(
        sid,
        USE_ACTIONS,
        THIS_KEY,
        principals={"AWS": account_root(account_id)},
        conditions={"StringEquals": conditions},
    )


def _cloudwatch_logs(account_id: pulumi.Input[str], region: str) -> dict:
    log_groups = pulumi.Output.concat("arn:aws:logs:", region, ":", account_id, ":log-group:*")
    return statement(
        "CloudWatchLogsOfThisAccountAndRegion",
        USE_ACTIONS,
        THIS_KEY,
        principals={"Service": f"logs.{region}.amazonaws.com"},
        conditions={"ArnLike": {"kms:EncryptionContext:aws:logs:arn": log_groups}},
    )


def _autoscaling_service_role(account_id: pulumi.Input[str]) -> list[dict]:
    # Managed node groups launch encrypted volumes through the Auto Scaling service-linked role.
    role = pulumi.Output.concat(
        "arn:aws:iam::",
        account_id,
        ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
    )
    return [
        statement("AutoScalingEncryptedVolumes", USE_ACTIONS, THIS_KEY, principals={"AWS": role}),
        statement(
            "AutoScalingVolumeGrants",
            ("kms:CreateGrant",),
            THIS_KEY,
            principals={"AWS": role},
            conditions={"Bool": {"kms:GrantIsForAWSResource": "true"}},
        ),
    ]


def _alert_publishers(account_id: pulumi.Input[str]) -> list[dict]:
    """CloudWatch alarms and EventBridge rules publish into CMK-encrypted topics; SNS encrypts with the
    publisher's identity, so each publishing service needs the key.

    CloudWatch passes the alarm's account as aws:SourceAccount. EventBridge does not carry the source
    keys into the KMS call (AWS documents them as unsupported there), so its statement cannot be
    scoped here: the topic policy is the gate, admitting only this account's rules (aws:SourceArn).
    """
    return [
        statement(
            "CloudWatchAlarmsOfThisAccountPublish",
            SNS_PUBLISH_KEY_ACTIONS,
            THIS_KEY,
            principals={"Service": "cloudwatch.amazonaws.com"},
            conditions={"StringEquals": {"aws:SourceAccount": account_id}},
        ),
        statement(
            "EventBridgeRulesPublish",
            SNS_PUBLISH_KEY_ACTIONS,
            THIS_KEY,
            principals={"Service": "events.amazonaws.com"},
        ),
    ]


def _cloudtrail(account_id: pulumi.Input[str], region: str) -> list[dict]:
    """CloudTrail encrypts the log files of this account's trails (and describes the key when a trail is
    created). Objects it writes without naming a key (digest files) take the bucket's default encryption
    with this key, through S3 of the key's region. Reading them back (digest validation, investigations)
    goes through IAM policies of the account, like any other use of the key."""
    trails = pulumi.Output.concat("arn:aws:cloudtrail:*:", account_id, ":trail/*")
    this_account_trails = {
        "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": trails},
        "ArnLike": {"aws:SourceArn": trails},
    }
    return [
        statement(
            "CloudTrailEncryptsLogFiles",
            ("kms:GenerateDataKey",),
            THIS_KEY,
            principals={"Service": "cloudtrail.amazonaws.com"},
            conditions=this_account_trails,
        ),
        statement(
            "CloudTrailWritesThroughBucketDefaultEncryption",
            ("kms:GenerateDataKey",),
            THIS_KEY,
            principals={"Service": "cloudtrail.amazonaws.com"},
            conditions={
                "StringEquals": {"kms:ViaService": f"s3.{region}.amazonaws.com"},
                "ArnLike": {"aws:SourceArn": trails},
            },
        ),
        statement(
            "CloudTrailDescribesKey",
            ("kms:DescribeKey",),
            THIS_KEY,
            principals={"Service": "cloudtrail.amazonaws.com"},
            conditions={"ArnLike": {"aws:SourceArn": trails}},
        ),
    ]


def _service_use(account_id: pulumi.Input[str], service: str) -> dict:
    """Lets an AWS service that publishes into encrypted resources (SNS events, Backup) use the key."""
    return statement(
        f"ServiceUse{''.join(part.title() for part in service.split('.')[:-2])}",
        ("kms:Decrypt", "kms:GenerateDataKey"),
        THIS_KEY,
        principals={"Service": service},
        conditions={"StringEquals": {"aws:SourceAccount": account_id}},
    )
