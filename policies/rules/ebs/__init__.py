"""Policies for ebs."""
