"""Pages of the council workspace: thin views over selectors and services."""
