"""Outgoing mail: the durable outbox and its sender."""
