"""The tamper-evident journal: one signed hash chain per register."""
