"""The smoke suite's options and targets: every running service pod of the cluster, through testinfra's
kubectl backend (`kubectl exec` into the service's container). Run it with `bulkhead smoke --context ...`.
"""

from __future__ import annotations

import pytest
import testinfra

from bulkhead.smoke.pods import Pod, discover


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("bulkhead smoke")
    group.addoption("--kube-context", help="kubeconfig context of the cluster (required)")
    group.addoption("--kube-namespace", action="append", default=[], help="only this namespace; repeatable")
    group.addoption("--kubeconfig", help="kubeconfig file. Default: - kubectl's own")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "pod" not in metafunc.fixturenames:
        return
    config = metafunc.config
    context = config.getoption("--kube-context")
    if not context:
        raise pytest.UsageError("the smoke suite needs --kube-context (run it with `bulkhead smoke --context ...`)")
    pods = discover(context, config.getoption("--kube-namespace"), config.getoption("--kubeconfig"))
    metafunc.parametrize("pod", pods, ids=[pod.label for pod in pods])


@pytest.fixture
def host(pod: Pod, request: pytest.FixtureRequest) -> testinfra.host.Host:
    """The service's container, reached through `kubectl exec`."""
    config = request.config
    return testinfra.get_host(pod.hostspec(config.getoption("--kube-context"), config.getoption("--kubeconfig")))
