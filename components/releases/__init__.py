"""Safe releases: feature flags whose rollouts roll back by themselves."""
