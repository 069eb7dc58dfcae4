"""Conversations between a business and those who answer its listings: threads, messages, interviews."""
