"""Training scripts for the shipped NLP models (reproducible, seeded)."""
