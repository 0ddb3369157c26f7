"""Policies for ecr."""
