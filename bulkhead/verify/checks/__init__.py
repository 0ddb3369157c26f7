"""One module per area, each exposing `CHECKS`; bulkhead/verify/registry.py lists the modules."""
