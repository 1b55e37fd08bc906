"""The purchasing rules, apart from views: suppliers, orders, reordering. Services write
in the caller's transaction and never commit."""
