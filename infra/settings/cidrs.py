"""CIDRs as networks, not strings: written canonically, and never opening an endpoint to the internet.

`0.0.0.0/00`, `0.0.0.0/1` + `128.0.0.0/1`, `::/0` or `::ffff:0:0/96` all mean "everyone"; comparing
strings against `0.0.0.0/0` catches none of them. Here every entry is parsed, the list is judged by
the addresses it covers together, and an entry must be written the way AWS writes it back.
"""

from __future__ import annotations

import ipaddress
from typing import Any

# More than a /8 together is most of the internet, not "our office and CI egress ranges".
MAX_PUBLIC_ADDRESSES = 2**24
RFC1918 = tuple(ipaddress.IPv4Network(block) for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
SHARED_ADDRESS_SPACE = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT


def parse_network(value: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network | None, str | None]:
    """(network, None), or (None, why `value` is not a network in CIDR notation)."""
    try:
        return ipaddress.ip_network(value, strict=True), None
    except ValueError as error:
        reason = "host bits are set" if "host bits set" in str(error) else "not a network in CIDR notation"
        return None, f"must be a network in CIDR notation such as 203.0.113.0/24 ({reason})"


def canonical_problem(value: str, network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> str | None:
    """AWS stores and compares the canonical spelling; `10.0.0.0/016` would show as a change forever."""
    return None if str(network) == value else f"must be written {network} (the canonical form)"


def public_access_problems(cidrs: tuple[str, ...]) -> list[tuple[tuple[str | int, ...], str, Any]]:
    """Problems of a list of CIDRs allowed to reach a public endpoint of an IPv4 cluster:
    `(path, message, value)` per entry, plus one for the list when together they cover the internet."""
    problems: list[tuple[tuple[str | int, ...], str, Any]] = []
    networks: list[ipaddress.IPv4Network] = []
    for index, cidr in enumerate(cidrs):
        network, problem = parse_network(cidr)
        if network is not None and network.version == 6:
            problem = "must be an IPv4 range: the cluster is IPv4 (an IPv6 or IPv4-mapped range is refused)"
        elif network is not None and network.num_addresses > MAX_PUBLIC_ADDRESSES:
            problem = "opens the API to (most of) the internet; list your own egress ranges, each /8 or narrower"
        elif network is not None and _never_a_public_source(network):
            problem = "is a private or special-purpose range (the public endpoint only sees public addresses)"
        elif network is not None:
            problem = canonical_problem(cidr, network)
        if problem is None and isinstance(network, ipaddress.IPv4Network):
            networks.append(network)
        elif problem is not None:
            problems.append(((index,), problem, cidr))
    covered = sum(network.num_addresses for network in ipaddress.collapse_addresses(networks))
    if covered > MAX_PUBLIC_ADDRESSES:
        message = f"together cover {covered} addresses, more than a /8: that opens the API to the internet"
        problems.append(((), message, list(cidrs)))
    return problems


def _never_a_public_source(network: ipaddress.IPv4Network) -> bool:
    special = network.is_loopback or network.is_link_local or network.is_multicast or network.is_unspecified
    return special or network.is_reserved or any(network.subnet_of(block) for block in (*RFC1918, SHARED_ADDRESS_SPACE))
