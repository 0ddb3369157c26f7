"""What the smoke checks read inside a pod, and how they read it: kernel files and a few commands.

The checks rely on what a minimal image has: `/bin/sh`, `cat`, and for the network checks `getent`,
`nc` (or `bash`), `openssl`, and `curl` or `wget`. What each file or command proves is said where the
check uses it (tests/smoke/test_service_pods.py).
"""

from __future__ import annotations

import ipaddress
import shlex

APP_PROCESS = "/proc/1"  # the service is PID 1 of its container (no shared process namespace)
SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token"
# The instance metadata service, IPv4 and IPv6 (Nitro) endpoints.
IMDS_ADDRESSES = ("169.254.169.254", "fd00:ec2::254")
IMDS_PORT = 80
# Where a VPC's addresses come from: RFC 1918 and the RFC 6598 shared range VPCs may also use.
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(cidr) for cidr in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
)
# The connection facts the wiring gives each service (infra/wiring/data.py, service_connection_env).
DATA_ENDPOINT_VARIABLES = ("BULKHEAD_DB_HOST", "BULKHEAD_DB_READER_HOST", "BULKHEAD_CACHE_HOST")
CACHE_HOST, CACHE_PORT = "BULKHEAD_CACHE_HOST", "BULKHEAD_CACHE_PORT"
TIMEOUT_SECONDS = 3


def process_uids(status: str) -> set[int]:
    """The real, effective, saved and filesystem UIDs of `/proc/<pid>/status`."""
    for line in status.splitlines():
        if line.startswith("Uid:"):
            return {int(uid) for uid in line.split()[1:]}
    raise ValueError("no Uid line in the process status")


def mount_options(mounts: str, mount_point: str) -> set[str]:
    """The options of the last mount at `mount_point` in `/proc/<pid>/mounts` (the one in effect)."""
    options = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[1] == mount_point:
            options = set(fields[3].split(","))
    if options is None:
        raise ValueError(f"nothing is mounted at {mount_point}")
    return options


def environment(environ: bytes) -> dict[str, str]:
    """`/proc/<pid>/environ`: NUL-separated NAME=value pairs."""
    pairs = (entry.decode("utf-8", "replace").partition("=") for entry in environ.split(b"\0") if entry)
    return {name: value for name, _, value in pairs}


def data_endpoints(env: dict[str, str]) -> dict[str, str]:
    return {name: env[name] for name in DATA_ENDPOINT_VARIABLES if env.get(name)}


def is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in PRIVATE_NETWORKS if network.version == ip.version)


def tls_handshake(host: str, port: int | str) -> str:
    """A TLS client that connects, completes the handshake and leaves (exit 0 only on a handshake)."""
    return (
        f"openssl s_client -connect {shlex.quote(f'{host}:{port}')} -servername {shlex.quote(host)} -brief < /dev/null"
    )


def plaintext_ping(host: str, port: int | str) -> str:
    """A Redis-protocol PING in clear text; a server that accepts plaintext replies `+PONG` or `-NOAUTH...`."""
    return f"printf 'PING\\r\\n' | nc -w {TIMEOUT_SECONDS} {shlex.quote(host)} {shlex.quote(str(port))}"


def answers_resp(output: str) -> bool:
    """Whether `output` holds a RESP reply (a simple string or an error) to the plaintext PING."""
    return any(line[:1] in ("+", "-") for line in output.splitlines())


def http_get(url: str, *, any_status: bool = False) -> str:
    """GET `url` with curl or wget. Exit 0 on a 2xx/3xx answer; with `any_status`, on any HTTP answer
    at all (exit 8 of wget is "the server answered with an error status")."""
    quoted = shlex.quote(url)
    if any_status:
        curl = f"test \"$(curl -s -o /dev/null -w '%{{http_code}}' -m {TIMEOUT_SECONDS} {quoted})\" != 000"
        wget = f"wget -q -O /dev/null -T {TIMEOUT_SECONDS} {quoted}; test $? -eq 0 -o $? -eq 8"
    else:
        curl = f"curl -fsS -o /dev/null -m {TIMEOUT_SECONDS} {quoted}"
        wget = f"wget -q -O /dev/null -T {TIMEOUT_SECONDS} {quoted}"
    return (
        f"if command -v curl >/dev/null; then {curl}; "
        f"elif command -v wget >/dev/null; then {wget}; "
        "else echo 'neither curl nor wget in the container' >&2; exit 127; fi"
    )


def url(scheme: str, host: str, port: int, path: str) -> str:
    literal = f"[{host}]" if ":" in host else host
    return f"{scheme}://{literal}:{port}{path if path.startswith('/') else '/' + path}"
