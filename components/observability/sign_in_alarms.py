"""Alarm specs of the user pool's threat protection: waves of risky sign-ins, and compromised credentials.

Metric source (read 2026-11): Amazon Cognito Developer Guide, "Viewing threat protection metrics":
`AccountTakeoverRisk` and `CompromisedCredentialRisk` in `AWS/Cognito`, with the dimensions
`UserPoolId`, `Operation` and `RiskLevel` (high, medium, low), published in AUDIT and ENFORCED modes
alike, only when a request carried that risk. The alarms read them with a Metrics Insights query that
sums every series of the pool (every operation), so no dimension set has to be guessed.

Threat protection already acts on each request (blocks, MFA challenges, per settings); what it does
not do is tell anyone. A single risky sign-in is the pool working; many in a few minutes is an attack
in progress (credential stuffing, a botnet) that the on-call engineer should see, and credentials known
to be leaked are users to contact.
"""

from __future__ import annotations

import pulumi

from components.observability.alarms import AlarmSpec, Query, insights

COGNITO = "AWS/Cognito"
FIVE_MINUTES = 300
HOUR = 3600
# High-risk account-takeover assessments in five minutes that make an attack wave rather than a few
# unlucky users (each of which threat protection handles alone).
TAKEOVER_WAVE = 20


def sign_in_risk_specs(user_pool_id: pulumi.Input[str]) -> list[AlarmSpec]:
    """A page on a wave of high-risk sign-ins, a ticket on any compromised credentials, for one pool."""
    return [
        AlarmSpec(
            what="sign-in-takeover-wave",
            summary=f"Sign-in: more than {TAKEOVER_WAVE} high-risk account-takeover assessments in 5 min.",
            runbook="sign-in-risk",
            severity="page",
            threshold=TAKEOVER_WAVE,
            comparison="GreaterThanThreshold",
            missing_data="notBreaching",  # a count published only when a request carried the risk
            queries=(
                Query(
                    id="takeover",
                    expression=insights(
                        "AccountTakeoverRisk",
                        COGNITO,
                        "UserPoolId",
                        user_pool_id,
                        aggregate="SUM",
                        also=(("RiskLevel", "high"),),
                    ),
                    period=FIVE_MINUTES,
                    label="high-risk sign-ins",
                    returns=True,
                ),
            ),
        ),
        AlarmSpec(
            what="sign-in-compromised-credentials",
            summary="Sign-in: credentials known to be leaked were used against the pool in the last hour.",
            runbook="sign-in-risk",
            severity="ticket",
            threshold=0,
            comparison="GreaterThanThreshold",
            missing_data="notBreaching",  # a count published only when a request carried the risk
            queries=(
                Query(
                    id="compromised",
                    expression=insights(
                        "CompromisedCredentialRisk", COGNITO, "UserPoolId", user_pool_id, aggregate="SUM"
                    ),
                    period=HOUR,
                    label="compromised-credential requests",
                    returns=True,
                ),
            ),
        ),
    ]
