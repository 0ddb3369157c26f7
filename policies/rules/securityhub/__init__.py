"""Policies for securityhub."""
