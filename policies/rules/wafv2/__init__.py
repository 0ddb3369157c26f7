"""Policies for wafv2."""
