"""Quality Assurance Standards checks."""
