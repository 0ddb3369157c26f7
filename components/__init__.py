"""Reusable, secure-by-default Pulumi components (they never read config)."""
