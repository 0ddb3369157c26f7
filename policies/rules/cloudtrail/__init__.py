"""Policies for cloudtrail."""
