"""Policies for eks."""
