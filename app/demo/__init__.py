"""Demo data: realistic French accounts, businesses and listings for `flask demo load`."""
