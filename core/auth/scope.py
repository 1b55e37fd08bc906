"""What part of the shop a user may act on: the registers and stock locations of the
stores they are assigned to (see the ``pos_access_scope`` hook).

The core has one shop, so without a plugin answering the hook every user's scope is the
whole shop (``None``); :mod:`core.api.scope` asks the hook and applies the answer to every
endpoint and page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AccessScope:
    """The registers and stock locations one user may see and act on; everything else
    is refused (403 for one record, left out of lists).

    Example, a plugin limiting a cashier to the north shop::

        @hookimpl
        def pos_access_scope(user):
            if "*" in user.permissions:
                return None  # admins: every store
            return AccessScope(register_ids=frozenset({3, 4}), location_ids=frozenset({2}))
    """

    register_ids: frozenset[int]
    location_ids: frozenset[int]

    def allows_register(self, register_id: int | None) -> bool:
        """Whether the register is in the scope (``None``, no register, is allowed)."""
        return register_id is None or register_id in self.register_ids

    def allows_location(self, location_id: int | None) -> bool:
        """Whether the location is in the scope (``None``, no location, is allowed)."""
        return location_id is None or location_id in self.location_ids
