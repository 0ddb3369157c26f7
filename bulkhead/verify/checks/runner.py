"""The in-VPC runner of each cluster (the CodeBuild project that applies its Kubernetes layer): it
builds only inside the cluster's VPC, in the private subnets, behind a security group that admits
nothing; its artifacts are encrypted with the logs key and its builds logged to the encrypted group."""

from __future__ import annotations

from typing import Any

from bulkhead.runbooks.aws import StoreNotFound, call
from bulkhead.verify import reads
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, failed, verdict_of
from bulkhead.verify.outputs import LOGS_KEY, RunnerOutput, VerifyOutputs


def _runners(outputs: VerifyOutputs) -> Targets:
    targets = [Target(f"{r.project_name} ({r.region})", r) for r in outputs.runners.values()]
    return targets or "no runner in the outputs: the environment has no cluster"


def _project(ctx: Context, runner: RunnerOutput) -> dict[str, Any]:
    def read() -> dict[str, Any]:
        found = call(ctx.clients("codebuild", runner.region), "batch_get_projects", names=[runner.project_name])
        projects = found.get("projects") or []
        if not projects:
            raise StoreNotFound(f"CodeBuild project {runner.project_name!r} not found (queried in {runner.region})")
        return projects[0]

    return ctx.once(("codebuild:BatchGetProjects", runner.region, runner.project_name), read)


def _network(ctx: Context, runner: RunnerOutput) -> Verdict:
    vpc = _project(ctx, runner).get("vpcConfig") or {}
    if not vpc.get("vpcId"):
        return failed("the project runs outside any VPC (no vpcConfig): it cannot reach the private API endpoint")
    problems = []
    outside = sorted(set(vpc.get("subnets") or []) - set(runner.subnet_ids))
    if outside:
        problems.append(f"builds in subnets {outside}, beyond the declared private subnets {runner.subnet_ids}")
    groups = vpc.get("securityGroupIds") or []
    if groups != [runner.security_group_id]:
        problems.append(f"security groups {groups}, expected only its own {runner.security_group_id}")
    described = call(ctx.clients("ec2", runner.region), "describe_security_groups", GroupIds=[runner.security_group_id])
    for group in described.get("SecurityGroups") or []:
        if group.get("IpPermissions"):
            problems.append(f"its security group {runner.security_group_id} admits inbound traffic")
    return verdict_of(problems, f"in {vpc['vpcId']}, private subnets only, its own security group with no ingress")


def _encryption_logging(ctx: Context, runner: RunnerOutput) -> Verdict:
    project = _project(ctx, runner)
    problems = []
    mismatch = reads.key_mismatch("build artifacts", project.get("encryptionKey"), runner.kms_key_arn, LOGS_KEY)
    if mismatch:
        problems.append(mismatch)
    logs = project.get("logsConfig") or {}
    cloudwatch, s3 = logs.get("cloudWatchLogs") or {}, logs.get("s3Logs") or {}
    if cloudwatch.get("status") != "ENABLED" or cloudwatch.get("groupName") != runner.log_group_name:
        problems.append(f"build logs not sent to {runner.log_group_name} (got {cloudwatch or 'no CloudWatch logs'})")
    if s3.get("status", "DISABLED") != "DISABLED":
        problems.append(f"build logs also copied to S3 {s3.get('location')!r}, outside the encrypted log group")
    if (project.get("environment") or {}).get("privilegedMode"):
        problems.append("privileged mode is on (a Docker daemon in the build)")
    return verdict_of(problems, f"artifacts on the logs key, logs to {runner.log_group_name} only, not privileged")


CHECKS = (
    Check(
        id="runner.network",
        title=(
            "Each runner builds inside its cluster's VPC, in the private subnets only, behind its own security "
            "group that admits nothing"
        ),
        calls=("codebuild:BatchGetProjects", "ec2:DescribeSecurityGroups"),
        policies=("codebuild-project-isolated",),
        targets=_runners,
        run=_network,
    ),
    Check(
        id="runner.encryption-logging",
        title=(
            "Each runner's artifacts are encrypted with the logs key, its builds logged to its encrypted log "
            "group only, without privileged mode"
        ),
        calls=("codebuild:BatchGetProjects",),
        policies=("codebuild-project-encryption-logging",),
        targets=_runners,
        run=_encryption_logging,
    ),
)
