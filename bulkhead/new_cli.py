"""`bulkhead new <app>`: a new stack file for a project, from the shipped stack of an environment.

The copy keeps every secure default of the template and takes the project's own app name, account,
regions, images, rotation functions, state backend and repository; a value that belongs to the
template's app and is not given is refused by name (bulkhead/new_stack.py). The result is validated
before it is written, so a new stack never starts out broken.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from bulkhead.arguments import stack_name_problem
from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_OK
from bulkhead.new_stack import NewStackValues, TemplateValuesError, derive_settings
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
        description="Copies stacks/Pulumi.<environment>.yaml to a new stack file with your app name, account, "
        "regions, images, rotation functions, state backend and repository. Values of the template's own app "
        "that you do not give are refused by name.",
    )
    parser.add_argument("app", help="short lowercase app name, the prefix of every resource name")
    parser.add_argument(
        "--environment", choices=ENVIRONMENTS, default="dev", help="template environment (default: dev)"
    )
    parser.add_argument("--stack", help="stack name (default: <app>-<environment>)")
    parser.add_argument("--region", help="primary region (default: the template's)")
    parser.add_argument("--dr-region", help="DR region (default: the template's, if it has one)")
    parser.add_argument("--account-id", help="the AWS account (default: the template's)")
    parser.add_argument(
        "--admin-role-arn", action="append", default=[], metavar="ARN", help="an administrator role (repeatable)"
    )
    parser.add_argument(
        "--image", action="append", default=[], metavar="SERVICE=REF", help="a service's image (repeatable)"
    )
    parser.add_argument(
        "--rotation-function",
        action="append",
        default=[],
        metavar="SECRET=ARN",
        help="an application secret's rotation function (repeatable)",
    )
    parser.add_argument("--state-backend", metavar="URL", help="S3 state backend URL, with ?region=")
    parser.add_argument("--secrets-provider-key", metavar="ARN", help="KMS key ARN of the stack secrets")
    parser.add_argument("--source", metavar="LOCATION", help="your repository: https URL, or <bucket>/<key>.zip")
    parser.add_argument("--source-version", metavar="REF", help="branch, tag or commit the runner applies")
    parser.add_argument(
        "--alert-email", action="append", default=[], metavar="ADDRESS", help="an alert recipient (repeatable)"
    )
    parser.add_argument(
        "--alert-url-secret",
        action="append",
        default=[],
        metavar="ARN",
        help="a secret holding a paging tool's HTTPS URL; it gets the pages (repeatable)",
    )
    parser.add_argument(
        "--account-baseline-owner",
        metavar="STACK",
        help="<organization>/<project>/<stack> owning the account's trail and detectors (default: the template's)",
    )
    parser.add_argument("--stacks-dir", type=Path, default=DEFAULT_STACKS_DIR, help="where stack files live")
    parser.add_argument(
        "--policy-config-dir", type=Path, default=CONFIG_DIR, help="where the stack's policy config is written"
    )
    parser.set_defaults(run=run)


def _pairs(flag: str, items: list[str]) -> dict[str, str]:
    pairs = {}
    for item in items:
        name, separator, value = item.partition("=")
        if not separator or not name or not value:
            raise TemplateValuesError([f"{flag} {preview(item)}: must be <name>=<value>"])
        pairs[name] = value
    return pairs


def write_policy_config(path: Path, environment: str, template: dict, config: dict) -> Path:
    """policies/config/<stack>.json: the environment's config with exemptions naming this stack's resources."""
    old, new = template[SETTINGS_KEY], config[SETTINGS_KEY]
    replacements = {
        f"{old['app']}-{environment}-": f"{new['app']}-{environment}-",
        template[REGION_KEY]: config[REGION_KEY],
    }
    if (old.get("dr") or {}).get("region") and (new.get("dr") or {}).get("region"):
        replacements[old["dr"]["region"]] = new["dr"]["region"]
    if old.get("account_id") and new.get("account_id"):
        replacements[f":{old['account_id']}:"] = f":{new['account_id']}:"
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
        values = NewStackValues(
            app=args.app,
            dr_region=args.dr_region,
            account_id=args.account_id,
            admin_role_arns=tuple(args.admin_role_arn),
            images=_pairs("--image", args.image),
            rotation_functions=_pairs("--rotation-function", args.rotation_function),
            state_backend_url=args.state_backend,
            secrets_provider_key_arn=args.secrets_provider_key,
            source_location=args.source,
            source_version=args.source_version,
            alert_emails=tuple(args.alert_email),
            alert_url_secret_arns=tuple(args.alert_url_secret),
            account_baseline_owner=args.account_baseline_owner,
        )
        # The template must be valid before its values are derived from: a broken one is reported as such.
        validate_settings(config[SETTINGS_KEY], config[REGION_KEY], _shown(template))
        settings = derive_settings(config[SETTINGS_KEY], values)
        config = {**config, REGION_KEY: args.region or config[REGION_KEY], SETTINGS_KEY: settings}
        validate_settings(config[SETTINGS_KEY], config[REGION_KEY], _shown(target))
    except TemplateValuesError as error:
        problems = "\n".join(f"  {redact_text(line)}" for line in error.lines)
        return _refuse(f"{_shown(Path(template.name))} holds values of its own app; give yours:\n{problems}")
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
        f'(offline), and apply it as the README\'s "Running it for real" says (AWS layer, then the runner applies '
        f"the Kubernetes layer; both with `--policy-pack-config {_shown(policy_config)}`)"
    )
    return EXIT_OK


def _refuse(message: str) -> int:
    print(f"bulkhead new: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _shown(path: Path) -> str:
    return redact_text(str(path), 300)
