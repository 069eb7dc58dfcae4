"""Domain services, one package per domain: use cases check permissions and state, change models, commit once."""
