"""Migration scripts, oldest first. Never edit a shipped one; add the next."""
