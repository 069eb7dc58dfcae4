"""Domain services: each module checks permissions and state, changes models and owns the commit."""
