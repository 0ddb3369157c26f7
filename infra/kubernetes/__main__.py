"""Entry point of the Kubernetes layer's program (`main: ../` of infra/kubernetes/<cluster>/Pulumi.yaml)."""

import pathlib
import sys

# Pulumi runs this file as a script from this folder; put the repository root on the path so that
# `infra` and `components` import the same way here as in tests and in the offline plan.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

from infra.kubernetes_layer import main  # noqa: E402

main()
