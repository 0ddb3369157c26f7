"""Pure helpers shared by the rules: property access, IAM documents, Kubernetes specs, RDS, TLS, stack graphs."""
