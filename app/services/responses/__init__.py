"""Answers to listings: apprentice profiles, applications to offers and partners' interest in projects."""
