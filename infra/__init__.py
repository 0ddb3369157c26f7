"""The Bulkhead Pulumi program: validated stack settings and the wiring of components."""
