"""Test support for Comptoir and its plugins (pytest fixtures in ``fixtures``)."""
