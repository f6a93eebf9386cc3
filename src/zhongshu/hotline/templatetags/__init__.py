"""Template tags of the 12345 hotline pages."""
