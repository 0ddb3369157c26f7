"""Policies for dynamodb."""
