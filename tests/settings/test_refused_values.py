"""A generated corpus of values that open the system or that AWS would refuse: every one is refused,
with a problem line at the key path that holds it.

Three families: insecure values (the internet however spelled, environment floors loosened, system
namespaces), values AWS refuses (regions, instance and node types, versions, tags, rotation functions
in another region, account or partition, the runner's versions and URLs, overlapping VPCs), and values
of the wrong type that a lax reader would coerce (`"true"` for a boolean, `true` for a count).
"""

from __future__ import annotations

import copy
import ipaddress
from typing import Any

import pytest

from bulkhead.plan.runner import DEFAULT_STACKS_DIR
from infra.settings import SettingsError, read_stack_config, validate_settings

Case = tuple[str, str, tuple, Any]  # (family, environment, settings path, value)
RAW = {env: read_stack_config(DEFAULT_STACKS_DIR / f"Pulumi.{env}.yaml") for env in ("dev", "staging", "prod")}


def internet_spellings() -> list[list[str]]:
    """Lists of CIDRs that together open an endpoint to all (or most) of the internet."""
    lists = [[cidr] for cidr in ("0.0.0.0/0", "0.0.0.0/00", "0.0.0.0/000", "::/0", "::0/0", "0:0:0:0:0:0:0:0/0")]
    lists += [["::ffff:0.0.0.0/96"], ["::ffff:0:0/96"], ["64:ff9b::/96"], ["2002::/16"]]
    for prefix in range(1, 8):  # every split of the whole IPv4 space into equal halves, quarters, ...
        lists.append([str(net) for net in ipaddress.ip_network("0.0.0.0/0").subnets(new_prefix=prefix)])
        lists.append([str(ipaddress.ip_network(f"0.0.0.0/{prefix}"))])
    lists.append(["1.0.0.0/8", "2.0.0.0/8"])  # two /8s: more than a /8 together
    lists += [["10.0.0.0/8"], ["127.0.0.1/32"], ["169.254.0.0/16"], ["100.64.0.0/10"], ["203.0.113.7/24"]]
    return lists


def insecure() -> list[Case]:
    cases: list[Case] = [
        ("insecure", "dev", ("cluster", "public_access_cidrs"), cidrs) for cidrs in internet_spellings()
    ]
    cases += [("insecure", "prod", ("cluster", "public_access_cidrs"), ["198.51.100.0/24"])]
    for path in (
        ("deletion_protection",),
        ("network", "vpc_endpoints"),
        ("backup", "continuous_backup"),
        ("backup", "vault_lock"),
        ("backup", "restore_testing"),
        ("database", "final_snapshot"),
        ("cache", "final_snapshot"),
    ):
        cases.append(("insecure", "prod", path, False))
    cases += [
        ("insecure", "prod", ("network", "nat_gateways"), "single"),
        ("insecure", "prod", ("network", "az_count"), 2),
        ("insecure", "prod", ("network", "flow_log_retention_days"), 30),
        ("insecure", "prod", ("network", "cidr_block"), "100.64.0.0/16"),
        ("insecure", "prod", ("network", "cidr_block"), "8.8.0.0/16"),
        ("insecure", "prod", ("keys", "deletion_window_days"), 7),
        ("insecure", "prod", ("dr", "strategy"), "backup-restore"),
        ("insecure", "prod", ("dr", "rpo_minutes"), 60),
        ("insecure", "prod", ("backup", "retention_days"), 7),
        ("insecure", "prod", ("backup", "schedule"), "cron(0 5 ? * SAT *)"),
        ("insecure", "prod", ("database", "backup_retention_days"), 7),
        ("insecure", "prod", ("database", "readers"), 1),
        ("insecure", "prod", ("cache", "nodes"), 1),
        ("insecure", "prod", ("cluster", "nodes", "capacity_type"), "SPOT"),
        ("insecure", "prod", ("cluster", "log_retention_days"), 30),
        ("insecure", "prod", ("services", 0, "image", "digest"), None),
        ("insecure", "prod", ("services", 0, "image", "tag"), "latest"),
        ("insecure", "prod", ("services", 0, "port"), 80),
        ("insecure", "prod", ("secrets", "recovery_window_days"), 7),
    ]
    for name in ("default", "kube-system", "kube-public", "kube-node-lease", "kube-proxy-x", "amazon-cloudwatch"):
        cases.append(("insecure", "prod", ("services", 0, "name"), name))
    cases += [  # the front door: the one public entry point
        ("insecure", "prod", ("front_door", "tls_policy"), "ELBSecurityPolicy-2016-08"),
        ("insecure", "prod", ("front_door", "tls_policy"), "ELBSecurityPolicy-TLS-1-2-2017-01"),
        ("insecure", "prod", ("front_door", "waf", "max_body_bytes"), 8193),  # past what WAF can inspect
        ("insecure", "prod", ("front_door", "access_log_retention_days"), 30),
        ("insecure", "prod", ("front_door", "waf_log_retention_days"), 30),
        ("insecure", "prod", ("front_door", "domain"), "mobile.example.test"),
        ("insecure", "prod", ("front_door", "hosted_zone_id"), None),
    ]
    return cases


def aws_refuses() -> list[Case]:
    cases: list[Case] = []
    for region in ("us-east-7", "US-EAST-1", "us-east-1 ", "us-east-1\n", "us-east-\u0661", "mars-1", ""):
        cases.append(("aws-refuses", "prod", ("region",), region))
    cases += [
        ("aws-refuses", "prod", ("dr", "region"), "cn-northwest-1"),  # another partition
        ("aws-refuses", "prod", ("dr", "network", "cidr_block"), "10.30.0.0/16"),  # the primary VPC's range
        ("aws-refuses", "prod", ("dr", "network", "cidr_block"), "10.0.0.0/8"),  # contains it
        ("aws-refuses", "prod", ("network", "cidr_block"), "10.30.0.0/016"),
        ("aws-refuses", "prod", ("keys", "admin_role_arns", 0), "arn:aws-cn:iam::111122223333:role/deployer"),
        ("aws-refuses", "prod", ("database", "master_secret_rotation", "lambda_arn"), "arn:aws:lambda:x"),  # AWS's own
        (
            "aws-refuses",
            "prod",
            ("secrets", "app_secrets", 0, "rotation", "lambda_arn"),
            "arn:aws:lambda:us-east-1:999988887777:function:rotate",  # another account
        ),
        (
            "aws-refuses",
            "prod",
            ("secrets", "app_secrets", 0, "rotation", "lambda_arn"),
            "arn:aws:lambda:eu-west-1:111122223333:function:rotate",
        ),
        (
            "aws-refuses",
            "prod",
            ("secrets", "app_secrets", 0, "rotation", "lambda_arn"),
            "arn:aws:lambda:us-east-1:111122223333:function:rotate\n",
        ),
        ("aws-refuses", "prod", ("runner", "pulumi_version"), "4.0.0"),
        ("aws-refuses", "prod", ("runner", "build_timeout_minutes"), 4),
        ("aws-refuses", "prod", ("runner", "build_timeout_minutes"), 2161),
        ("aws-refuses", "prod", ("runner", "compute_type"), "BUILD_GENERAL1_HUGE"),
        ("aws-refuses", "prod", ("runner", "secrets_provider_key_arn"), "alias/pulumi"),
        ("aws-refuses", "prod", ("runner", "source", "location"), "git@github.com:example-org/backend.git"),
        ("aws-refuses", "prod", ("services", 0, "name"), "a-service-name-long-enough-for-x"),  # cache user > 40
        ("aws-refuses", "prod", ("services", 0, "name"), "a--b"),  # cache user with '--'
        ("aws-refuses", "prod", ("app",), "mobile-"),  # `mobile--prod-db` is no RDS identifier
        ("aws-refuses", "prod", ("app",), "mo--bile"),
        ("aws-refuses", "prod", ("tags",), {"aws:owner": "me"}),
        ("aws-refuses", "prod", ("tags",), {"AWS:Owner": "me"}),
        ("aws-refuses", "prod", ("tags",), {"k" * 129: "v"}),
        ("aws-refuses", "prod", ("tags",), {"team": "v" * 257}),
        ("aws-refuses", "prod", ("tags",), {"team": "a;b"}),
        ("aws-refuses", "prod", ("tags",), {"bulkhead:app": "other"}),
        ("aws-refuses", "prod", ("tags",), {f"tag-{n}": "v" for n in range(45)}),
        ("aws-refuses", "prod", ("backup", "schedule"), "cron(0 5/ ? * * *)"),
        ("aws-refuses", "prod", ("backup", "schedule"), "cron(0 \u0663 ? * * *)"),
        ("aws-refuses", "prod", ("backup", "schedule"), "rate(1 day)"),
    ]
    for account in ("11112222333", "111122223333\n", "\u0661" * 12, 111122223333, ""):
        cases.append(("aws-refuses", "prod", ("account_id",), account))
    for path, value in (  # the runner's values with what an unanchored pattern or `\\d` would let through
        (("pulumi_version",), "3.272.0\n"),
        (("pulumi_version",), "3.\u0968\u096d\u0968.0"),
        (("state_backend_url",), "s3://mobile-pulumi-state-111122223333?region=us-east-1\n"),
        (("state_backend_url",), "s3://mobile-pulumi-state-111122223333?region=us-east-\u0661"),
        (
            ("secrets_provider_key_arn",),
            "arn:aws:kms:us-east-1:111122223333:key/1f0c3e2a-7b4d-4c8e-9a61-2d5f8b0e7c34\n",
        ),
        (("source", "location"), "https://github.com/example-org/mobile-backend.git\n"),
        (("source", "version"), "main\n"),
        (("source", "version"), ""),
    ):
        cases.append(("aws-refuses", "prod", ("runner", *path), value))
    for version in ("1.33", "1.37", "1.20", "1.36.0", "1.3६", "v1.36"):
        cases.append(("aws-refuses", "prod", ("cluster", "version"), version))
    for instance_type in ("m7i.3xlarge", "m7i", "m1.small", "p5.48xlarge", "mac2.metal", "M7I.XLARGE", "m7i.xlarge\n"):
        cases.append(("aws-refuses", "prod", ("cluster", "nodes", "instance_types"), [instance_type]))
    for version in ("16.99", "16.5", "13.9", "18.1", "16", "16.8 "):
        cases.append(("aws-refuses", "prod", ("database", "engine_version"), version))
    for db_class in ("db.m5.large", "db.r7g.3xlarge", "db.t4g.micro", "db.r7g.large\n"):
        cases.append(("aws-refuses", "prod", ("database", "instance_class"), db_class))
    for node_type in ("cache.t3.large", "cache.r7g.3xlarge", "cache.r6gd.xlarge", "r7g.large", "cache.m4.large"):
        cases.append(("aws-refuses", "prod", ("cache", "node_type"), node_type))
    for version in ("6.2", "7.0", "9.0", "8"):
        cases.append(("aws-refuses", "prod", ("cache", "engine_version"), version))
    for domain in (
        "mobile.example.com\n",
        "Mobile.Example.com",
        "mobile..example.com",
        "-mobile.example.com",
        "a" * 300,
    ):
        cases.append(("aws-refuses", "prod", ("front_door", "domain"), domain))
    for zone_id in ("z05413621ZQ8VJ3Q7W0KX", "Z05413621ZQ8VJ3Q7W0KX\n", "Z" + "1" * 40, "Z\u0661"):
        cases.append(("aws-refuses", "prod", ("front_door", "hosted_zone_id"), zone_id))
    cases += [
        ("aws-refuses", "prod", ("front_door", "record_name"), "api\n"),
        ("aws-refuses", "prod", ("front_door", "waf", "rate_window_seconds"), 30),
        ("aws-refuses", "prod", ("front_door", "waf", "rate_limit"), 9),
        ("aws-refuses", "prod", ("front_door", "health_check", "interval_seconds"), 15),
        ("aws-refuses", "prod", ("front_door", "health_check", "regions"), ["us-east-1", "us-west-2", "eu-central-1"]),
        ("aws-refuses", "prod", ("front_door", "health_check", "regions"), ["us-east-1", "us-east-1", "us-west-2"]),
        ("aws-refuses", "prod", ("services", 0, "ingress", "load_balancer", "node_port"), 8080),
        ("aws-refuses", "prod", ("services", 0, "ingress", "load_balancer", "paths"), ["api/*"]),
        ("aws-refuses", "prod", ("services", 0, "ingress", "load_balancer", "paths"), ["/*\n"]),
        ("aws-refuses", "prod", ("services", 0, "ingress", "load_balancer", "paths"), [f"/{n}" for n in range(6)]),
        ("aws-refuses", "prod", ("services", 0, "ingress", "load_balancer", "host"), "API.example.com"),
    ]
    return cases


def _leaves(node: Any, prefix: tuple = ()) -> list[tuple[tuple, Any]]:
    if isinstance(node, dict):
        return [leaf for key, child in node.items() for leaf in _leaves(child, (*prefix, key))]
    if isinstance(node, list):
        return [leaf for index, child in enumerate(node) for leaf in _leaves(child, (*prefix, index))]
    return [(prefix, node)]


def wrong_types() -> list[Case]:
    """Every boolean and every count of the prod stack, written as what a lax reader would coerce."""
    cases: list[Case] = []
    for path, value in _leaves(RAW["prod"]["bulkhead:settings"]):
        if isinstance(value, bool):
            cases += [
                ("wrong-type", "prod", path, coerced) for coerced in ("true" if value else "false", int(value), "yes")
            ]
        elif isinstance(value, int) and path[-1] not in ("cpu", "memory"):
            cases += [("wrong-type", "prod", path, coerced) for coerced in (str(value), True, float(value) + 0.5)]
    return cases


CORPUS = insecure() + aws_refuses() + wrong_types()


def _display(path: tuple) -> str:
    if path == ("region",):
        return "aws:region"
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def problems_for(environment: str, path: tuple, value: Any) -> list[str] | None:
    """The problem lines of the shipped stack with `value` at `path`, or None when it is accepted."""
    settings = copy.deepcopy(RAW[environment]["bulkhead:settings"])
    region = RAW[environment]["aws:region"]
    if path == ("region",):
        region = value
    else:
        parent = settings
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = value
    try:
        validate_settings(settings, region, "stacks/Pulumi.x.yaml")
    except SettingsError as error:
        return error.problems
    return None


@pytest.mark.parametrize(("family", "environment", "path", "value"), CORPUS, ids=lambda case: repr(case)[:60])
def test_each_insecure_or_refused_value_is_refused_at_its_path(family, environment, path, value):
    problems = problems_for(environment, path, value)
    assert problems is not None, f"{family}: accepted {value!r} at {_display(path)}"
    assert any(line.startswith(f"stacks/Pulumi.x.yaml: {_display(path)}") for line in problems), problems


def test_the_corpus_covers_each_family():
    families = {family for family, *_ in CORPUS}
    assert families == {"insecure", "aws-refuses", "wrong-type"} and len(CORPUS) > 150
