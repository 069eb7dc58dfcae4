"""What several blueprints share: form fields, the permission decorator, static URLs."""
