"""AppConfig facts the pack enforces (the pack is published alone; components/reference/appconfig.py
re-exports them for the components).

AWS AppConfig User Guide, "Setting up permissions for automatic rollback" and the CreateEnvironment API
(checked 2026-11): an environment watches at most five CloudWatch alarms during a deployment.
"""

MAX_MONITORS = 5
