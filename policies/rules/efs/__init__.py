"""Policies for efs."""
