"""Policies for elasticache."""
