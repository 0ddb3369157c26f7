"""Policies about the pack itself: what it has reviewed, what a stack must contain."""
