"""Businesses: profiles, the artisan's space, the public directory and business pages."""
