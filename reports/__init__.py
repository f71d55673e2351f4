"""FTE headcount and activity reports."""
