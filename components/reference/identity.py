"""What AWS accepts for Amazon Cognito user pools, their app clients, domains, logs and WAF association.

Each value names its source (Amazon Cognito Developer Guide and API reference, AWS WAF Developer Guide,
checked 2026-11); docs/deployability.md lists the same facts with the test or rule that backs each. Pure
values: settings, components, tooling and the policy pack import this module, so it imports no SDK.
"""

from __future__ import annotations

# --- Feature plans and threat protection -----------------------------------------------------------
# "User pool feature plans": LITE, ESSENTIALS (the default for new pools), PLUS. Threat protection
# (`user_pool_add_ons.advanced_security_mode`, formerly advanced security features) is a Plus feature;
# AUDIT only records risk, ENFORCED also acts on it (the risk configuration's actions).
USER_POOL_TIERS = ("LITE", "ESSENTIALS", "PLUS")
THREAT_PROTECTION_TIER = "PLUS"
THREAT_PROTECTION_MODES = ("AUDIT", "ENFORCED")  # OFF is accepted by AWS and refused by Bulkhead
# RiskConfiguration, AccountTakeoverActionType.EventAction; CompromisedCredentialsActionsType.
ACCOUNT_TAKEOVER_ACTIONS = ("BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION")
COMPROMISED_CREDENTIALS_ACTIONS = ("BLOCK", "NO_ACTION")
COMPROMISED_CREDENTIALS_EVENTS = ("SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP")

# --- User pool -----------------------------------------------------------------------------------
# CreateUserPool: DeletionProtection ACTIVE | INACTIVE (default INACTIVE); MfaConfiguration OFF | ON |
# OPTIONAL (ON and OPTIONAL need software tokens, SMS or email MFA configured).
DELETION_PROTECTION_ACTIVE = "ACTIVE"
MFA_MODES = ("ON", "OPTIONAL")  # OFF is refused by Bulkhead
# PasswordPolicyType: MinimumLength 6-99; PasswordHistorySize 0-24 (Essentials or Plus);
# TemporaryPasswordValidityDays 0-365.
PASSWORD_MIN_LENGTH = (6, 99)
PASSWORD_HISTORY_SIZE = (0, 24)
TEMPORARY_PASSWORD_DAYS = (1, 365)
# Sign-in identifiers: `username_attributes` (email, phone_number) conflicts with `alias_attributes`.
USERNAME_ATTRIBUTES = ("email", "phone_number")
AUTO_VERIFIED_ATTRIBUTES = ("email", "phone_number")
# AccountRecoverySettingType.RecoveryMechanisms: verified_email | verified_phone_number | admin_only,
# priorities 1-2, at most 2 mechanisms; admin_only cannot be combined with another.
RECOVERY_MECHANISMS = ("verified_email", "verified_phone_number")
# EmailConfigurationType: EmailSendingAccount COGNITO_DEFAULT | DEVELOPER; DEVELOPER needs SourceArn, an
# SES identity verified in the pool's region (or a supported alternate SES region) of the same account.
EMAIL_SENDING_DEVELOPER = "DEVELOPER"
# SMS: `sms_configuration` needs an IAM role Cognito assumes (sns:Publish) with an external id; the
# monthly SMS spend limit is an account-level SNS setting (SetSMSAttributes MonthlySpendLimit), not a
# user pool argument. The pool cannot remove its SMS configuration without being replaced.
SMS_ROLE_SERVICE = "cognito-idp.amazonaws.com"

# --- App clients ---------------------------------------------------------------------------------
# UserPoolClientType: access and ID token validity 5 minutes - 1 day, refresh token 60 minutes - 10 years;
# the units default to hours (access, ID) and days (refresh) unless `token_validity_units` says otherwise.
ACCESS_TOKEN_MINUTES = (5, 24 * 60)
REFRESH_TOKEN_MINUTES = (60, 10 * 365 * 24 * 60)
TOKEN_UNITS = {"access_token": "minutes", "id_token": "minutes", "refresh_token": "minutes"}
# AuthSessionValidity 3-15 minutes (the session of one sign-in's challenges).
AUTH_SESSION_MINUTES = (3, 15)
# ExplicitAuthFlows: SRP keeps the password on the device; REFRESH_TOKEN_AUTH is refused by AWS on a
# client with refresh token rotation (RefreshTokenRotationType: then refresh goes through
# GetTokensFromRefreshToken or the token endpoint). Password flows send the password itself.
SRP_AUTH_FLOW = "ALLOW_USER_SRP_AUTH"
REFRESH_TOKEN_AUTH_FLOW = "ALLOW_REFRESH_TOKEN_AUTH"
PASSWORD_AUTH_FLOWS = (
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "USER_PASSWORD_AUTH",
    "ADMIN_NO_SRP_AUTH",
)
# RefreshTokenRotationType: Feature ENABLED | DISABLED, RetryGracePeriodSeconds 0-60.
REFRESH_ROTATION_GRACE_SECONDS = (0, 60)
# AllowedOAuthFlows: code | implicit | client_credentials; a client with client_credentials may use no
# other flow and needs a secret.
CODE_FLOW, IMPLICIT_FLOW, CLIENT_CREDENTIALS_FLOW = "code", "implicit", "client_credentials"
PUBLIC_CLIENT_SCOPES = ("openid", "email", "profile", "phone", "aws.cognito.signin.user.admin")
# Callback and sign-out URLs: HTTPS, except http://localhost for testing; custom schemes (myapp://) are
# accepted for native apps; no fragment; at most 100 each.
MAX_CALLBACK_URLS = 100
# ResourceServerType: identifier 1-256 characters; scope names 1-256 characters without spaces; at most
# 100 scopes per resource server.
MAX_RESOURCE_SERVER_SCOPES = 100

# --- Domain ----------------------------------------------------------------------------------------
# CreateUserPoolDomain: a custom domain needs an ISSUED ACM certificate in us-east-1 (it is served by
# CloudFront); ManagedLoginVersion 1 = hosted UI (classic), 2 = managed login. Alias records point at the
# domain's CloudFront distribution, whose hosted zone id is CloudFront's fixed one.
CUSTOM_DOMAIN_CERTIFICATE_REGION = "us-east-1"
MANAGED_LOGIN_VERSIONS = (1, 2)
CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2"

# --- Logs --------------------------------------------------------------------------------------------
# SetLogDeliveryConfiguration: at most 2 configurations. `userNotification` (message delivery errors) is
# ERROR-level and goes to CloudWatch Logs only; `userAuthEvents` (threat protection's user activity) is
# INFO-level and goes to CloudWatch Logs, Firehose or S3. CloudWatchLogsConfigurationType: the log group
# "must not be encrypted with AWS Key Management Service"; a name under /aws/vendedlogs/ avoids the
# 5,120-character limit of the account's log resource policy.
USER_NOTIFICATION_EVENTS, USER_AUTH_EVENTS = "userNotification", "userAuthEvents"
LOG_LEVELS = {USER_NOTIFICATION_EVENTS: "ERROR", USER_AUTH_EVENTS: "INFO"}
VENDED_LOG_GROUP_PREFIX = "/aws/vendedlogs/"
LOG_DELIVERY_SERVICE_PRINCIPAL = "delivery.logs.amazonaws.com"

# --- WAF ---------------------------------------------------------------------------------------------
# "Associate an AWS WAF web ACL with a user pool": one REGIONAL web ACL of the pool's region per pool; not
# one using the ATP or ACFP fraud control groups; WAF sees no PII (usernames, passwords), so rules match
# on the IP, headers, path and requested operation. The public API names the operation in X-Amz-Target.
WAF_FORBIDDEN_GROUPS = ("AWSManagedRulesATPRuleSet", "AWSManagedRulesACFPRuleSet")
COGNITO_TARGET_HEADER = "x-amz-target"
COGNITO_TARGET_PREFIX = "AWSCognitoIdentityProviderService."
SIGN_IN_OPERATIONS = ("InitiateAuth", "RespondToAuthChallenge", "GetTokensFromRefreshToken")
SIGN_UP_OPERATIONS = ("SignUp", "ConfirmSignUp", "ResendConfirmationCode", "ForgotPassword", "ConfirmForgotPassword")
# Managed login pages and the OAuth endpoints on the pool's domain.
SIGN_IN_PATHS = ("/login", "/oauth2/token", "/oauth2/authorize")
SIGN_UP_PATHS = ("/signup", "/confirmUser", "/forgotPassword", "/confirmForgotPassword")

# --- Metrics (namespace AWS/Cognito) -----------------------------------------------------------------
# Threat protection: AccountTakeoverRisk and CompromisedCredentialRisk, dimensions Operation, UserPoolId,
# RiskLevel. Throttles: SignInThrottles, SignUpThrottles, TokenRefreshThrottles, dimensions UserPool,
# UserPoolClient.
METRIC_NAMESPACE = "AWS/Cognito"
RISK_METRICS = ("AccountTakeoverRisk", "CompromisedCredentialRisk")
THROTTLE_METRICS = ("SignInThrottles", "SignUpThrottles", "TokenRefreshThrottles")

# --- Tokens at the services ---------------------------------------------------------------------------
# The issuer of a pool's tokens and where its signing keys are published.
ISSUER_TEMPLATE = "https://cognito-idp.{region}.amazonaws.com/{pool_id}"
JWKS_PATH = "/.well-known/jwks.json"


def issuer(region: str, pool_id: str) -> str:
    return ISSUER_TEMPLATE.format(region=region, pool_id=pool_id)
