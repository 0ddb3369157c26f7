"""The rows of the control catalog (../shared/CONTROLS.md), kept here so tests do not depend on that file.

Each row is mapped to at least one policy (its ROWS) or listed in `policies/not_applicable.py`.
"""

CATALOG_ROWS: tuple[str, ...] = tuple(str(n) for n in range(1, 80)) + tuple(f"K{n}" for n in range(1, 21))
