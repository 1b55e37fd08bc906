"""Bulk generation of a year of a shop's sales on PostgreSQL, for bench/reports.py.

Everything is written by ``INSERT ... SELECT generate_series`` on the server (no row
crosses the wire): products, cashiers, registers, one cash session per register and
day (the last day's left open), sales of one to five lines (three on average, popular
products sold more), their taxes and payments (cash with change, or card), about one
sale in a hundred partly refunded and one in five hundred voided. Every total adds up
as the core writes it (lines -> taxes -> sale), so the reports' figures are checkable.
"""

from __future__ import annotations

import time

PRODUCTS = 300
REGISTERS = 8
CASHIERS = 12
DAYS = 365

#: ``{n}``: sales; ``{first_day}``: the first day (UTC midnight, text).
STEPS: tuple[tuple[str, str], ...] = (
    (
        "tax rates",
        """
        INSERT INTO tax_rate (name, rate, is_default)
        SELECT 'Réduit', 5.5, false
        WHERE NOT EXISTS (SELECT 1 FROM tax_rate WHERE rate = 5.5)
        """,
    ),
    (
        "products",
        f"""
        INSERT INTO product (sku, name, search_name, price, cost, tax_rate_id, active,
                             sold_by, created_at, updated_at)
        SELECT 'B' || lpad(p::text, 4, '0'), 'Produit ' || p, 'produit ' || p,
               50 + (p * 7919) % 2950, NULL,
               (SELECT id FROM tax_rate WHERE rate = CASE WHEN p % 3 = 0 THEN 5.5 ELSE 20 END
                ORDER BY id LIMIT 1),
               true, 'unit', now(), now()
        FROM generate_series(1, {PRODUCTS}) AS p
        """,
    ),
    (
        "cashiers",
        f"""
        INSERT INTO "user" (username, full_name, active, created_at)
        SELECT 'bench' || u, 'Caissier ' || u, true, now()
        FROM generate_series(1, {CASHIERS}) AS u
        """,
    ),
    (
        "registers",
        f"""
        INSERT INTO register (code, name, location_id, active, last_receipt_number,
                              journal_sequence, journal_head)
        SELECT 'B' || r, 'Caisse ' || r, (SELECT id FROM location ORDER BY id LIMIT 1), true,
               0, 0, repeat('0', 64)
        FROM generate_series(1, {REGISTERS}) AS r
        """,
    ),
    (
        "the bench's registers, products and cashiers, numbered 1..n",
        """
        CREATE TEMP TABLE b_register AS
            SELECT row_number() OVER (ORDER BY id) AS r, id FROM register WHERE code LIKE 'B%';
        CREATE TEMP TABLE b_product AS
            SELECT row_number() OVER (ORDER BY p.id) AS p, p.id, p.sku, p.name, p.price,
                   t.rate
            FROM product p JOIN tax_rate t ON t.id = p.tax_rate_id WHERE p.sku LIKE 'B%';
        CREATE TEMP TABLE b_user AS
            SELECT row_number() OVER (ORDER BY id) AS u, id FROM "user"
            WHERE username LIKE 'bench%';
        """,
    ),
    (
        "cash sessions (one per register and day; the last day's open)",
        f"""
        CREATE TEMP TABLE b_session AS
            SELECT d, r.r, nextval('cash_session_id_seq') AS id
            FROM generate_series(0, {DAYS - 1}) AS d, b_register r;
        INSERT INTO cash_session (id, register_id, status, opening_float, opened_by, opened_at,
                                  closed_by, closed_at, expected_cash, counted_cash)
        SELECT s.id, r.id, CASE WHEN s.d = {DAYS - 1} THEN 'open' ELSE 'closed' END, 15000,
               u.id, timestamptz '{{first_day}}' + s.d * interval '1 day' + interval '6 hours',
               CASE WHEN s.d < {DAYS - 1} THEN u.id END,
               CASE WHEN s.d < {DAYS - 1}
                    THEN timestamptz '{{first_day}}' + s.d * interval '1 day'
                         + interval '21 hours' END,
               CASE WHEN s.d < {DAYS - 1} THEN 15000 END,
               CASE WHEN s.d < {DAYS - 1} THEN 15000 END
        FROM b_session s JOIN b_register r ON r.r = s.r
        JOIN b_user u ON u.u = 1 + (s.d + s.r) % {CASHIERS};
        """,
    ),
    (
        "lines (1 to 5 a sale; popular products sold more)",
        f"""
        CREATE UNLOGGED TABLE b_line AS
            SELECT n, k AS position,
                   1 + floor({PRODUCTS} * power(((n * 7 + k * 131) * 2654435761 % 4294967296)
                                          / 4294967296.0, 2))::int AS p,
                   CASE WHEN (n + k) % 9 = 0 THEN 2 ELSE 1 END AS quantity,
                   CASE WHEN (n + k) % 23 = 0 THEN 1 ELSE 0 END AS discounted
            FROM generate_series(1, {{n}}) AS n,
                 LATERAL generate_series(1, 1 + n % 5) AS k;
        """,
    ),
    (
        "line figures",
        """
        CREATE UNLOGGED TABLE b_line_figures AS
            SELECT l.n, l.position, bp.id AS product_id, bp.sku, bp.name, bp.price,
                   bp.rate, l.quantity, gross, discount, total,
                   round(total * 100 / (100 + bp.rate))::bigint AS net,
                   total - round(total * 100 / (100 + bp.rate))::bigint AS tax
            FROM b_line l JOIN b_product bp ON bp.p = l.p,
                 LATERAL (SELECT bp.price * l.quantity AS gross) g,
                 LATERAL (SELECT CASE WHEN l.discounted = 1 THEN gross / 10 ELSE 0 END
                          AS discount) d,
                 LATERAL (SELECT gross - discount AS total) t;
        DROP TABLE b_line;
        CREATE INDEX ON b_line_figures (n);
        """,
    ),
    (
        "sales",
        f"""
        INSERT INTO sale (id, register_id, cash_session_id, location_id, number, status,
                          user_id, currency, prices_include_tax, subtotal, discount_total,
                          net_total, tax_total, total, rounding, paid_total, change, data,
                          plugin_data, created_at, completed_at)
        SELECT md5('sale' || f.n)::uuid::text, r.id, s.id, (SELECT id FROM location
                                                             ORDER BY id LIMIT 1),
               (f.n - 1) / {REGISTERS} + 1, 'completed', u.id, 'EUR', true,
               f.gross, f.discount, f.net, f.tax, f.total, 0,
               CASE WHEN f.n % 5 < 2 THEN (f.total / 1000 + 1) * 1000 ELSE f.total END,
               CASE WHEN f.n % 5 < 2 THEN (f.total / 1000 + 1) * 1000 - f.total ELSE 0 END,
               '{{{{}}}}', '{{{{}}}}', f.at, f.at
        FROM (
            SELECT n, sum(price * quantity) AS gross, sum(discount) AS discount,
                   sum(net) AS net, sum(tax) AS tax, sum(total) AS total,
                   timestamptz '{{first_day}}'
                   + ((n - 1) * {DAYS}::bigint / {{n}}) * interval '1 day'
                   + interval '7 hours'
                   + (((n - 1) * {DAYS}::bigint % {{n}}) * 43200.0 / {{n}}) * interval '1 second'
                   AS at,
                   (n - 1) * {DAYS}::bigint / {{n}} AS d,
                   1 + (n - 1) % {REGISTERS} AS r
            FROM b_line_figures GROUP BY n
        ) f
        JOIN b_register r ON r.r = f.r
        JOIN b_session s ON s.d = f.d AND s.r = f.r
        JOIN b_user u ON u.u = 1 + (f.d + f.r) % {CASHIERS};
        """,
    ),
    (
        "sale lines",
        """
        INSERT INTO sale_line (sale_id, register_id, completed_at, first_of_product, position,
                               kind, product_id, sku, name, quantity, unit_price, base,
                               adjustments, line_discount, cart_discount, discount, total,
                               net, tax, tax_rate, refunded_quantity, data)
        SELECT s.id, s.register_id, s.completed_at,
               row_number() OVER (PARTITION BY f.n, product_id ORDER BY position) = 1,
               position, 'product', product_id, sku, name, quantity, price,
               price * quantity, '[]', discount, 0, discount, f.total, net, tax, rate, 0,
               '{{}}'
        FROM b_line_figures f JOIN sale s ON s.id = md5('sale' || f.n)::uuid::text
        ORDER BY f.n, position;
        """,
    ),
    (
        "sale taxes",
        """
        INSERT INTO sale_tax (sale_id, rate, base, tax, total)
        SELECT md5('sale' || n)::uuid::text, rate, sum(net), sum(tax), sum(total)
        FROM b_line_figures GROUP BY n, rate ORDER BY n, rate;
        """,
    ),
    (
        "payments (two in five cash, with change; the rest card)",
        """
        INSERT INTO payment (sale_id, method, amount, fields, data)
        SELECT id, CASE WHEN change > 0 OR paid_total <> total THEN 'cash' ELSE 'card' END,
               paid_total, '{{}}', '{{}}'
        FROM sale WHERE register_id IN (SELECT id FROM b_register);
        """,
    ),
    (
        "refunds (1 sale in 100: its first line) and voids (1 in 500: everything)",
        """
        CREATE TEMP TABLE b_refund AS
            SELECT n, md5('refund' || n)::uuid::text AS id,
                   CASE WHEN n % 500 = 7 THEN 'void' ELSE 'refund' END AS kind
            FROM generate_series(1, {n}) AS n WHERE n % 100 = 3 OR n % 500 = 7;
        INSERT INTO refund (id, sale_id, kind, register_id, cash_session_id, number, user_id,
                            reason, total, net_total, tax_total, created_at)
        SELECT b.id, s.id, b.kind, s.register_id, s.cash_session_id,
               row_number() OVER (PARTITION BY s.register_id ORDER BY b.n), s.user_id,
               'bench', f.total, f.net, f.tax, s.completed_at + interval '10 minutes'
        FROM b_refund b JOIN sale s ON s.id = md5('sale' || b.n)::uuid::text
        JOIN LATERAL (SELECT sum(total) AS total, sum(net) AS net, sum(tax) AS tax
                      FROM b_line_figures l
                      WHERE l.n = b.n AND (b.kind = 'void' OR l.position = 1)) f ON true;
        INSERT INTO refund_line (refund_id, sale_line_id, quantity, total, net, tax, tax_rate)
        SELECT b.id, sl.id, sl.quantity, sl.total, sl.net, sl.tax, sl.tax_rate
        FROM b_refund b JOIN sale_line sl ON sl.sale_id = md5('sale' || b.n)::uuid::text
        WHERE b.kind = 'void' OR sl.position = 1;
        UPDATE sale_line SET refunded_quantity = quantity
        WHERE id IN (SELECT sale_line_id FROM refund_line);
        INSERT INTO refund_payment (refund_id, method, amount, fields, data)
        SELECT id, CASE WHEN kind = 'void' THEN 'card' ELSE 'cash' END, total, '{{}}', '{{}}'
        FROM refund WHERE reason = 'bench';
        """,
    ),
    (
        "receipt numbers and sequences",
        """
        UPDATE register r SET last_receipt_number = m.number
        FROM (SELECT register_id, max(number) AS number FROM sale GROUP BY register_id) m
        WHERE m.register_id = r.id;
        DROP TABLE b_line_figures;
        """,
    ),
    # As autovacuum would have by the time a shop has a year of sales: hint bits and
    # the visibility map set, statistics taken.
    ("vacuum", "VACUUM ANALYZE"),
)


def filled(connection) -> int:
    """Sales already in the database (a rerun on a filled database skips the filling)."""
    return connection.execute("SELECT count(*) FROM sale").fetchone()[0]


def fill(connection, sales: int, first_day: str) -> None:
    """Run :data:`STEPS` on a psycopg connection (autocommit), printing each step's time."""
    for label, sql in STEPS:
        started = time.perf_counter()
        connection.execute(sql.format(n=sales, first_day=first_day))
        print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)
