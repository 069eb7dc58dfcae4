"""Storefronts (issue 18): the business page as a shop window, labels declared and verified, digital basics."""
