"""Asynchronous work: queues with dead-letter handling."""
