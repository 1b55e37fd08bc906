"""What plugins declare and return: metadata and the small value types of the hooks."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from pathlib import Path

_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


@dataclass(frozen=True)
class PluginInfo:
    """A plugin's metadata, read whether or not the plugin is enabled.

    Export it as ``plugin_info`` from the module named by the plugin's entry point.

    :param name: the plugin's namespace: entry-point name, URL and API prefix, table
        prefix (``<name>_``), permission prefix and Alembic branch label.
    :param migrations: folder of the plugin's Alembic revisions (a path, or relative to
        the plugin module's folder). Metadata, not a hook: Alembic needs the scripts of
        a disabled plugin whose tables exist.
    :param hookspecs: a module of hook specifications the plugin offers to others.
    :param public: the module other plugins may import, relative to the plugin's package
        (``"public"`` for ``plugins.crm.public``): a plugin that ``depends`` on this one
        imports that module and nothing else of it (an import contract checks it).
    :param optional: plugins this one uses when they are enabled and works without:
        when both are on, it is registered after them; it may import their ``public``
        module, but only inside code taken once ``plugin_enabled(name)`` said yes, never
        at the top of a module (the import contract and a test check both). Enabling or
        disabling an optional plugin never needs this one's consent.

    Example::

        plugin_info = PluginInfo(
            name="parcel",
            title=lazy_gettext("Parcels"),  # shown in the reader's language
            description=lazy_gettext("Track parcels handed over the counter."),
            depends=("crm",),
            migrations="migrations",
        )
    """

    name: str
    title: str
    description: str = ""
    depends: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    migrations: str | None = None
    hookspecs: t.Any = None
    visible: bool = True
    public: str | None = None

    def __post_init__(self) -> None:
        if not self.name or not set(self.name) <= _NAME_CHARS or self.name[0].isdigit():
            raise ValueError(f"plugin name {self.name!r}: use lowercase letters, digits and _")
        if set(self.optional) & set(self.depends):
            raise ValueError(f"plugin {self.name!r}: a plugin is either needed or optional")


@dataclass(frozen=True)
class InstalledPlugin:
    """A plugin found on this machine, enabled or not."""

    info: PluginInfo
    module: t.Any
    version: str
    distribution: str | None

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def migrations_path(self) -> Path | None:
        if not self.info.migrations:
            return None
        path = Path(self.info.migrations)
        if not path.is_absolute():
            path = Path(self.module.__file__).parent / path
        return path


@dataclass(frozen=True)
class Permission:
    """A permission code such as ``sales.refund``; plugins prefix theirs with their name.
    The description is shown in the roles matrix: mark it with ``lazy_gettext`` (``_l``).

    Example::

        @hookimpl
        def pos_register_permissions():
            return [
                Permission("parcel.view", _l("See parcels"), ("cashier", "manager")),
                Permission("parcel.edit", _l("Register parcels"), ("manager",)),
            ]
    """

    code: str
    description: str
    #: Built-in roles that get it on a new install (admin gets everything anyway).
    default_roles: tuple[str, ...] = ()


#: The back office menu's sections, in the order they are shown (``MenuItem.section``).
MENU_SECTIONS = ("sales", "catalog", "stock", "customers", "staff", "settings")


@dataclass(frozen=True)
class MenuItem:
    """An entry of the admin's menu.

    ``section`` groups it under a heading: one of :data:`MENU_SECTIONS` (``sales``,
    ``catalog``, ``stock``, ``customers``, ``staff``, ``settings``), or a (translated)
    heading of the plugin's own, shown after the core's sections, before ``settings``.
    An entry without a section is shown at the top, as the dashboard is. ``order`` sorts
    the entries inside a section, and a plugin's own sections by their first entry.

    Example::

        @hookimpl
        def pos_register_admin_menu():
            return [MenuItem("Parcels", "parcel.index", "parcel.view", order=300, section="stock")]
    """

    title: str
    endpoint: str
    permission: str
    order: int = 100
    icon: str = ""
    section: str = ""


@dataclass(frozen=True)
class TillAction:
    """A button on the till's sale screen.

    :param script: URL of an ES module that exports ``run(till)``; called on click.

    Example::

        @hookimpl
        def pos_register_till_actions():
            return [
                TillAction(
                    "parcel.hand_over",
                    "Parcel",
                    "parcel.view",
                    "/static/plugins/parcel/hand_over.js",
                    order=50,
                    hotkey="F7",
                )
            ]
    """

    code: str
    title: str
    permission: str
    script: str
    order: int = 100
    hotkey: str | None = None


@dataclass(frozen=True)
class TillPricing:
    """How the till prices a plugin's lines and surcharges when the server is away.

    A plugin whose ``pos_add_lines`` adds lines, or whose ``pos_adjust_cart`` returns
    surcharges, registers one. ``script`` is the URL of an ES module exporting
    ``addLines(cart, store)``, ``surcharges(cart, store)`` and/or ``lineTaxRate(view,
    store)`` (``pos_line_tax_rate``), the till's mirror of those hooks (see
    ``docs/plugins/till-actions.md``); ``None`` says the plugin's pricing needs the server:
    while the plugin is enabled, the till refuses offline sales, naming it.

    Example::

        @hookimpl
        def pos_register_till_pricing():
            return [TillPricing("/static/plugins/deposit/pricing.js")]
    """

    script: str | None = None


@dataclass(frozen=True)
class CartData:
    """A plugin's own part of a cart: the sale body's ``plugin_data[name]``, loaded with
    ``schema`` (a marshmallow schema), handed to the hooks as ``cart.plugin_data[name]``
    and kept on the sale (``sale.plugin_data[name]``). ``name`` is the plugin's name.

    Example (a coupon code typed at the till)::

        class CouponsSchema(Schema):
            coupons = fields.List(fields.String(validate=validate.Length(1, 64)))

        @hookimpl
        def pos_register_cart_data():
            return [CartData("promotions", CouponsSchema)]
    """

    name: str
    schema: t.Any


@dataclass(frozen=True)
class JournalKind:
    """A kind of entry a plugin appends to the tamper-evident journal
    (:func:`core.plugins.append_journal_entry`).

    ``rebuild(reference)`` returns the payload the entry *should* hold according to the
    plugin's stored records, or ``None`` when the record is gone: ``comptoir journal
    verify`` compares it with what was journaled, which catches a record changed after
    the fact. Codes are unique across the core and every plugin: prefix them with the
    plugin's name.

    Example::

        def rebuild_parcel(reference):
            parcel = find_parcel(reference)
            return None if parcel is None else {"code": parcel.code, "fee": parcel.fee}

        @hookimpl
        def pos_register_journal_kinds():
            return [JournalKind("parcel_handed_over", rebuild_parcel)]
    """

    code: str
    rebuild: t.Callable[[str], dict[str, t.Any] | None]

    def __post_init__(self) -> None:
        if not self.code or len(self.code) > 32:
            raise ValueError(f"a journal kind is 1 to 32 characters: {self.code!r}")


@dataclass(frozen=True)
class EventLoader:
    """How an after-commit hook's arguments are rebuilt from the stored event.

    :func:`core.plugins.emit_event` stores ``payload`` (JSON) in the business transaction;
    after commit, ``load(payload)`` returns the keyword arguments the hook is called with
    (besides ``event_id``). A plugin offering an after-commit hook of its own registers
    its loader.

    Example::

        @hookimpl
        def pos_register_event_loaders():
            return [EventLoader("tables_bill_paid", lambda p: {"table": get_table(p["id"])})]
    """

    hook: str
    load: t.Callable[[dict[str, t.Any]], dict[str, t.Any]]


@dataclass(frozen=True)
class EventFilter:
    """Which events of an after-commit hook the registering plugin wants delivered.

    Without a filter, :func:`core.plugins.emit_event` writes a delivery of every event to
    every plugin implementing the hook, and each is attempted after the answer. A plugin
    that acts on an event only sometimes (webhooks: only when a subscription chose it)
    says so: ``wants(payload)`` is asked in the business transaction, before the delivery
    is written, and ``False`` writes none, so the sale pays neither the row nor the
    attempt. It runs on every event: read what it needs from a :class:`SharedCache`, not
    with a query. If it raises, the delivery is written (a lost event is worse than an
    unneeded one) and the error logged.

    Example::

        @hookimpl
        def pos_register_event_filters():
            return [EventFilter("pos_sale_completed", lambda payload: bool(receivers()))]
    """

    hook: str
    wants: t.Callable[[dict[str, t.Any]], bool]


@dataclass(frozen=True)
class AssetFolders:
    """Template, static and message-catalog folders a plugin adds. Templates are looked
    up in the theme, then the plugins, then the core; static files are served at
    ``/static/plugins/<name>/``; ``translations`` is a Babel folder
    (``<lang>/LC_MESSAGES/messages.mo``) merged with the core's catalogs, so the plugin's
    ``gettext`` strings show in the user's language.

    Example::

        HERE = Path(__file__).parent

        @hookimpl
        def pos_register_assets():
            return [
                AssetFolders(
                    "parcel", templates=str(HERE / "templates"), static=str(HERE / "static")
                )
            ]
    """

    name: str
    templates: str | None = None
    static: str | None = None
    translations: str | None = None


@dataclass(frozen=True)
class SettingsSchema:
    """A marshmallow schema for one namespace of settings stored in the database.

    Example::

        class ParcelSettings(Schema):
            days_kept = fields.Integer(load_default=14)

        @hookimpl
        def pos_register_settings():
            return [SettingsSchema("parcel", ParcelSettings, "Parcels")]
    """

    namespace: str
    schema: t.Any
    title: str = ""


@dataclass(frozen=True)
class ReceiptRow:
    """One row of a :class:`ReceiptSection`: a label and its value, in bold with
    ``emphasis``.

    Example::

        ReceiptRow("Points earned", "12")
        ReceiptRow("Balance", format_money(1250, sale.currency, locale), emphasis=True)
    """

    label: str
    value: str = ""
    emphasis: bool = False


@dataclass(frozen=True)
class ReceiptSection:
    """A neutral block of a receipt that the core renders to text, HTML and ESC/POS.

    Plugins never emit printer bytes or markup.

    Example::

        ReceiptRow("Points earned", "12")
        ReceiptRow("Balance", format_money(1250, sale.currency, locale), emphasis=True)
    """

    title: str
    rows: tuple[ReceiptRow, ...] = ()
    order: int = 100
    barcode: str | None = None
    qr: str | None = None


@dataclass(frozen=True)
class ReportSection:
    """A titled table added to a sales report, or to a register's X and Z reports.

    Example::

        @hookimpl
        def pos_report_sections(report, params):
            return [ReportSection("tips", "Tips", ("Cashier", "Tips"), (("Camille", 1200),))]
    """

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[t.Any, ...], ...] = ()
    order: int = 100
    #: A sentence under the table: a rule its reader must know (X and Z reports print it).
    note: str = ""


@dataclass(frozen=True)
class RegisterGroup:
    """Registers the reports offer as one filter: a store's registers.

    Example::

        @hookimpl
        def pos_report_register_groups(user):
            return [RegisterGroup("North shop", (3, 4))]
    """

    title: str
    register_ids: tuple[int, ...]


@dataclass(frozen=True)
class Problem:
    """Why a cart cannot be completed, as said by a validation hook (or a payment
    method's ``validate``). ``plugin`` is filled in by the core: the plugin that said so.

    Example::

        @hookimpl
        def pos_sale_validate(cart, store, actor):
            if cart.customer_id is None and needs_customer(cart):
                return [Problem("customer_needed", "attach a customer first", "customer_id")]
            return None
    """

    code: str
    message: str
    field: str | None = None
    plugin: str | None = None


@dataclass
class HookTrace:
    """Who answered a hook call; kept when tracing is on (debugging plugins)."""

    hook: str
    calls: list[tuple[str, float]] = field(default_factory=list)
