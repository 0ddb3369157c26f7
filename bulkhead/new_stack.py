"""What `bulkhead new` changes in a template's settings: the app, account and regions it derives, and the
values that belong to the template's app, which the new project must give or the command refuses.

The template's own app is `mobile`: its container images, its secrets' rotation functions, its state
bucket and secrets key, its repository and its tags mean nothing to another app. The tags are dropped;
each of the others is listed with the flag that supplies it; nothing of the source app is copied
silently.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from infra.settings.redaction import preview

ROLE_ACCOUNT = re.compile(r"^arn:aws[a-z-]*:iam::(?P<account>[0-9]{12}):role/")
SES_IDENTITY_ACCOUNT = re.compile(r"^(?P<head>arn:aws[a-z-]*:ses:[a-z0-9-]+:)[0-9]{12}:")
IMAGE_REFERENCE = re.compile(
    r"^(?P<repository>[^:@\s]+(:[0-9]+)?(/[^:@\s]+)+):(?P<tag>[^:@\s]+)(@(?P<digest>sha256:[0-9a-f]{64}))?\Z"
)
SOURCE_TYPES = (
    ("https://github.com/", "GITHUB"),
    ("https://gitlab.com/", "GITLAB"),
    ("https://bitbucket.org/", "BITBUCKET"),
)


class TemplateValuesError(ValueError):
    """The template names app-specific values the new stack needs its own of; one line per value."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class NewStackValues:
    """What the new project gives on the command line (None / empty: keep or refuse, per value)."""

    app: str
    dr_region: str | None = None
    account_id: str | None = None
    admin_role_arns: tuple[str, ...] = ()
    images: Mapping[str, str] = field(default_factory=dict)
    rotation_functions: Mapping[str, str] = field(default_factory=dict)
    state_backend_url: str | None = None
    secrets_provider_key_arn: str | None = None
    source_location: str | None = None
    source_version: str | None = None
    alert_emails: tuple[str, ...] = ()
    alert_url_secret_arns: tuple[str, ...] = ()
    account_baseline_owner: str | None = None


def derive_settings(template: Mapping[str, Any], values: NewStackValues) -> dict[str, Any]:
    """The new stack's `bulkhead:settings`: the template's, with every app-specific value replaced by the
    project's; TemplateValuesError lists each one the project did not give (and each unknown name)."""
    settings = copy.deepcopy(dict(template))
    source_app = settings.get("app")
    missing: list[str] = []
    settings["app"] = values.app
    settings.pop("tags", None)  # the template project's cost center and classification: the project adds its own
    if values.dr_region is not None:
        settings["dr"] = dict(settings.get("dr", {}), region=values.dr_region)
    _account(settings, values, missing)
    _images(settings, values, source_app, missing)
    _rotation_functions(settings, values, missing)
    _runner(settings, values, missing)
    _observability(settings, values, missing)
    if missing:
        raise TemplateValuesError(missing)
    return settings


def _account(settings: dict[str, Any], values: NewStackValues, missing: list[str]) -> None:
    """Another account's admin roles cannot carry over: they must be given for the new account."""
    template_account = settings.get("account_id")
    account = values.account_id or template_account
    settings["account_id"] = account
    _ses_identity_in(settings, account)
    if values.admin_role_arns:
        roles = list(values.admin_role_arns)
        settings.setdefault("keys", {})["admin_role_arns"] = roles
        if "cluster" in settings:
            settings["cluster"]["admin_role_arns"] = roles
        return
    template_roles = [
        *settings.get("keys", {}).get("admin_role_arns", []),
        *settings.get("cluster", {}).get("admin_role_arns", []),
    ]
    foreign = sorted({role for role in template_roles if _account_of(role) != account})
    if foreign:
        missing.append(
            f"keys.admin_role_arns and cluster.admin_role_arns name roles of account {template_account} "
            f"({', '.join(foreign)}): --admin-role-arn <role ARN in {account}> (repeat for each role)"
        )


def _ses_identity_in(settings: dict[str, Any], account: str | None) -> None:
    """The user pool's SES identity (its domain or address) is named in the new account: Cognito sends only
    through an identity of the pool's own account, which the project verifies there (docs/identity.md)."""
    email = settings.get("identity", {}).get("email") or {}
    arn = email.get("ses_identity_arn")
    if account and arn:
        email["ses_identity_arn"] = SES_IDENTITY_ACCOUNT.sub(rf"\g<head>{account}:", arn)


def _account_of(role_arn: str) -> str | None:
    match = ROLE_ACCOUNT.match(role_arn)
    return match["account"] if match else None


def _images(settings: dict[str, Any], values: NewStackValues, source_app: str | None, missing: list[str]) -> None:
    """The template app's own images (in its `<app>/` repositories) are replaced; others (public
    controller images) are kept."""
    services = settings.get("services", [])
    names = [service["name"] for service in services]
    unknown = sorted(set(values.images) - set(names))
    if unknown:
        missing.append(f"--image names unknown services {preview(unknown)}; the template's services are {names}")
    for index, service in enumerate(services):
        given = values.images.get(service["name"])
        if given is not None:
            match = IMAGE_REFERENCE.match(given)
            if match is None:
                missing.append(
                    f"--image {service['name']}={preview(given)}: must be <repository>:<tag>[@sha256:<digest>]"
                )
                continue
            service["image"] = {
                "repository": match["repository"],
                "tag": match["tag"],
                **({"digest": match["digest"]} if match["digest"] else {}),
            }
        elif source_app is not None and f"/{source_app}/" in f"{service['image']['repository']}/":
            missing.append(
                f"services[{index}].image ({service['name']}) is the template app's image "
                f"{service['image']['repository']}:{service['image']['tag']}: "
                f"--image {service['name']}=<repository>:<tag>[@sha256:<digest>]"
            )


def _rotation_functions(settings: dict[str, Any], values: NewStackValues, missing: list[str]) -> None:
    """An application secret's rotation function is the application's code: only the project can name it."""
    secrets = settings.get("secrets", {}).get("app_secrets", [])
    names = [secret["name"] for secret in secrets]
    unknown = sorted(set(values.rotation_functions) - set(names))
    if unknown:
        missing.append(
            f"--rotation-function names unknown secrets {preview(unknown)}; the template's secrets are {names}"
        )
    for index, secret in enumerate(secrets):
        if "rotation" not in secret:
            continue
        given = values.rotation_functions.get(secret["name"])
        if given is not None:
            secret["rotation"]["lambda_arn"] = given
        else:
            missing.append(
                f"secrets.app_secrets[{index}].rotation.lambda_arn ({secret['name']}) is the template app's "
                f"function: --rotation-function {secret['name']}=<ARN of your rotation function>"
            )


def _runner(settings: dict[str, Any], values: NewStackValues, missing: list[str]) -> None:
    """The state bucket, the secrets key and the repository are the template project's own."""
    runner = settings.get("runner")
    if runner is None:
        return
    given = {
        "state_backend_url": (values.state_backend_url, "--state-backend s3://<bucket>[/<prefix>]?region=<region>"),
        "secrets_provider_key_arn": (values.secrets_provider_key_arn, "--secrets-provider-key <KMS key ARN>"),
    }
    for key, (value, flag) in given.items():
        if value is None:
            missing.append(f"runner.{key} is the template project's ({runner[key]}): {flag}")
        else:
            runner[key] = value
    if values.source_location is None:
        missing.append(
            f"runner.source.location is the template project's repository ({runner['source']['location']}): "
            "--source <https URL of your repository on GitHub, GitLab or Bitbucket, or <bucket>/<key>.zip>"
        )
        return
    runner["source"] = {
        "type": source_type(values.source_location),
        "location": values.source_location,
        **({"version": values.source_version} if values.source_version else {}),
    }


def _observability(settings: dict[str, Any], values: NewStackValues, missing: list[str]) -> None:
    """Who gets the alerts and which stack owns the account baseline are the template project's."""
    observability = settings.get("observability")
    if observability is None:
        return
    alerts = observability.setdefault("alerts", {})
    given = [{"protocol": "email", "endpoint": address} for address in values.alert_emails] + [
        {"protocol": "https", "endpoint_secret_arn": arn, "pages_only": True} for arn in values.alert_url_secret_arns
    ]
    if given:
        alerts["subscriptions"] = given
    elif alerts.get("subscriptions"):
        missing.append(
            "observability.alerts.subscriptions are the template project's recipients: --alert-email <address> "
            "and/or --alert-url-secret <ARN of a secret holding your paging tool's HTTPS URL> (each repeatable)"
        )
    ownership = observability.get("account_baseline", {})
    if values.account_baseline_owner is not None:
        observability["account_baseline"] = {"owner": False, "owner_stack": values.account_baseline_owner}
    elif not ownership.get("owner", False):
        missing.append(
            f"observability.account_baseline.owner_stack is the template project's ({ownership.get('owner_stack')}): "
            "--account-baseline-owner <organization>/<project>/<stack> of the stack that owns your account's trail"
        )


def source_type(location: str) -> str:
    """GITHUB / GITLAB / BITBUCKET from the host of an https URL, S3 for anything else (`bucket/key.zip`)."""
    for prefix, kind in SOURCE_TYPES:
        if location.startswith(prefix):
            return kind
    return "S3"
