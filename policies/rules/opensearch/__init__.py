"""Policies for opensearch."""
