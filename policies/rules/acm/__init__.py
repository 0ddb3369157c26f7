"""Policies for acm."""
