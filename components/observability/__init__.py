"""Observability and audit: alerts, SLO alarms, dashboard, Container Insights, tracing, audit trail."""
