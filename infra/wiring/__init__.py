"""Per-tier wiring: each module turns one part of the settings into components."""
