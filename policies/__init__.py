"""Bulkhead CrossGuard policy pack: rules, registry, config, offline evaluator and catalog."""
