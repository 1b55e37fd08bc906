"""Users, roles, permissions; password, PIN and token authentication."""
