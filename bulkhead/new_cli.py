"""`bulkhead new <app>`: a new stack file for a project, copied from the shipped stack of an environment.

The copy keeps every secure default of the template; the project then edits one file. The result is
validated before it is written, so a new stack never starts out broken.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from bulkhead.arguments import stack_name_problem
from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_OK
from bulkhead.plan.runner import DEFAULT_STACKS_DIR
from infra.settings import SettingsError, read_stack_config, validate_settings
from infra.settings.environment import ENVIRONMENTS
from infra.settings.errors import SETTINGS_KEY
from infra.settings.loader import REGION_KEY
from infra.settings.redaction import preview, redact_text
from policies.config import CONFIG_DIR, derive_stack_config


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new",
        help="create a stack file for a new project from a shipped environment",
        description="Copies stacks/Pulumi.<environment>.yaml to a new stack file with your app name and region.",
    )
    parser.add_argument("app", help="short lowercase app name, the prefix of every resource name")
    parser.add_argument(
        "--environment", choices=ENVIRONMENTS, default="dev", help="template environment (default: dev)"
    )
    parser.add_argument("--stack", help="stack name (default: <app>-<environment>)")
    parser.add_argument("--region", help="primary region (default: the template's)")
    parser.add_argument("--dr-region", help="DR region (default: the template's, if it has one)")
    parser.add_argument("--stacks-dir", type=Path, default=DEFAULT_STACKS_DIR, help="where stack files live")
    parser.add_argument(
        "--policy-config-dir", type=Path, default=CONFIG_DIR, help="where the stack's policy config is written"
    )
    parser.set_defaults(run=run)


def write_policy_config(path: Path, environment: str, template: dict, config: dict) -> Path:
    """policies/config/<stack>.json: the environment's config with exemptions naming this stack's resources."""
    old, new = template[SETTINGS_KEY], config[SETTINGS_KEY]
    replacements = {
        f"{old['app']}-{environment}-": f"{new['app']}-{environment}-",
        template[REGION_KEY]: config[REGION_KEY],
    }
    if (old.get("dr") or {}).get("region") and (new.get("dr") or {}).get("region"):
        replacements[old["dr"]["region"]] = new["dr"]["region"]
    path.write_text(json.dumps(derive_stack_config(environment, replacements), indent=2) + "\n", encoding="utf-8")
    return path


def run(args: argparse.Namespace) -> int:
    stack = args.stack or f"{args.app}-{args.environment}"
    problem = stack_name_problem(stack)
    if problem:
        where = f"--stack {preview(stack)}" if args.stack else f"the stack name {preview(stack)} (from the app name)"
        return _refuse(f"{where}: {problem}")
    template = args.stacks_dir / f"Pulumi.{args.environment}.yaml"
    target = args.stacks_dir / f"Pulumi.{stack}.yaml"
    try:
        exists, has_template = target.exists(), template.is_file()
    except (OSError, ValueError):  # a --stacks-dir that is no usable folder name
        exists, has_template = False, False
    if exists:
        return _refuse(f"{_shown(target)} already exists; choose another --stack")
    if not has_template:
        return _refuse(f"no template {_shown(template)}")
    try:
        config = template_config = read_stack_config(template)
        settings = dict(config[SETTINGS_KEY], app=args.app)
        if args.dr_region is not None:
            settings["dr"] = dict(settings.get("dr", {}), region=args.dr_region)
        region = args.region or config[REGION_KEY]
        settings = _rehomed(settings, config[REGION_KEY], region)
        config = {**config, REGION_KEY: region, SETTINGS_KEY: settings}
        validate_settings(config[SETTINGS_KEY], config[REGION_KEY], _shown(target))
    except SettingsError as error:
        return _refuse(f"the new stack would be invalid:\n{error}")
    header = f"# {stack}: created by `bulkhead new` from {template.name}; see docs/settings.md for every key.\n"
    try:
        with target.open("x", encoding="utf-8") as file:  # "x": never overwrite, even a file made meanwhile
            file.write(header + yaml.safe_dump({"config": config}, sort_keys=False))
        policy_config = write_policy_config(
            args.policy_config_dir / f"{stack}.json", args.environment, template_config, config
        )
    except OSError as error:
        return _refuse(f"cannot write {redact_text(str(error.filename), 300)}: {error.strerror}")
    shown = redact_text(stack)
    print(
        f"wrote {_shown(target)} and {_shown(policy_config)}\nnext: edit it, then `bulkhead plan --stack {shown}` "
        f"(offline) or `pulumi stack init {shown}` and `pulumi preview --policy-pack-config {_shown(policy_config)}` "
        "(real AWS)"
    )
    return EXIT_OK


def _refuse(message: str) -> int:
    print(f"bulkhead new: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _shown(path: Path) -> str:
    return redact_text(str(path), 300)


def _rehomed(value: Any, template_region: str, region: str) -> Any:
    """The template's Lambda ARNs (rotation functions) moved to the new stack's region: Secrets Manager
    only invokes a rotation function in its secret's own region."""
    if isinstance(value, dict):
        return {key: _rehomed(item, template_region, region) for key, item in value.items()}
    if isinstance(value, list):
        return [_rehomed(item, template_region, region) for item in value]
    if isinstance(value, str) and value.startswith("arn:"):
        return value.replace(f":lambda:{template_region}:", f":lambda:{region}:", 1)
    return value
