"""Infrastructure with no domain: errors, text, time, tokens, files, hashing, logs, security headers."""
