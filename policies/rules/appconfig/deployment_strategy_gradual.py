"""Where required, a configuration reaches its targets step by step while the alarms watch."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, get, setting, violation

NAME = "appconfig-deployment-strategy-gradual"
DESCRIPTION = (
    "Where required (staging, prod), AppConfig deployment strategies are not all at once (growth below 100% "
    "over a duration above 0) and bake at least the minimum minutes; deployments use no predefined strategy "
    "that is all at once or bakes less."
)
SEVERITY = "high"
CATEGORY = "AV"
CONTROLS = ("custom: gradual configuration rollout",)
ROWS = ("X15",)
STRATEGY = "aws:appconfig/deploymentStrategy:DeploymentStrategy"
DEPLOYMENT = "aws:appconfig/deployment:Deployment"
TYPES = frozenset({STRATEGY, DEPLOYMENT})
REMEDIATION = (
    "Set growth_factor < 100, deployment_duration_in_minutes > 0 and final_bake_time_in_minutes >= the minimum, "
    "or deploy with AppConfig.Linear20PercentEvery6Minutes / AppConfig.Canary10Percent20Minutes."
)
CONFIG = {
    "allowAllAtOnce": {"type": "boolean", "default": True, "description": "allow all-at-once rollouts"},
    "minBakeMinutes": {
        "type": "integer",
        "minimum": 0,
        "default": 0,
        "description": "least final bake time, in minutes",
    },
}
# AppConfig's predefined strategies (AppConfig user guide): (all at once, final bake minutes).
PREDEFINED = {
    "AppConfig.AllAtOnce": (True, 10),
    "AppConfig.Linear50PercentEvery30Seconds": (False, 1),
    "AppConfig.Canary10Percent20Minutes": (False, 10),
    "AppConfig.Linear20PercentEvery6Minutes": (False, 30),
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    allow_all_at_once = setting(args, CONFIG, "allowAllAtOnce")
    min_bake = setting(args, CONFIG, "minBakeMinutes")
    if args.resource_type == STRATEGY:
        growth, duration = get(args.props, "growthFactor"), as_int(get(args.props, "deploymentDurationInMinutes"))
        if not allow_all_at_once and (not isinstance(growth, int | float) or growth >= 100):
            report_violation(violation("growthFactor", growth, "grow by less than 100% per step"))
        if not allow_all_at_once and (duration is None or duration == 0):
            report_violation(
                violation(
                    "deploymentDurationInMinutes",
                    get(args.props, "deploymentDurationInMinutes"),
                    "spread the rollout over minutes",
                )
            )
        bake = as_int(get(args.props, "finalBakeTimeInMinutes"))
        if (bake or 0) < min_bake:
            report_violation(
                violation(
                    "finalBakeTimeInMinutes",
                    get(args.props, "finalBakeTimeInMinutes"),
                    f"bake at least {min_bake} minutes",
                )
            )
    elif args.resource_type == DEPLOYMENT:
        strategy = get(args.props, "deploymentStrategyId")
        all_at_once, bake = PREDEFINED.get(strategy, (False, min_bake))
        if (all_at_once and not allow_all_at_once) or bake < min_bake:
            report_violation(
                violation(
                    "deploymentStrategyId",
                    strategy,
                    f"use a gradual strategy baking >= {min_bake} minutes (a predefined one that does, or your own)",
                )
            )
