"""Policies for cloudwatch."""
