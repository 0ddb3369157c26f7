"""What AWS CodeBuild accepts for the in-VPC runner, as the runner component and the settings check it.

Sources (read 2026-11): CodeBuild User Guide "Build environment compute modes and types" (on-demand
Linux container compute types), "Docker images provided by CodeBuild" (the Amazon Linux 2023 standard
5.0 image carries the AWS CLI v2 and Python 3.11/3.12 runtimes), API reference ProjectSource
(source types and location formats) and CreateProject (timeoutInMinutes 5-2160).
"""

from __future__ import annotations

import re
from typing import Literal, get_args

SourceType = Literal["GITHUB", "GITLAB", "BITBUCKET", "S3"]
SOURCE_TYPES: tuple[SourceType, ...] = get_args(SourceType)
ComputeType = Literal[
    "BUILD_GENERAL1_SMALL",
    "BUILD_GENERAL1_MEDIUM",
    "BUILD_GENERAL1_LARGE",
    "BUILD_GENERAL1_XLARGE",
    "BUILD_GENERAL1_2XLARGE",
]
COMPUTE_TYPES: tuple[ComputeType, ...] = get_args(ComputeType)
DEFAULT_COMPUTE_TYPE: ComputeType = "BUILD_GENERAL1_SMALL"
# The curated Amazon Linux 2023 image: the AWS CLI v2 (the kubeconfig's `aws eks get-token`), curl and
# Python 3.11 (`runtime-versions`).
DEFAULT_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0"
PYTHON_RUNTIME = "3.11"
MIN_BUILD_TIMEOUT_MINUTES = 5
MAX_BUILD_TIMEOUT_MINUTES = 2160
PULUMI_VERSION_PATTERN = re.compile(r"^3\.[0-9]{1,3}\.[0-9]{1,3}\Z")
SOURCE_LOCATIONS = {
    "GITHUB": re.compile(r"^https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?(\.git)?\Z"),
    "GITLAB": re.compile(r"^https://gitlab\.com/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+?(\.git)?\Z"),
    "BITBUCKET": re.compile(r"^https://bitbucket\.org/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?(\.git)?\Z"),
    "S3": re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[A-Za-z0-9!_.*'()/-]+\.zip\Z"),
}
EXAMPLE_LOCATIONS = {
    "GITHUB": "https://github.com/example-org/backend.git",
    "GITLAB": "https://gitlab.com/example-org/backend.git",
    "BITBUCKET": "https://bitbucket.org/example-org/backend.git",
    "S3": "my-source-bucket/backend.zip",
}


def source_location_problem(source_type: str, location: str) -> str | None:
    """Why `location` is not a `source_type` source location, or None (without quoting it: a URL can carry
    credentials, so the caller decides how much of it to show)."""
    if source_type not in SOURCE_LOCATIONS:
        return f"source type must be one of {list(SOURCE_TYPES)}"
    if not SOURCE_LOCATIONS[source_type].match(location):
        return f"is not a {source_type} location such as {EXAMPLE_LOCATIONS[source_type]}"
    return None
