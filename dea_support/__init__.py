"""DEA cohorts and support requests."""
