"""Pages of the dea_support app: cohorts, the filing journey, the inbox and request pages."""
