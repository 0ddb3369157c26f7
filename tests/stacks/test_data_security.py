"""Data-tier security across the shipped stacks: no plaintext secret anywhere, IAM documents that name
exact ARNs and actions, and services granted exactly what their `needs` declare."""

import json

import pulumi_aws as aws
import pytest

from bulkhead.plan.mock_outputs import MOCK_GENERATED_PASSWORD
from bulkhead.plan.recorder import SECRET_PLACEHOLDER
from components.data.cache import Cache
from components.data.database import ENHANCED_MONITORING_POLICY_ARN, Database
from components.data.secrets import Secret
from infra.settings.services import ServiceSettings
from infra.wiring.data import DataTier, grant_service_access
from tests import support
from tests.components.test_cache import cache_args, cache_replica
from tests.components.test_database import db_args, global_replica
from tests.components.test_secrets import secret_args
from tests.settings.support import shipped_stack
from tests.support import DR_REGION, in_provider, policy_document, provider, shipped_plan

ENVIRONMENTS = ("dev", "staging", "prod")
DATA_COMPONENTS = ("bulkhead:database:", "bulkhead:cache:", "bulkhead:secrets:")
SECRET_SIG = "4dabf18193072939515e22adb298388d"
# Inputs that would carry a credential in plain text (and into Pulumi state).
PLAINTEXT_CREDENTIAL_INPUTS = {"masterPassword", "authToken", "passwords", "secretString", "secretBinary"}
# The only AWS-managed policy the data tier attaches: AWS requires it for the enhanced-monitoring agent.
ALLOWED_MANAGED_POLICIES = {ENHANCED_MONITORING_POLICY_ARN}
IAM_DOCUMENTS = {
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/role:Role": "assumeRolePolicy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
}


def data_tier_records(plan):
    """Every resource whose parent chain reaches a data-tier component."""
    by_urn = {record.urn: record for record in plan.resources}

    def in_data_tier(record) -> bool:
        while record is not None:
            if record.type.startswith(DATA_COMPONENTS):
                return True
            record = by_urn.get(record.parent)
        return False

    return [record for record in plan.resources if record.custom and in_data_tier(record)]


def occurrences(value, needle, path=()):
    """Paths (with a `secret` flag) where `needle` occurs in a JSON-like value."""
    if isinstance(value, dict):
        secret = SECRET_SIG in value
        for key, item in value.items():
            for found_path, inside_secret in occurrences(item, needle, path + (key,)):
                yield found_path, inside_secret or secret
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from occurrences(item, needle, path + (index,))
    elif isinstance(value, str) and needle in value:
        yield path, False


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_no_plaintext_credential_input_in_the_data_tier(environment):
    records = data_tier_records(shipped_plan(environment))
    assert records
    for record in records:
        assert not PLAINTEXT_CREDENTIAL_INPUTS & set(record.inputs), record.name
        assert not PLAINTEXT_CREDENTIAL_INPUTS & set(record.outputs), record.name


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_generated_passwords_appear_only_as_secret_write_only_inputs(environment):
    """The one generated value (mocked here) reaches only write-only inputs, marked secret: AWS receives
    it, Pulumi state never stores it, previews mask it. Nowhere else in the plan, outputs included."""
    plan = shipped_plan(environment)
    default_user = next(r for r in plan.of_type("aws:elasticache/user:User") if r.inputs["userName"] == "default")
    assert "passwordsWo" in default_user.inputs and "passwords" not in default_user.inputs
    assert default_user.inputs["passwordsWo"] == SECRET_PLACEHOLDER
    assert MOCK_GENERATED_PASSWORD not in json.dumps(plan.to_json())


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_data_tier_iam_document_names_exact_actions_and_resources(environment):
    documents = 0
    for record in data_tier_records(shipped_plan(environment)):
        key = IAM_DOCUMENTS.get(record.type)
        if key is None:
            continue
        documents += 1
        for statement in policy_document(record, key)["Statement"]:
            actions = statement["Action"]
            assert all("*" not in action for action in actions), (record.name, actions)
            assert all("*" not in resource for resource in statement.get("Resource", [])), record.name
            if statement["Effect"] == "Allow":  # a conditioned Deny on everyone is the TLS-only guard
                assert "*" not in json.dumps(statement.get("Principal", {})), record.name
            else:
                assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}, record.name
            if record.type != "aws:iam/role:Role":
                assert statement.get("Resource"), (record.name, statement)
    assert documents >= 5


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_only_the_required_managed_policy_is_attached(environment):
    attachments = [
        r
        for r in data_tier_records(shipped_plan(environment))
        if r.type == "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
    ]
    assert {a.inputs["policyArn"] for a in attachments} == ALLOWED_MANAGED_POLICIES


def stack_services(environment: str) -> tuple[ServiceSettings, ...]:
    return shipped_stack(environment).services


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_each_service_role_gets_exactly_what_its_needs_declare(environment):
    plan = shipped_plan(environment)
    roles = {r.outputs["id"]: r.name for r in plan.of_type("aws:iam/role:Role")}
    granted: dict[str, set[str]] = {}
    for record in data_tier_records(plan):
        if record.type == "aws:iam/rolePolicy:RolePolicy":
            granted.setdefault(roles[record.inputs["role"]], set()).add(record.inputs["name"])
    primary_roles = {name for name in granted if f"{plan.stack}-cluster-" in name}
    for service in stack_services(environment):
        role = f"mobile-{environment}-cluster-{service.name}-role"
        expected = {f"mobile-{environment}-secret-{name}-read" for name in service.needs.secrets}
        if service.needs.database_user:
            expected.add(f"mobile-{environment}-db-connect-{service.needs.database_user}")
        if service.needs.cache:
            expected.add(f"mobile-{environment}-cache-connect-{service.name}")
        assert granted.get(role, set()) == expected, role
        primary_roles.discard(role)
    assert primary_roles == set(), "no other primary-region role gets data-tier grants"


def test_grant_service_access_with_stand_in_roles():
    """The wiring function on its own: stand-in roles and node groups, primary and warm-standby paths."""
    services = stack_services("prod")

    def build():
        primary = provider()
        dr = provider(DR_REGION, "test-aws-dr")
        opts = in_provider(primary)

        data = DataTier(
            database=Database("db", db_args(global_replica=global_replica(dr)), opts=opts),
            cache=Cache(
                "cache",
                cache_args(users=[s.name for s in services], global_replica=cache_replica(dr)),
                opts=opts,
            ),
            secrets={
                name: Secret(f"secret-{name}", secret_args(secret_name=f"app/{name}"), opts=opts)
                for name in ("payments-api-key", "push-signing-key")
            },
        )
        roles = {s.name: aws.iam.Role(f"stand-in-{s.name}", assume_role_policy="{}", opts=opts) for s in services}
        grant_service_access(data, services, roles, "sg-0primarynodes0000")
        dr_roles = {
            s.name: aws.iam.Role(f"dr-stand-in-{s.name}", assume_role_policy="{}", opts=in_provider(dr))
            for s in services
        }
        grant_service_access(data, services, dr_roles, "sg-0standbynodes0000", standby=True)

    recorded = support.record(build)
    rules = recorded.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert sorted((r.name, r.region, r.inputs["referencedSecurityGroupId"], r.inputs["fromPort"]) for r in rules) == [
        ("cache-from-cluster-nodes", "us-east-1", "sg-0primarynodes0000", 6379),
        ("cache-from-standby-nodes", DR_REGION, "sg-0standbynodes0000", 6379),
        ("db-from-cluster-nodes", "us-east-1", "sg-0primarynodes0000", 5432),
        ("db-from-standby-nodes", DR_REGION, "sg-0standbynodes0000", 5432),
    ]
    policies = {r.name: r for r in recorded.of_type("aws:iam/rolePolicy:RolePolicy")}
    expected = set()
    for prefix in ("stand-in", "dr-stand-in"):
        for service in services:
            role = f"{prefix}-{service.name}"
            expected |= {f"secret-{name}-read-{role}" for name in service.needs.secrets}
            expected |= {
                f"db-connect-{service.needs.database_user}-{role}",
                f"cache-connect-{service.name}-{role}",
            }
    assert set(policies) == expected
