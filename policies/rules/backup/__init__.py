"""Policies for backup."""
