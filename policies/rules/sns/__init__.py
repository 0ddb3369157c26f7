"""Policies for sns."""
