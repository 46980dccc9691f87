"""nominations."""
