"""Claimants, caseloads, transfers, safeguarding records."""
