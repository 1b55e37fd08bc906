"""The Comptoir fixtures come from ``core.testing.fixtures`` (a pytest plugin)."""
