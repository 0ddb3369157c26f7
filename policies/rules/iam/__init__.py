"""Policies for iam."""
