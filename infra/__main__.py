"""Entry point of the AWS layer's Pulumi program (`main: infra/` in the repository's Pulumi.yaml)."""

import pathlib
import sys

# Pulumi runs this file as a script; put the repository root on the path so that `infra` and
# `components` import the same way here as in tests and in the offline plan.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from infra.aws_layer import main  # noqa: E402

main()
