"""Policies for secretsmanager."""
