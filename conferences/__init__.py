"""Activities: conferences, three-way and claimant support interventions, outcomes."""
