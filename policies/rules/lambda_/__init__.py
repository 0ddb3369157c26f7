"""Policies for lambda."""
