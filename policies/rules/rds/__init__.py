"""Policies for rds."""
