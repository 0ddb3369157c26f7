"""What Secrets Manager accepts for a secret and its rotation, as the secrets component and the settings
check it (Secrets Manager API reference, read 2026-11: CreateSecret Name 1-512 of `A-Za-z0-9/_+=.@-`,
RecoveryWindowInDays 7-30; RotateSecret).
"""

from __future__ import annotations

import re

MIN_RECOVERY_WINDOW_DAYS = 7
MAX_RECOVERY_WINDOW_DAYS = 30
MAX_ROTATION_DAYS = 90  # control 54, policies/controls.py
SECRET_NAME_PATTERN = re.compile(r"^[A-Za-z0-9/_+=.@-]{1,512}\Z")
LAMBDA_ARN_PATTERN = re.compile(
    r"^arn:aws[a-z-]*:lambda:(?P<region>[a-z0-9-]+):(?P<account>[0-9]{12}):function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?\Z"
)
