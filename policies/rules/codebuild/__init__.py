"""Policies for CodeBuild (the in-VPC runner)."""
