"""Policies for xray."""
