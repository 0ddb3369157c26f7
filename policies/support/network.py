"""Address ranges read as networks (`ipaddress`), never as strings.

`0.0.0.0/0`, `0.0.0.0/00`, `0.0.0.1/0`, `0:0:0:0:0:0:0:0/0`, `::ffff:0.0.0.0/96` and the pair
`0.0.0.0/1` + `128.0.0.0/1` all reach the internet; what matters is the set of addresses, so ranges are
parsed, collapsed into their union and compared with the private blocks.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Ranges that never reach the internet: RFC 1918, shared CGNAT, loopback, link-local, unique-local IPv6.
PRIVATE_BLOCKS: tuple[Network, ...] = tuple(
    ipaddress.ip_network(block)
    for block in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
        "::1/128",
    )
)


def parse(value: Any) -> Network | None:
    """The network a CIDR string denotes (host bits allowed, as AWS and Kubernetes normalise them), or None."""
    if not isinstance(value, str):
        return None
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None


def _private(network: Network) -> bool:
    if isinstance(network, ipaddress.IPv4Network):
        return any(network.subnet_of(b) for b in PRIVATE_BLOCKS if isinstance(b, ipaddress.IPv4Network))
    return any(network.subnet_of(b) for b in PRIVATE_BLOCKS if isinstance(b, ipaddress.IPv6Network))


def public_part(values: Iterable[Any]) -> tuple[list[str], list[str]]:
    """(ranges that include internet addresses, values that are not CIDRs at all) among `values`.

    Private blocks are disjoint and aligned, so a network that is not inside one of them holds
    public addresses. An unparseable value is reported on its own: AWS would refuse it or read it
    differently from the reviewer.
    """
    public, invalid = [], []
    for value in values:
        network = parse(value)
        if network is None:
            invalid.append(str(value))
        elif not _private(network):
            public.append(str(value))
    return public, invalid


def union_size(values: Iterable[Any], version: int) -> int:
    """How many addresses of one IP version the union of `values` covers (overlaps counted once)."""
    networks = [n for n in (parse(v) for v in values) if n is not None]
    collapsed: Iterable[Network] = (
        ipaddress.collapse_addresses(n for n in networks if isinstance(n, ipaddress.IPv4Network))
        if version == 4
        else ipaddress.collapse_addresses(n for n in networks if isinstance(n, ipaddress.IPv6Network))
    )
    return sum(n.num_addresses for n in collapsed)


def covers_everything(values: Iterable[Any]) -> bool:
    """The union is a whole address family (0.0.0.0/0 or ::/0), however it is spelled or split."""
    values = list(values)
    return union_size(values, 4) == 2**32 or union_size(values, 6) == 2**128
