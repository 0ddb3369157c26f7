"""Policies for logs."""
