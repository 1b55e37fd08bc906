"""The audit log: who did what sensitive thing, when, from where, and what changed."""
