"""Policies for guardduty."""
