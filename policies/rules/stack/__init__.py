"""Policies for stack."""
