"""Database audit on Aurora PostgreSQL: pgaudit and statement logging, as cluster parameters.

Sources (read 2026-11): Aurora User Guide "Using pgAudit to log database activity" (pgaudit must be in
`shared_preload_libraries`; object auditing through the `rds_pgaudit` role, which must exist in the
database), RDS `DescribeEngineDefaultClusterParameters` for aurora-postgresql16 (apply types:
`shared_preload_libraries` is static and needs a reboot; `pgaudit.*`, `log_connections`,
`log_disconnections`, `log_min_duration_statement`, `log_statement` and `log_parameter_max_length*`
are dynamic; `pgaudit.role` accepts only `rds_pgaudit`), the PostgreSQL documentation (what each
parameter logs) and pgaudit's README (session classes, `log_parameter`).
"""

from __future__ import annotations

AUDIT_ROLE = "rds_pgaudit"
PRELOAD_LIBRARIES = "pg_stat_statements,pgaudit"
# Session audit classes: schema changes (DDL) and role / privilege changes (GRANT, REVOKE, roles).
SESSION_CLASSES = "ddl,role"
STATIC_PARAMETERS = frozenset({"shared_preload_libraries"})
# RDS refuses `immediate` for a static parameter; it takes effect at the next reboot.
STATIC_APPLY_METHOD = "pending-reboot"
DYNAMIC_APPLY_METHOD = "immediate"


def apply_method(parameter: str) -> str:
    return STATIC_APPLY_METHOD if parameter in STATIC_PARAMETERS else DYNAMIC_APPLY_METHOD


def audit_parameters(*, slow_statement_ms: int, sensitive_data: bool) -> dict[str, str]:
    """Cluster parameters for pgaudit, connection logging and slow statements.

    With `sensitive_data`, no bound parameter value reaches a log line: not pgaudit's (log_parameter),
    not a slow statement's detail (log_parameter_max_length), not an error's (..._on_error).
    """
    parameters = {
        "shared_preload_libraries": PRELOAD_LIBRARIES,
        "pgaudit.role": AUDIT_ROLE,
        "pgaudit.log": SESSION_CLASSES,
        "pgaudit.log_catalog": "0",  # system-catalog queries (psql, drivers) would drown the audit log
        "pgaudit.log_parameter": "0" if sensitive_data else "1",
        "log_connections": "1",
        "log_disconnections": "1",
        "log_statement": "none",  # pgaudit records what must be recorded; log_statement would repeat it
        "log_min_duration_statement": str(slow_statement_ms),
    }
    if sensitive_data:
        parameters |= {"log_parameter_max_length": "0", "log_parameter_max_length_on_error": "0"}
    return parameters
