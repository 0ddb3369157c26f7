"""Exit statuses shared by every `bulkhead` command (README, "Two commands")."""

EXIT_OK = 0
# A check ran and found a problem: a mandatory policy violation, a missed RPO/RTO target, a failed runbook step.
EXIT_FAILED = 1
# The command could not run: bad arguments, an invalid stack, plan, config or outputs file, no credentials.
EXIT_BAD_INPUT = 2
