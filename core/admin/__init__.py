"""The back office: its shell (menu) and the core's admin pages."""
