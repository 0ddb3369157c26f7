"""Policies for kms."""
