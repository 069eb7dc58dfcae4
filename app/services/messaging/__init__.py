"""Messages to users: in-site notifications and saved-search alerts."""
