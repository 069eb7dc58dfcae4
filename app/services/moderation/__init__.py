"""Chamber moderation: the review queue and decisions, reports, the audit log and the dashboard."""
