"""Policies for kubernetes."""
