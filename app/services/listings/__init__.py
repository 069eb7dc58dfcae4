"""Listings (offers and projects): creation, editing, the state machine, expiry and import."""
