"""Amazon Cognito: the mobile app's user pool, its app clients, WAF and sign-in domain."""
