"""Tests of what a real deployment does before any resource: Pulumi installing what the programs need."""
