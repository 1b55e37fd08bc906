"""Tips: a ``tip`` sale line owed to an employee, never the restaurant's revenue.

The till adds it to the bill it pays (on the card, or kept from the cash change); the
sale records it, and :mod:`.records` keeps one row per tip and per tip refunded, for the
report per employee and day (:mod:`.report`) and the register's X and Z reports.
"""
