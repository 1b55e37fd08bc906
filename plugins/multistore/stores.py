"""Stores: the shops of one merchant, the locations and registers they own, the users
assigned to them, and what each user may see (the ``pos_access_scope`` answer).

A register belongs to the store owning the location it sells from. A location no store
claims belongs to the first store (the shop that existed before the plugin was enabled),
so that nothing the core or another plugin creates is left without a store.
"""

from __future__ import annotations

import types
import typing as t
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import (
    AccessScope,
    Conflict,
    Invalid,
    NotFound,
    SharedCache,
    UserView,
    create_location,
    current_store,
    db,
    get_location,
    get_users,
    list_locations,
    list_registers,
    write_transaction,
)

from .models import Store, StoreLocation, StoreUser
from .store_pricing import PRICING_FIELDS

#: The fields a store's receipts take from it (the rest are the shop-wide settings).
RECEIPT_FIELDS = ("name", "address", "tax_id", "company_number", "receipt_header")


@dataclass(frozen=True)
class StoreMap:
    """Which store owns each location and register, read in three queries."""

    first_store_id: int | None
    location_store: dict[int, int]
    register_store: dict[int, int]
    #: The stores read with the map, by id: copies of their columns (the map is shared
    #: by the worker's requests, which must not share ORM objects).
    stores: dict[int, t.Any] = field(default_factory=dict, compare=False)

    def locations_of(self, store_ids: t.Collection[int]) -> frozenset[int]:
        return frozenset(loc for loc, store in self.location_store.items() if store in store_ids)

    def registers_of(self, store_ids: t.Collection[int]) -> frozenset[int]:
        return frozenset(reg for reg, store in self.register_store.items() if store in store_ids)


# Every store with the locations it claims, in one statement: a merchant has a few
# stores, and loading them whole puts them in the session, where the sale's
# ``get_store`` finds its store without a query.
_STORES_AND_CLAIMS = (
    sa.select(Store, StoreLocation.location_id)
    .outerjoin(StoreLocation, StoreLocation.store_id == Store.id)
    .order_by(Store.id)
)


#: The store map of the worker: every sale needs it (the user's scope, the store's
#: settings and prices), a shop changes it a few times a year. Emptied by a change to a
#: store, a claimed location, a location, or a register's location (each sale updates
#: the register's counters: they do not count).
STORE_MAP = SharedCache(
    "multistore.store_map",
    watch={
        Store.__tablename__: None,
        StoreLocation.__tablename__: None,
        "location": None,
        "register": ("location_id",),
    },
)
#: Each user's stores, by user id. A user added or removed empties it too: an id may be
#: given again (SQLite) to a user who must not inherit the stores of the one removed.
USER_STORES = SharedCache(
    "multistore.user_stores", watch={StoreUser.__tablename__: None, "user": ()}
)


def store_map() -> StoreMap:
    """Which store owns each location and register, read now (three queries)."""
    rows = db.session.execute(_STORES_AND_CLAIMS).all()
    first = rows[0][0].id if rows else None
    claimed = {location_id: store.id for store, location_id in rows if location_id is not None}
    locations = {loc.id: claimed.get(loc.id, first) for loc in list_locations()}
    locations = {loc: store for loc, store in locations.items() if store is not None}
    registers = {
        reg.id: locations[reg.location_id]
        for reg in list_registers()
        if reg.location_id in locations
    }
    return StoreMap(first, locations, registers, {store.id: _copy(store) for store, _ in rows})


def _copy(store: Store) -> types.SimpleNamespace:
    return types.SimpleNamespace(
        **{column.key: getattr(store, column.key) for column in Store.__table__.columns}
    )


def request_store_map() -> StoreMap:
    """The store map from the worker's cache (:data:`STORE_MAP`): a sale asks for it for
    the user's scope, its settings, its prices and its offline check."""
    return t.cast(StoreMap, STORE_MAP.get(None, store_map))


def store_of_register(register_id: int) -> int | None:
    """The register's store, from the request's store map."""
    return request_store_map().register_store.get(register_id)


def list_stores() -> list[Store]:
    return list(db.session.scalars(sa.select(Store).order_by(Store.id)))


def get_store(store_id: int) -> Store:
    store = db.session.get(Store, store_id)
    if store is None:
        raise NotFound(_("no store %(id)s", id=store_id))
    return store


def store_users(store_id: int) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(StoreUser.user_id).where(StoreUser.store_id == store_id).order_by("user_id")
        )
    )


def user_store_ids(user_id: int) -> frozenset[int]:
    """The stores the user is assigned to, from the worker's cache (:data:`USER_STORES`)."""
    return t.cast(frozenset[int], USER_STORES.get(user_id, lambda: _read_user_stores(user_id)))


def _read_user_stores(user_id: int) -> frozenset[int]:
    return frozenset(
        db.session.scalars(sa.select(StoreUser.store_id).where(StoreUser.user_id == user_id))
    )


def describe(store: Store, stores: StoreMap | None = None) -> dict[str, t.Any]:
    """A store as the API answers it: its fields, locations, registers and users."""
    stores = stores or store_map()
    return {
        "id": store.id,
        "code": store.code,
        "name": store.name,
        "address": store.address,
        "tax_id": store.tax_id,
        "company_number": store.company_number,
        "receipt_header": store.receipt_header,
        "receipt_footer": store.receipt_footer,
        **{key: getattr(store, key) for key in PRICING_FIELDS},
        "reservation_days": store.reservation_days,
        "location_id": store.location_id,
        "location_ids": sorted(stores.locations_of({store.id})),
        "register_ids": sorted(stores.registers_of({store.id})),
        "user_ids": store_users(store.id),
    }


# -- writing -----------------------------------------------------------------------------------


def ensure_first_store() -> Store | None:
    """The shop that exists when the plugin is enabled becomes the first store: the
    shop-wide name, address and VAT number, its default location (every location, in
    fact: the core has one), so its registers, and its users (a user assigned to no store
    works in the first one). Does nothing once a store exists (``pos_seed`` runs at every
    ``comptoir init``)."""
    if db.session.scalar(sa.select(Store.id).limit(1)) is not None:
        return None
    locations = list_locations()
    default = next((loc for loc in locations if loc.is_default), None)
    if default is None:  # before the core's own seeding: nothing to adopt yet
        return None
    write_transaction()
    values = current_store().values
    store = Store(
        code=default.code[:32],
        name=values["name"],
        address=values["address"],
        tax_id=values["tax_id"],
        company_number=values["company_number"],
        receipt_header=values["receipt_header"],
        receipt_footer="",
        location_id=default.id,
    )
    db.session.add(store)
    db.session.flush()
    for location in locations:
        db.session.add(StoreLocation(location_id=location.id, store_id=store.id))
    db.session.flush()
    return store


def create_store(body: dict[str, t.Any]) -> Store:
    """A new store with its own stock location (``location_id`` to adopt an existing
    location no other store owns), its users assigned."""
    write_transaction()
    if db.session.scalar(sa.select(Store.id).where(Store.code == body["code"])) is not None:
        raise Conflict(_("the store code %(code)s is taken", code=body["code"]), code="duplicate")
    location_id = body.get("location_id")
    if location_id is None:
        location_id = _new_location(body["code"], body["name"])
    else:
        _check_free_location(location_id, None)
    store = Store(
        code=body["code"],
        name=body["name"],
        location_id=location_id,
        **{key: body.get(key, "") for key in (*RECEIPT_FIELDS[1:], "receipt_footer")},
        **{key: body.get(key) for key in PRICING_FIELDS},
        reservation_days=body.get("reservation_days"),
    )
    db.session.add(store)
    db.session.flush()
    _claim(location_id, store.id)
    if "user_ids" in body:
        assign_users(store.id, body["user_ids"])
    return store


def update_store(store_id: int, body: dict[str, t.Any]) -> Store:
    write_transaction()
    store = get_store(store_id)
    for key in (*RECEIPT_FIELDS, "receipt_footer", *PRICING_FIELDS, "reservation_days"):
        if key in body:
            setattr(store, key, body[key])
    for location_id in body.get("location_ids", ()):
        _check_free_location(location_id, store.id)
        _claim(location_id, store.id)
    if "user_ids" in body:
        assign_users(store.id, body["user_ids"])
    db.session.flush()
    return store


def _new_location(code: str, name: str) -> int:
    taken = {location.code for location in list_locations()}
    location_code, suffix = code, 2
    while location_code in taken:  # a location of the same code exists: number it
        location_code, suffix = f"{code}-{suffix}", suffix + 1
    return create_location(location_code, name).id


def _check_free_location(location_id: int, store_id: int | None) -> None:
    """A store may adopt a location no store claims (a new location the core or another
    plugin made, which the first store holds only by default), never another store's."""
    if get_location(location_id) is None:
        raise Invalid(_("no location %(id)s", id=location_id), field="location_id")
    owner = db.session.get(StoreLocation, location_id)
    main_of = db.session.scalar(sa.select(Store.id).where(Store.location_id == location_id))
    claimed_by = owner.store_id if owner is not None else main_of
    if claimed_by is not None and claimed_by != store_id:
        raise Conflict(
            _("the location %(id)s belongs to another store", id=location_id),
            code="location_taken",
        )


def _claim(location_id: int, store_id: int) -> None:
    row = db.session.get(StoreLocation, location_id)
    if row is None:
        db.session.add(StoreLocation(location_id=location_id, store_id=store_id))
    else:
        row.store_id = store_id


def assign_users(store_id: int, user_ids: t.Iterable[int]) -> None:
    """The store's users become exactly ``user_ids`` (each may belong to other stores
    too)."""
    wanted = set(user_ids)
    known = set(get_users(wanted))
    unknown = sorted(wanted - known)
    if unknown:
        raise Invalid(_("no user %(id)s", id=unknown[0]), fields={"user_ids": [_("unknown user")]})
    db.session.execute(sa.delete(StoreUser).where(StoreUser.store_id == store_id))
    for user_id in sorted(wanted):
        db.session.add(StoreUser(user_id=user_id, store_id=store_id))
    db.session.flush()


# -- scope ---------------------------------------------------------------------------------------


def sees_every_store(user: UserView) -> bool:
    """Admins, and users granted ``multistore.all_stores``, work across every store."""
    return user.can("multistore.all_stores")


def visible_store_ids(user: UserView) -> frozenset[int] | None:
    """The stores the user works in, or ``None`` for all: those assigned to them; the
    first store for a user assigned to none (the shop's staff before the plugin, and new
    users until assigned: a new cashier never starts out seeing every shop)."""
    if sees_every_store(user):
        return None
    assigned = user_store_ids(user.id)
    if assigned:
        return assigned
    first = request_store_map().first_store_id
    return None if first is None else frozenset({first})


def scope_for(user: UserView) -> AccessScope | None:
    """The registers and locations of the user's stores, or ``None`` (everything)."""
    store_ids = visible_store_ids(user)
    if store_ids is None:
        return None
    stores = request_store_map()
    return AccessScope(stores.registers_of(store_ids), stores.locations_of(store_ids))
