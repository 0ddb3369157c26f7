"""Policies for s3."""
