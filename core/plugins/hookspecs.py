"""Hook specifications of the Comptoir core.

Every hook is called with keyword arguments; an implementation may accept any subset of
them. The docstrings below are the plugin authors' reference: ``docs/plugins/hooks.md`` is
generated from them (``python -m core.plugins.hookdocs``) and a test fails when it is stale.

Families and what happens when an implementation raises:

- **registration** (``pos_register_*``): called once each time the enabled set changes and
  a new runtime is built. A failing plugin is marked broken with the reason and left out,
  with the plugins that depend on it; the rest start. (``STRICT_PLUGINS`` makes it raise.)
- **pure** (pricing, validation): called while a cart is quoted or completed, before any
  write. ``Rejected`` becomes a 422 naming the plugin; any other exception a 500 naming it.
  Nothing is written either way.
- **transactional** (``*_completing``): called inside the sale's database transaction. Any
  exception rolls the whole sale back, its receipt number included; a retry with the same
  sale id is safe.
- **after commit** (``*_completed``): delivered through the outbox after the sale is
  committed, retried with backoff until it succeeds. Never undoes the sale. At least once:
  make implementations idempotent on ``event_id``.
- **presentation** (receipt and report sections): a failing plugin's part is left out and
  logged; the receipt or page still renders.
"""

from __future__ import annotations

from .markers import hookspec

# -- registration ---------------------------------------------------------------------------


@hookspec
def pos_register_permissions():
    """Declare the permissions the plugin checks.

    Called when a runtime is built. Permission codes are prefixed with the plugin's name
    (``crm.customers.edit``); ``default_roles`` grants them to built-in roles on a new
    install. The admin role has every permission.

    :return: a list of :class:`core.plugins.Permission`.
    """


@hookspec
def pos_register_blueprints():
    """Add pages (Flask blueprints) to the web app: back-office screens, till screens.

    Called when a runtime is built; the blueprints are registered on a fresh Flask app, so
    disabling the plugin removes its routes. Put them under ``/<plugin name>/``. Every view
    must be protected with :func:`core.plugins.require` (a test enforces it); a
    back-office page with ``@require("admin.access")`` too, above its own permission.

    :return: a list of :class:`flask.Blueprint`.
    """


@hookspec
def pos_register_api():
    """Add REST endpoints under ``/api/v1``.

    Called when a runtime is built. Each endpoint is declared on a
    :class:`core.plugins.ApiBlueprint` with its permission and its marshmallow schemas, which
    parse the input, shape the errors and appear in ``/api/v1/openapi.json``.

    :return: a list of :class:`core.plugins.ApiBlueprint`.
    """


@hookspec
def pos_register_admin_menu():
    """Add entries to the admin's menu.

    Called when a runtime is built. Entries are sorted by ``order``, then title, and shown
    only to users holding the entry's permission.

    :return: a list of :class:`core.plugins.MenuItem`.
    """


@hookspec
def pos_register_till_actions():
    """Add buttons to the till's sale screen (attach a customer, redeem a coupon...).

    Called when a runtime is built. Shown to users holding the action's permission, sorted
    by ``order``; the button loads the action's ES module and calls its ``run(till)``.

    :return: a list of :class:`core.plugins.TillAction`.
    """


@hookspec
def pos_register_till_strings():
    """Give the words the plugin's till scripts show, for the till to show them in the
    cashier's language.

    Called when a runtime is built. Return a mapping of key (lowercase letters, digits and
    ``_``) to a lazy string (:func:`core.plugins.lazy_gettext`, so that the word is
    translated when a till page is served, from the plugin's own catalog). The till's boot
    data carries them translated in the cashier's language under ``"<plugin>.<key>"``; the
    plugin's scripts read them with ``till.t("<plugin>.<key>", {name: value})``, which fills
    ``%(name)s`` placeholders. A key that is not a name marks the plugin broken.

    :return: a mapping of key to lazy string.
    """


@hookspec
def pos_register_assets():
    """Add template and static folders.

    Called when a runtime is built. Templates are looked up in the active theme first, then
    in plugins' folders, then in the core's, so a theme can override any template of a
    plugin. A plugin's static files are served at ``/static/plugins/<name>/``.

    :return: a list of :class:`core.plugins.AssetFolders`.
    """


@hookspec
def pos_register_settings():
    """Declare the plugin's settings as a marshmallow schema.

    Called when a runtime is built. Values are stored in the database, one namespace per
    schema, validated by the schema on every change, and read with
    :func:`core.plugins.get_settings`. Fields need a ``load_default``.

    :return: a list of :class:`core.plugins.SettingsSchema`.
    """


@hookspec
def pos_register_cli_commands():
    """Add ``comptoir`` sub-commands.

    Called when the command line starts with an initialised database, for enabled plugins
    only. Name groups after the plugin (``comptoir crm export``).

    :return: a list of :class:`click.Command`.
    """


@hookspec
def pos_register_payment_methods():
    """Add payment methods (tenders) the till and the API accept.

    Called when a runtime is built. A method's ``code`` is what sale bodies name
    (``{"method": "gift_card", "amount": 2000, "fields": {"code": "..."}}``); the fields
    it asks for (``PaymentMethod.fields``) are rendered by the till's tender step and loaded
    by the API; its ``validate`` runs before the sale is written and its
    ``apply``/``reverse`` inside the sale's or refund's transaction.

    :return: a list of :class:`core.plugins.PaymentMethod`.
    """


@hookspec
def pos_seed(demo, language):
    """Create the data the plugin needs to work (defaults, and a demo shop's data).

    Called by ``comptoir init`` (every run: must be idempotent) for the core first, then
    the enabled plugins in dependency order, and once for a plugin when it is enabled.
    Use ``db.session``; the caller commits. An implementation takes only the arguments it
    names (``def pos_seed(demo):`` is fine).

    :param demo: ``True`` for ``comptoir init --demo`` / ``comptoir demo``.
    :param language: the demo's language (``"en"``, ``"fr"``, ``"nl"``, ``"ru"``) when one
        was asked for (``comptoir demo --language nl``): name the demo's data in it.
        ``None`` otherwise.
    """


@hookspec
def pos_register_line_kinds():
    """Add kinds of sale lines that are not catalog products (a gift card sold...).

    Called when a runtime is built. A line whose body has the kind's ``code`` as a key
    (``{"gift_card": {"amount": 5000}}``) is validated by the kind's schema and priced by
    its ``build`` (a negative price makes a credit line: a voucher taken as a line); it
    moves no stock. Write what it means in ``pos_sale_completing``. Lines the server adds
    by itself come from :func:`pos_add_lines` instead.

    :return: a list of :class:`core.plugins.LineKind`.
    """


@hookspec
def pos_register_till_pricing():
    """Say how the till prices the plugin's lines and surcharges offline.

    Called when a runtime is built. A plugin implementing :func:`pos_add_lines`, or
    returning :class:`core.plugins.Surcharge` from :func:`pos_adjust_cart`, registers one
    :class:`core.plugins.TillPricing`: with the URL of an ES module mirroring those hooks in
    the till, or with ``None`` when its pricing needs the server (the till then refuses
    offline sales while the plugin is enabled). A plugin implementing ``pos_add_lines``
    without one is taken as ``TillPricing(None)``.

    :return: a list of one :class:`core.plugins.TillPricing`.
    """


@hookspec
def pos_register_cart_data():
    """Declare the plugin's own part of a cart (coupon codes, a table number...).

    Called when a runtime is built. The sale body's ``plugin_data`` object holds one entry
    per plugin, named after it and loaded with its schema (a 422 names a bad field); hooks
    read it as ``cart.plugin_data[name]``, and the sale keeps it (``plugin_data`` in the
    answer, :attr:`core.plugins.SaleView.plugin_data`). An entry of a plugin that declared
    none is refused.

    :return: a list of one :class:`core.plugins.CartData`, named after the plugin.
    """


@hookspec
def pos_register_journal_kinds():
    """Declare the kinds of journal entries the plugin appends.

    Called when a runtime is built. Each :class:`core.plugins.JournalKind` says how
    ``comptoir journal verify`` rebuilds an entry's payload from the plugin's records; the
    core registers its own (``sale``, ``refund``, ``void``, ``session_open``...) the same
    way. Entries of a kind no enabled plugin declares are still checked for their place in
    the chain, not against their records.

    :return: a list of :class:`core.plugins.JournalKind`.
    """


@hookspec
def pos_register_event_loaders():
    """Declare how the arguments of after-commit hooks are rebuilt from stored events.

    Called when a runtime is built. A plugin that offers an after-commit hook of its own
    (emitted with :func:`core.plugins.emit_event`) registers its loader; the core registers
    those of ``pos_sale_completed`` and ``pos_refund_completed``.

    :return: a list of :class:`core.plugins.EventLoader`.
    """


@hookspec
def pos_register_event_filters():
    """Declare which events of the after-commit hooks you implement you want delivered.

    Called when a runtime is built. Without a filter every event of a hook you implement
    is written to the outbox for you and attempted after the answer; a filter's
    ``wants(payload)`` is asked before the delivery is written, and ``False`` writes
    none. One filter per hook and plugin.

    :return: a list of :class:`core.plugins.EventFilter`.
    """


# -- pure, in the request --------------------------------------------------------------------


@hookspec
def pos_add_lines(cart, store):
    """Lines the plugin adds to a cart: a deposit per bottle, an eco-fee, a free gift, a
    credit for containers handed back.

    Called once each time a cart is priced (quote, completion), after the client's lines
    are read and before :func:`pos_price_line`. Must not write anything. The lines are
    recomputed every time, so the till shows them but cannot change them; they are priced,
    taxed, printed, reported and journaled like any line. A negative ``unit_price`` makes a
    credit line (see :class:`core.plugins.AddedLine`). Register a
    :class:`core.plugins.TillPricing` to say how the till adds them offline.

    :param cart: the :class:`core.plugins.Cart`, with the client's lines.
    :param store: the :class:`core.plugins.StoreSettings` of the sale.
    :return: a list of :class:`core.plugins.AddedLine`, or ``None``.
    """


@hookspec(firstresult=True)
def pos_line_tax_rate(line, cart, store):
    """Another tax rate for one cart line: the same dish taxed less when it is taken away
    than when it is eaten in.

    Called for each of the cart's goods (not surcharges) each time it is priced online,
    after ``pos_add_lines`` and before ``pos_price_line``; the first plugin answering
    decides. Must not write anything. The till mirrors it offline with the
    ``lineTaxRate(view, store)`` export of the plugin's :class:`core.plugins.TillPricing`
    module (``view.line``: the line; return the percent as a string, or ``null``); the
    server's offline check accepts, for a line, the rate this hook gives it at a rate the
    catalog had. Without such a mirror, a sale completed offline keeps the product's rate.

    :param line: the :class:`core.plugins.CartLine` (its ``tax_rate`` is the product's).
    :param cart: the whole :class:`core.plugins.Cart` (plugins' data included).
    :param store: the :class:`core.plugins.StoreSettings` of the sale.
    :return: the percent (a ``Decimal``) the line is taxed at, or ``None`` to keep it.

    Example::

        @hookimpl
        def pos_line_tax_rate(line, cart, store):
            if cart.plugin_data.get("takeaway", {}).get("take_away"):
                return {Decimal("10"): Decimal("5.5")}.get(line.tax_rate)
    """


@hookspec
def pos_price_line(line, cart, store):
    """Price adjustments for one cart line: customer prices, promotions.

    Called for each line each time a cart is priced (till, quote, completion), before
    manual discounts and taxes. Must not write anything: the same cart is priced many
    times before it is sold.

    :param line: the :class:`core.plugins.CartLine` (product, quantity, unit price; lines
        a plugin added included, with their ``source``).
    :param cart: the whole :class:`core.plugins.Cart` (customer, plugins' data, lines).
    :param store: the :class:`core.plugins.StoreSettings` of the sale.
    :return: a list of :class:`core.plugins.Adjustment` for this line (money off,
        positive; nothing is taken off a credit line), or ``None``.
    """


@hookspec
def pos_adjust_cart(cart, store):
    """Cart-level adjustments: buy X get Y, bundles, coupons, group discounts, and
    surcharges (a service charge, a delivery fee).

    Called once per pricing of a cart, after ``pos_price_line``. An
    :class:`core.plugins.Adjustment` is money off: with a ``line_key`` it applies to that
    line, without one it is spread over the cart's goods. A :class:`core.plugins.Surcharge`
    is money added after every discount, as a line of its own with the tax rate it gives
    (the plugin must register a :class:`core.plugins.TillPricing`). Must not write anything.

    :return: a list of :class:`core.plugins.Adjustment` and
        :class:`core.plugins.Surcharge`, or ``None``.
    """


@hookspec
def pos_sale_validate(cart, store, actor):
    """Refuse a cart before it is completed (age check, unknown customer, limit reached).

    Called once when a sale is completed, after pricing and before anything is written.

    :param actor: the :class:`core.plugins.UserView` completing the sale.
    :return: a list of :class:`core.plugins.Problem` (empty or ``None`` to accept). Any
        problem makes the request a 422 naming it and the plugin.
    """


@hookspec(firstresult=True)
def pos_access_scope(user):
    """The registers and stock locations a user may see and act on, for a plugin that
    splits the shop (``multistore``: a cashier of shop B never sees shop A).

    Called at most once per request, when the request names a register, a location, a
    sale, a refund or a cash session, or lists or reports them. The core applies the
    answer to every endpoint and page, its own and the plugins' (``core.plugins.scope``): a
    record outside the scope is a 403 ``other_store``, lists and reports leave it out.
    The first plugin answering decides. Must not write anything.

    :param user: the signed-in :class:`core.plugins.UserView`.
    :return: an :class:`core.plugins.AccessScope`, or ``None`` for the whole shop (the
        default, and what admins get).
    """


@hookspec(firstresult=True)
def pos_store_of_register(register_id, store):
    """The store settings a register sells and prints under, for a plugin with several
    shops: its shop's name, address, VAT number, receipt header and footer, and how its
    sales are priced (``prices_include_tax``, ``tax_rounding``, ``cash_rounding``).

    Called each time a cart of the register is priced (quote, sale, parked cart), a
    refund of its sale is quoted or made, a receipt of a sale or refund made at the
    register is rendered, and when the till reads its register (it prices offline with
    these settings). The answer's ``store`` is what ``pos_price_line``, ``pos_adjust_cart``
    and ``pos_sale_completing`` then get. The first plugin answering decides. Must not
    write anything.

    :param register_id: the register's id.
    :param store: the shop-wide :class:`core.plugins.StoreSettings`.
    :return: a :class:`core.plugins.StoreSettings` (e.g. ``StoreSettings.from_values(
        {**store.values, "address": ...})``), or ``None`` to keep ``store``.
    """


@hookspec(firstresult=True)
def pos_shelf_prices(register_id, product_ids):
    """The products whose shelf price at a register is not the catalog's, for a plugin
    with several shops (``multistore``: a store's own prices, higher or lower).

    Called when a cart of the register is built (the products of its lines), when an
    offline sale of the register is checked (a price the till took from this answer is
    known), and when the till syncs its catalog (``product_ids`` is ``None``: every
    product with a price of its own). A line priced from a scale's label keeps the
    label's price. The first plugin answering decides. Must not write anything.

    :param register_id: the register's id.
    :param product_ids: a sorted list of product ids, or ``None`` for all.
    :return: ``{product_id: price in minor units}`` (prices >= 0; products left out sell
        at the catalog price), or ``None``.
    """


# -- transactional ---------------------------------------------------------------------------


@hookspec
def pos_sale_completing(sale, cart, store):
    """Write what belongs to the sale, inside its transaction (loyalty points earned,
    gift cards activated).

    Called once per sale after its lines, payments and receipt number are written, before
    commit, within ``db.session``. The sale's stock is taken after it, as the last write
    before commit (the busiest rows stay locked the shortest time). Raise
    :class:`core.plugins.Rejected` to refuse the sale: everything rolls back.

    The sale is a read-only :class:`core.plugins.SaleView`, its journal entry already
    appended (entries the plugin appends follow it). What a plugin keeps on a line goes in
    that line's ``data`` dict, changed in place (``line.data["code"] = ...``): it is saved
    with the sale and shown in its answer.

    :param sale: the :class:`core.plugins.SaleView` being completed.
    :param cart: the :class:`core.plugins.Cart` it was priced from.
    """


@hookspec
def pos_refund_completing(refund, sale, store):
    """Write what belongs to a refund, inside its transaction (points taken back).

    Called once per refund after its lines, stock, payments and journal entry are written,
    before commit. Raise :class:`core.plugins.Rejected` to refuse it: everything rolls back.

    A void (everything of a sale of the open session given back) is a refund whose
    ``refund.kind`` is ``"void"``: it comes through this hook too, in its transaction.

    :param refund: the :class:`core.plugins.RefundView`; ``sale`` is the original
        :class:`core.plugins.SaleView` (``sale.refunds`` includes this refund).
    """


@hookspec
def pos_cash_session_opening(session, store):
    """Write what belongs to a register's opening, inside its transaction (the float put
    in the drawer, in the books).

    Called once when a register is opened, after the session and its journal entry are
    written, before commit. Raise :class:`core.plugins.Rejected` to refuse the opening:
    everything rolls back.

    :param session: the new :class:`core.plugins.CashSessionView` (``opening_float``).
    :param store: the :class:`core.plugins.StoreSettings`.
    """


@hookspec
def pos_cash_movement_completing(movement, session, store):
    """Write what belongs to cash put in or taken out of a drawer, inside its transaction.

    Called once per cash movement after it and its journal entry (``cash_in`` /
    ``cash_out``) are written, before commit. Raise :class:`core.plugins.Rejected` to
    refuse it: everything rolls back.

    :param movement: the :class:`core.plugins.CashMovementView` (``kind`` ``in`` or
        ``out``, ``amount`` positive).
    :param session: the open :class:`core.plugins.CashSessionView` it belongs to.
    :param store: the :class:`core.plugins.StoreSettings`.
    """


@hookspec
def pos_cash_session_closing(session, store):
    """Write what belongs to a register's closing, inside its transaction (the cash over
    or short, in the books).

    Called once when a register is closed, after the counted cash, the Z report and the
    closing's journal entry are written, before commit. Raise
    :class:`core.plugins.Rejected` to refuse the closing: everything rolls back and the
    register stays open.

    :param session: the closed :class:`core.plugins.CashSessionView`, with
        ``expected_cash``, ``counted_cash`` and ``over_short``.
    :param store: the :class:`core.plugins.StoreSettings`.
    """


# -- after commit ----------------------------------------------------------------------------


@hookspec
def pos_sale_completed(event_id, sale):
    """React to a completed sale: send an e-mail, post to accounting, call a webhook.

    Delivered through the outbox after the sale is committed, retried with backoff while it
    raises; a failure never touches the sale. Delivery is at least once: use ``event_id``
    to make the implementation idempotent.

    :param event_id: the outbox event's UUID string.
    :param sale: the committed :class:`core.plugins.SaleView`, freshly loaded.
    """


@hookspec
def pos_refund_completed(event_id, refund):
    """React to a committed refund. Delivered like :func:`pos_sale_completed`.

    :param refund: the committed :class:`core.plugins.RefundView` (its sale at
        ``refund.sale``).
    """


@hookspec
def pos_cash_session_closed(event_id, register_id, session_id, report):
    """React to a register closed (its cash session ended with the Z report): post the
    day's takings to the books, tell the head office, call a webhook.

    Delivered through the outbox after the closing is committed, like
    :func:`pos_sale_completed`; a failure never reopens the register. At least once: use
    ``event_id`` (or ``session_id``, one closing per session) to be idempotent.

    :param event_id: the outbox event's UUID string.
    :param register_id: the register's id.
    :param session_id: the closed cash session's id.
    :param report: the Z report as stored at closing (the dict ``POST
        /api/v1/registers/<id>/close`` answered: totals by payment method and tax rate,
        counts, ``over_short``, journal head).
    """


@hookspec
def pos_stock_low(event_id, product, location_id, quantity, level):
    """React to a product's stock falling to or below its low-stock level
    (``reorder_level``): reorder it, warn the buyer, call a webhook.

    Emitted in the transaction of the sale, refund or stock move that took the level from
    above to at or below it (once per crossing, not at every sale while it stays low),
    and delivered through the outbox after commit. Never emitted for a product without a
    low-stock level. At least once: use ``event_id`` to be idempotent.

    :param event_id: the outbox event's UUID string.
    :param product: the :class:`core.plugins.ProductView`, freshly loaded.
    :param location_id: the stock location (:func:`core.plugins.get_location`).
    :param quantity: the quantity left there right after the move, a ``Decimal``.
    :param level: the product's low-stock level, a ``Decimal``.
    """


# -- presentation ----------------------------------------------------------------------------


@hookspec
def pos_receipt_sections(sale, store):
    """Sections to print on a sale's receipt (points balance, gift-card code, promotions).

    Called each time a receipt is rendered (text, HTML, ESC/POS). A failing plugin's
    section is left out and logged; the receipt still prints.

    :param sale: the :class:`core.plugins.SaleView`.
    :param store: the :class:`core.plugins.StoreSettings` (``store.values["locale"]``).
    :return: a list of :class:`core.plugins.ReceiptSection`, or ``None``.
    """


@hookspec
def pos_refund_receipt_sections(refund, store):
    """Sections to print on the receipt of a refund or a void (what a plugin gave back:
    points taken back, a deposit refunded with its bottles).

    Called each time such a receipt is rendered; a failing plugin's section is left out.

    :param refund: the :class:`core.plugins.RefundView` (its sale at ``refund.sale``).
    :param store: the :class:`core.plugins.StoreSettings`.
    :return: a list of :class:`core.plugins.ReceiptSection`, or ``None``.
    """


@hookspec
def pos_report_sections(report, params):
    """Extra tables on the sales report.

    Called when a report is produced, with the core's aggregate ``report`` (a dict) and the
    query ``params`` (``from``, ``to``, ``by``). A failing plugin's section is left out.

    :return: a list of :class:`core.plugins.ReportSection`, or ``None``.
    """


@hookspec
def pos_session_report_sections(session, report, store):
    """Extra tables on a register's X and Z reports (the tips its sales took, owed to
    the staff; what a plugin's own money in the drawer comes to).

    Called when the X report is read and when the register closes: the Z report keeps
    the sections as they were then, with the report, and prints them. A failing plugin's
    section is left out; the register still closes.

    :param session: the :class:`core.plugins.CashSessionView` (``id``, ``register_id``).
    :param report: the core's report so far (a dict: ``kind`` ``"X"`` or ``"Z"``,
        ``payments``, ``expected_cash``...), money in minor units.
    :param store: the :class:`core.plugins.StoreSettings` of the register's shop.
    :return: a list of :class:`core.plugins.ReportSection` (its ``note`` printed under
        the table: a rule the reader must know), or ``None``.
    """


@hookspec
def pos_report_register_groups(user):
    """Groups of registers the reports offer as one filter beside each register (a
    store's registers: "North shop"), for a plugin that splits the shop.

    Called when a report page is shown. The core leaves out a group holding a register
    outside the user's scope (``pos_access_scope``). A failing plugin's groups are left
    out. The API takes the same filter as ``register_ids=3,4``.

    :param user: the signed-in :class:`core.plugins.UserView`.
    :return: a list of :class:`core.plugins.RegisterGroup`, or ``None``.
    """
