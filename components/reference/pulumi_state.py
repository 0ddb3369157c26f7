"""Where Pulumi's self-managed ("DIY") backend keeps a stack's state in S3, and the URLs the CLI takes.

Read in the Pulumi CLI source (pulumi/pulumi, 2026-11): pkg/backend/diy/store.go (project-scoped
layout: `.pulumi/stacks/<project>/<stack>.json[.gz|.zst]`, `.pulumi/history/<project>/<stack>/`,
`.pulumi/backups/<project>/<stack>/`), pkg/backend/diy/lock.go (`.pulumi/locks/<organization>/
<project>/<stack>/<id>.json`, organization `organization` on a DIY backend), pkg/backend/diy/meta.go
(`.pulumi/meta.yaml`); the `s3://` and `awskms://` URL formats are gocloud.dev's (s3blob, awskms:
a key ARN goes in the path after an empty host, `awskms:///arn:...`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

BOOKKEEPING_DIR = ".pulumi"
DIY_ORGANIZATION = "organization"
S3_BUCKET_NAME = re.compile(r"^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\Z")
S3_PREFIX_SEGMENT = re.compile(r"^[A-Za-z0-9!_.*'()-]+\Z")
# Query parameters of gocloud's s3blob URL opener that a state URL may carry.
S3_URL_PARAMETERS = frozenset({"region", "awssdk"})
# Printable ASCII without spaces: urlsplit silently drops tabs and newlines, so they are refused first.
URL_CHARACTERS = re.compile(r"^[\x21-\x7e]+\Z")
AWS_REGION = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-[0-9]\Z")
KMS_KEY_ARN = re.compile(
    r"^arn:aws[a-z-]*:kms:(?P<region>[a-z]{2}(-gov)?-[a-z]+-[0-9]):(?P<account>[0-9]{12}):key/"
    r"(?P<key>(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))\Z"
)


@dataclass(frozen=True)
class S3StateBackend:
    """A `pulumi login s3://...` backend: the bucket, the key prefix of its `.pulumi/` folder, its URL."""

    url: str
    bucket: str
    prefix: str
    region: str

    @property
    def root(self) -> str:
        """The object-key prefix every state object starts with: `<prefix>/.pulumi/` (or `.pulumi/`)."""
        return f"{self.prefix}/{BOOKKEEPING_DIR}/" if self.prefix else f"{BOOKKEEPING_DIR}/"

    def stack_objects(self, project: str, stack: str) -> list[str]:
        """Object-key patterns a stack's `pulumi up` reads and writes: its checkpoint, history, backups
        and locks."""
        return [
            f"{self.root}stacks/{project}/{stack}.json*",
            f"{self.root}history/{project}/{stack}/*",
            f"{self.root}backups/{project}/{stack}/*",
            f"{self.root}locks/{DIY_ORGANIZATION}/{project}/{stack}/*",
        ]

    def checkpoint(self, project: str, stack: str) -> str:
        """The object-key pattern of a stack's checkpoint (what a StackReference to it reads)."""
        return f"{self.root}stacks/{project}/{stack}.json*"

    @property
    def meta(self) -> str:
        return f"{self.root}meta.yaml"


def parse_s3_backend(url: str) -> S3StateBackend:
    """The backend of `s3://<bucket>[/<prefix>]?region=<region>[&awssdk=v2]`; ValueError says what is wrong
    without quoting the URL or its parts (a URL can carry credentials; the caller shows a masked preview).

    The region is required: a runner in the DR region reads the same bucket, and an S3 client without it
    looks for the bucket in its own region.
    """
    if not URL_CHARACTERS.match(url):
        raise ValueError("must be printable ASCII without spaces or line breaks")
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError("must be an S3 state backend URL such as s3://my-state-bucket/prod?region=us-east-1")
    if not S3_BUCKET_NAME.match(parts.netloc):
        raise ValueError("names an invalid S3 bucket (3-63 lowercase letters, digits, '.', '-')")
    segments = [segment for segment in parts.path.split("/") if segment]
    bad_segments = [segment for segment in segments if not S3_PREFIX_SEGMENT.match(segment)]
    if bad_segments:
        raise ValueError("has a key prefix with unsafe characters (letters, digits, !_.*'()- only)")
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(query) - S3_URL_PARAMETERS)
    if unknown:
        raise ValueError(f"has unknown query parameters; allowed: {sorted(S3_URL_PARAMETERS)}")
    region = query.get("region", [None])[0]
    if region is None:
        raise ValueError("must name the bucket's region, as in s3://my-state-bucket/prod?region=us-east-1")
    if not AWS_REGION.match(region):
        raise ValueError("has an invalid region (such as us-east-1)")
    return S3StateBackend(url=url, bucket=parts.netloc, prefix="/".join(segments), region=region)


def kms_key_problem(arn: str) -> str | None:
    """Why `arn` is not a KMS key ARN (an alias will not do: IAM grants name the key), or None."""
    if not KMS_KEY_ARN.match(arn):
        return "must be a KMS key ARN such as arn:aws:kms:us-east-1:111122223333:key/<key id>"
    return None


def awskms_secrets_provider(key_arn: str) -> str:
    """The `--secrets-provider` URL of a stack whose secrets are encrypted with `key_arn`."""
    match = KMS_KEY_ARN.match(key_arn)
    if match is None:
        raise ValueError(kms_key_problem(key_arn))
    return f"awskms:///{key_arn}?region={match['region']}"
