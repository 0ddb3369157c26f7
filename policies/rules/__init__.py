"""One policy per file, grouped by service; registered explicitly in policies/registry.py."""
