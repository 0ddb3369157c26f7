"""Policies for lb."""
