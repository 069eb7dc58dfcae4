"""Stored files: CVs, images, and sweeping orphans."""
