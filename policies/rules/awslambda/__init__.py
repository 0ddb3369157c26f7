"""Policies for Lambda."""
