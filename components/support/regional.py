"""A component that groups one component's resources in another region (the DR region).

Children created with `parent=<group>` inherit the group's provider, so shared helpers that only take a
`parent` (closed security groups, encrypted log groups) build in the right region without extra
arguments.
"""

from __future__ import annotations

import pulumi


class RegionalGroup(pulumi.ComponentResource):
    """The DR-region part of a component: `bulkhead:<module>:DrSecondary`, parented to the component."""

    def __init__(self, module: str, name: str, *, parent: pulumi.Resource, provider: pulumi.ProviderResource):
        super().__init__(
            f"bulkhead:{module}:DrSecondary",
            name,
            None,
            pulumi.ResourceOptions(parent=parent, provider=provider),
        )
        self.register_outputs({})
