"""Sales reports: aggregates computed by the database, by day, hour, product, payment
method or user, with the plugins' sections."""
