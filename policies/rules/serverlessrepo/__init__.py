"""Policies for the Serverless Application Repository."""
