"""Day-2 tooling for Bulkhead: the `bulkhead` CLI, the offline plan and the boto3 runbooks."""
