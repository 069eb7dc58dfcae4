"""Accounts: users and their credentials, staff, personal data, retention and the security log."""
