"""`bulkhead new <app>`: a new stack file for a project, copied from the shipped stack of an environment.

The copy keeps every secure default of the template; the project then edits one file. The result is
validated before it is written, so a new stack never starts out broken.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_OK
from bulkhead.plan.runner import DEFAULT_STACKS_DIR
from infra.settings import SettingsError, read_stack_config, validate_settings
from infra.settings.environment import ENVIRONMENTS
from infra.settings.errors import SETTINGS_KEY
from infra.settings.loader import REGION_KEY
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
    template = args.stacks_dir / f"Pulumi.{args.environment}.yaml"
    stack = args.stack or f"{args.app}-{args.environment}"
    target = args.stacks_dir / f"Pulumi.{stack}.yaml"
    if target.exists():
        print(f"bulkhead new: {target} already exists; choose another --stack", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not template.is_file():
        print(f"bulkhead new: no template {template}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        config = template_config = read_stack_config(template)
        settings = dict(config[SETTINGS_KEY], app=args.app)
        if args.dr_region is not None:
            settings["dr"] = dict(settings.get("dr", {}), region=args.dr_region)
        config = {**config, REGION_KEY: args.region or config[REGION_KEY], SETTINGS_KEY: settings}
        validate_settings(config[SETTINGS_KEY], config[REGION_KEY], str(target))
    except SettingsError as error:
        print(f"bulkhead new: the new stack would be invalid:\n{error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    header = f"# {stack}: created by `bulkhead new` from {template.name}; see docs/settings.md for every key.\n"
    target.write_text(header + yaml.safe_dump({"config": config}, sort_keys=False), encoding="utf-8")
    policy_config = write_policy_config(
        args.policy_config_dir / f"{stack}.json", args.environment, template_config, config
    )
    print(
        f"wrote {target} and {policy_config}\nnext: edit it, then `bulkhead plan --stack {stack}` (offline) or "
        f"`pulumi stack init {stack}` and `pulumi preview --policy-pack-config {policy_config}` (real AWS)"
    )
    return EXIT_OK
