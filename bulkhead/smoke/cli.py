"""`bulkhead smoke`: the testinfra suite (tests/smoke) inside every running service pod, via kubectl.

Exit status: 0 every check passed (or does not apply), 1 a check failed, 2 the suite could not run
(kubectl missing, unknown context, no service pod found, no checkout with tests/smoke, no testinfra).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from bulkhead.smoke.pods import KubectlError, discover

SUITE = Path(__file__).resolve().parents[2] / "tests" / "smoke"
PYTEST_FAILED = 1


def register(subparsers: Any) -> None:
    """Add `smoke` to the `bulkhead` CLI."""
    parser = subparsers.add_parser(
        "smoke", help="run the testinfra smoke suite inside every running service pod (kubectl exec)"
    )
    parser.add_argument("--context", required=True, help="the kubeconfig context of the cluster")
    parser.add_argument(
        "--namespace",
        action="append",
        default=[],
        metavar="NAMESPACE",
        help="only the pods of this namespace; repeatable. Default: - every namespace but kube-system",
    )
    parser.add_argument("--kubeconfig", metavar="FILE", help="kubeconfig file. Default: - kubectl's own")
    parser.add_argument("--junit-xml", metavar="FILE", help="also write the results as JUnit XML (for CI)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("testinfra") is None:
        print("error: pytest-testinfra is not installed: pip install -r requirements-dev.txt", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not SUITE.is_dir():
        print(f"error: the smoke suite is not here ({SUITE}): run from a checkout of the repository", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        pods = discover(args.context, args.namespace, args.kubeconfig)
    except KubectlError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not pods:
        where = ", ".join(args.namespace) or "any namespace but kube-system"
        print(f"error: no running pod of a Bulkhead service in context {args.context} ({where})", file=sys.stderr)
        return EXIT_BAD_INPUT
    import pytest  # only now: the CLI's other commands do not need it

    argv = [str(SUITE), "--kube-context", args.context, "-p", "no:cacheprovider", "-rfEs"]
    argv += [option for namespace in args.namespace for option in ("--kube-namespace", namespace)]
    argv += ["--kubeconfig", args.kubeconfig] if args.kubeconfig else []
    argv += ["--junit-xml", args.junit_xml] if args.junit_xml else []
    code = pytest.main(argv)
    if code == EXIT_OK:
        return EXIT_OK
    return EXIT_FAILED if code == PYTEST_FAILED else EXIT_BAD_INPUT
