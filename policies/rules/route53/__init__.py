"""Policies for route53."""
