"""boto3 runbooks for on-call: `dr status`, `dr failover`, `backup verify` (see docs/runbooks.md).

They read the stack outputs JSON (`pulumi stack output --json`), never the Pulumi CLI.
"""

from bulkhead.runbooks.cli import register, run

__all__ = ["register", "run"]
