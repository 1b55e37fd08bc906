"""Stock: locations, levels and the movement ledger."""
