"""The Django apps: one per area users recognise."""
