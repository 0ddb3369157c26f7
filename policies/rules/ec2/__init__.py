"""Policies for ec2."""
