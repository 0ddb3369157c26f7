"""Policies for appconfig."""
