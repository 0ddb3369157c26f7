"""Amazon Cognito user pools and app clients."""
