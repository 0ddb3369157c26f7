"""Policies for sqs."""
