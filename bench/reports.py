"""Reports over a million sales on PostgreSQL (issue 19, goal 6: under 300 ms each).

    python bench/reports.py --database-url postgresql+psycopg://postgres@127.0.0.1/DB
        [--sales 1000000] [--runs 30]

``--database-url`` names an EMPTY PostgreSQL database (``createdb``): the first run
initialises it and fills it (bench/reports_fill.py: a year of a shop's sales, 8
registers, 300 products, about 3 lines a sale, cash and card, refunds and voids; a few
minutes); later runs find the sales there and only time (and apply new migrations).

Then it times, in-process, the reports a merchant opens, over the last 30 days and over
the whole year: sales by day and by product (``core.reports.services.sales_report``, then
``GET /api/v1/reports/sales`` through the test client), the back office's dashboard
(``GET /admin/``: today, yesterday, this week and last, by hour, top products), and a
register's X/Z report (the figures of a session of a few hundred sales:
``session_figures``, ``GET /api/v1/registers/<id>/x-report``, then, with ``--close``,
each register's closing, ``POST /api/v1/registers/<id>/close``, once). Beside each, the
raw baselines of the same run: the same aggregates as hand-written SQL through psycopg,
the lines joined to their sales as the reports read them before ``core_sale_line_period``
and the lines alone (by their copy of the sale's time), as they read them since.
Prints median and p99 in milliseconds with the ratio to the baseline, and ``uptime``.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import typing as t
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reports_fill import DAYS, fill, filled  # noqa: E402

#: A measurement's repeats stop after this many seconds (the year's reports are slow).
BUDGET_S = 8.0


def timed(function: t.Callable[[], t.Any], runs: int) -> list[float]:
    function()  # warm-up: caches, prepared plans
    times: list[float] = []
    spent = 0.0
    while len(times) < runs and (spent < BUDGET_S or len(times) < 2):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
        spent += times[-1] / 1000
    return times


def show(label: str, times: list[float], baseline: list[float] | None = None) -> None:
    times = sorted(times)
    median = statistics.median(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    ratio = f"  x{median / statistics.median(baseline):.1f} raw" if baseline else ""
    print(
        f"{label:<48} median {median:8.1f} ms   p99 {p99:8.1f} ms  (n={len(times)}){ratio}",
        flush=True,
    )


def make_app(database_url: str):
    from core.app import create_app
    from core.cli.init import initialise

    tmp = tempfile.mkdtemp(prefix="comptoir-reports-")
    app = create_app(
        {"DATABASE_URL": database_url, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"},
        instance_path=tmp,
    )
    with app.app_context():
        initialise(app, demo=False, admin_password="bench-password")
    return app


# -- the raw baselines: the same aggregates, hand-written --------------------------------------

RAW_BY_DAY = (
    """SELECT to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(*), sum(total),
              sum(net_total), sum(tax_total), sum(discount_total)
       FROM sale WHERE completed_at >= %(start)s AND completed_at < %(end)s GROUP BY 1""",
    """SELECT to_char(s.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), sum(l.quantity)
       FROM sale_line l JOIN sale s ON s.id = l.sale_id
       WHERE s.completed_at >= %(start)s AND s.completed_at < %(end)s GROUP BY 1""",
    """SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(*), sum(total)
       FROM refund WHERE created_at >= %(start)s AND created_at < %(end)s GROUP BY 1""",
)
RAW_BY_PRODUCT = (
    """SELECT l.product_id, l.sku, max(l.name), count(DISTINCT l.sale_id), sum(l.quantity),
              sum(l.total), sum(l.net), sum(l.tax), sum(l.discount)
       FROM sale_line l JOIN sale s ON s.id = l.sale_id
       WHERE s.completed_at >= %(start)s AND s.completed_at < %(end)s
       GROUP BY l.product_id, l.sku""",
    """SELECT l.product_id, l.sku, count(DISTINCT rl.refund_id), sum(rl.total)
       FROM refund_line rl JOIN refund r ON r.id = rl.refund_id
       JOIN sale_line l ON l.id = rl.sale_line_id
       WHERE r.created_at >= %(start)s AND r.created_at < %(end)s
       GROUP BY l.product_id, l.sku""",
)
# The same aggregates over the lines' own copy of their sale's time (what the service
# reads since core_sale_line_period): one index-only range scan, no join.
RAW_BY_DAY_LINES = (
    RAW_BY_DAY[0],
    """SELECT to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), sum(quantity)
       FROM sale_line WHERE completed_at >= %(start)s AND completed_at < %(end)s GROUP BY 1""",
    RAW_BY_DAY[2],
)
RAW_BY_PRODUCT_LINES = (
    """SELECT product_id, sku, max(name), count(*) FILTER (WHERE first_of_product),
              sum(quantity), sum(total), sum(net), sum(tax), sum(discount)
       FROM sale_line WHERE completed_at >= %(start)s AND completed_at < %(end)s
       GROUP BY product_id, sku""",
    RAW_BY_PRODUCT[1],
)
RAW_SUMMARY = (
    """SELECT count(*), sum(total), sum(net_total), sum(tax_total), sum(discount_total),
              sum(rounding)
       FROM sale WHERE completed_at >= %(start)s AND completed_at < %(end)s""",
    """SELECT sum(l.quantity) FROM sale_line l JOIN sale s ON s.id = l.sale_id
       WHERE s.completed_at >= %(start)s AND s.completed_at < %(end)s""",
    """SELECT count(*), sum(total), sum(tax_total) FROM refund
       WHERE created_at >= %(start)s AND created_at < %(end)s""",
)
RAW_SUMMARY_LINES = (
    RAW_SUMMARY[0],
    """SELECT sum(quantity) FROM sale_line
       WHERE completed_at >= %(start)s AND completed_at < %(end)s""",
    RAW_SUMMARY[2],
)
RAW_SESSION = (
    """SELECT count(*), sum(total), sum(discount_total), sum(change) FROM sale
       WHERE cash_session_id = %(session)s""",
    """SELECT p.method, sum(p.amount) FROM payment p JOIN sale s ON s.id = p.sale_id
       WHERE s.cash_session_id = %(session)s GROUP BY p.method""",
    """SELECT rp.method, sum(rp.amount) FROM refund_payment rp
       JOIN refund r ON r.id = rp.refund_id
       WHERE r.cash_session_id = %(session)s GROUP BY rp.method""",
    """SELECT kind, count(*), sum(total) FROM refund WHERE cash_session_id = %(session)s
       GROUP BY kind""",
    """SELECT kind, sum(amount) FROM cash_movement WHERE cash_session_id = %(session)s
       GROUP BY kind""",
    """SELECT t.rate, sum(t.base), sum(t.tax), sum(t.total) FROM sale_tax t
       JOIN sale s ON s.id = t.sale_id WHERE s.cash_session_id = %(session)s
       GROUP BY t.rate""",
    """SELECT rl.tax_rate, sum(rl.net), sum(rl.tax), sum(rl.total) FROM refund_line rl
       JOIN refund r ON r.id = rl.refund_id WHERE r.cash_session_id = %(session)s
       GROUP BY rl.tax_rate""",
)


def raw(connection, statements: tuple[str, ...], **params: t.Any) -> t.Callable[[], None]:
    def run() -> None:
        for statement in statements:
            connection.execute(statement, params).fetchall()

    return run


def raw_dashboard(connection, now: dt.datetime) -> t.Callable[[], None]:
    """What the dashboard aggregates: four summaries, two days by hour, the week by
    product."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    monday = today - dt.timedelta(days=today.weekday())
    week, day = dt.timedelta(days=7), dt.timedelta(days=1)
    periods = [
        (today, now),
        (today - day, now - day),
        (monday, now),
        (monday - week, now - week),
    ]
    by_hour = tuple(s.replace("'YYYY-MM-DD'", "'YYYY-MM-DD HH24'") for s in RAW_BY_DAY)
    steps = [raw(connection, RAW_SUMMARY, start=a, end=b) for a, b in periods]
    steps += [raw(connection, by_hour, start=a, end=a + day) for a in (today, today - day)]
    steps.append(raw(connection, RAW_BY_PRODUCT, start=monday, end=now))

    def run() -> None:
        for step in steps:
            step()

    return run


# -- the bench ---------------------------------------------------------------------------------


def bench(app, database_url: str, runs: int, close: bool) -> None:
    import psycopg
    import sqlalchemy as sa

    from core.db import db
    from core.registers.models import CashSession, Register
    from core.registers.reports import session_figures
    from core.reports.services import sales_report
    from core.testing.fixtures import token_for

    connection = psycopg.connect(database_url.replace("postgresql+psycopg", "postgresql"))
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token_for(app, 'admin')}"}
    with app.app_context():
        last = db.session.scalar(
            sa.select(sa.func.max(sa.text("completed_at"))).select_from(sa.table("sale"))
        )
    end = (
        (last + dt.timedelta(days=1))
        .astimezone(dt.UTC)
        .replace(hour=0, minute=0, second=0, microsecond=0)
    )
    periods = {"30 days": end - dt.timedelta(days=30), "the year": end - dt.timedelta(days=DAYS)}

    for label, start in periods.items():
        with app.app_context():
            count = db.session.scalar(
                sa.text("SELECT count(*) FROM sale WHERE completed_at >= :a AND completed_at < :b"),
                {"a": start, "b": end},
            )
        print(f"\n{label}: {count:,} sales", flush=True)
        for by, joined, lines in (
            ("day", RAW_BY_DAY, RAW_BY_DAY_LINES),
            ("product", RAW_BY_PRODUCT, RAW_BY_PRODUCT_LINES),
        ):
            before = timed(raw(connection, joined + RAW_SUMMARY, start=start, end=end), runs)
            show(f"raw psycopg, by {by} + summary, lines joined", before)
            baseline = timed(raw(connection, lines + RAW_SUMMARY_LINES, start=start, end=end), runs)
            show(f"raw psycopg, by {by} + summary, lines alone (baseline)", baseline, before)

            def service(by: str = by, start: dt.datetime = start) -> None:
                with app.app_context():
                    sales_report(start, end, by)
                    db.session.rollback()

            show(f"sales_report(by={by})", timed(service, runs), baseline)
            query = f"from={start.isoformat()}&to={end.isoformat()}&by={by}".replace("+", "%2B")

            def api(query: str = query) -> None:
                response = client.get(f"/api/v1/reports/sales?{query}", headers=headers)
                assert response.status_code == 200, response.get_data(as_text=True)

            show(f"GET /api/v1/reports/sales?by={by}", timed(api, runs), baseline)

    print("\nthe dashboard (today, yesterday, this week and last, by hour, top products)")
    baseline = timed(raw_dashboard(connection, dt.datetime.now(dt.UTC)), runs)
    show("raw psycopg, the same aggregates (baseline)", baseline)

    def dashboard() -> None:
        response = client.get("/admin/", headers=headers)
        assert response.status_code == 200, response.status_code

    show("GET /admin/", timed(dashboard, runs), baseline)

    with app.app_context():
        open_sessions = db.session.execute(
            sa.select(CashSession.id, CashSession.register_id, Register.code)
            .join(Register, Register.id == CashSession.register_id)
            .where(CashSession.status == "open", Register.code.like("B%"))
            .order_by(Register.code)
        ).all()
        closed = db.session.scalar(
            sa.select(sa.func.max(CashSession.id)).where(CashSession.status == "closed")
        )
        sizes = [
            db.session.scalar(
                sa.text("SELECT count(*) FROM sale WHERE cash_session_id = :s"), {"s": sid}
            )
            for sid, _r, _c in open_sessions
        ]
    if not open_sessions:
        print("\nno open session left to close: refill (drop and create the database)")
        return
    session_id, register_id, _code = open_sessions[0]
    print(f"\nX and Z reports: sessions of {min(sizes)}-{max(sizes)} sales", flush=True)
    baseline = timed(raw(connection, RAW_SESSION, session=session_id), runs)
    show("raw psycopg, the session's aggregates (baseline)", baseline)

    def figures(session_id: int = session_id) -> None:
        with app.app_context():
            session_figures(db.session.get(CashSession, session_id))
            db.session.rollback()

    show("session_figures (X/Z figures)", timed(figures, runs), baseline)
    show(
        "  ... of a closed session (the day before)",
        timed(lambda: figures(closed), runs),
        baseline,
    )

    def x_report() -> None:
        response = client.get(f"/api/v1/registers/{register_id}/x-report", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)

    show("GET /api/v1/registers/<id>/x-report", timed(x_report, runs), baseline)
    if not close:
        return
    closings = []
    for _sid, rid, _code in open_sessions:
        start = time.perf_counter()
        response = client.post(
            f"/api/v1/registers/{rid}/close", headers=headers, json={"counted_cash": 15000}
        )
        closings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)
    show("POST /api/v1/registers/<id>/close (Z, once each)", closings, baseline)
    print(
        "\n(the registers are closed now: the next run times X/Z on closed sessions only;"
        " drop and create the database to refill)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--fill-only", action="store_true", help="fill, time nothing")
    parser.add_argument(
        "--close", action="store_true", help="end by closing each register (once: Z reports)"
    )
    args = parser.parse_args()
    url = args.database_url
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    import psycopg

    print("load average:", os.getloadavg(), flush=True)
    app = make_app(url)
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as c:
        if filled(c) < args.sales:
            first = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=DAYS - 1)
            print(f"filling {args.sales:,} sales from {first}...", flush=True)
            started = time.perf_counter()
            fill(c, args.sales, f"{first.isoformat()} 00:00:00+00")
            print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)
        else:
            # A database filled before a migration that rewrote the lines
            # (core_sale_line_period) or rebuilt an index (core_sale_completed_covering):
            # as autovacuum would have by now, so that the reports' index-only scans see
            # the pages all-visible. Quick when clean.
            c.execute("VACUUM ANALYZE sale, sale_line")
        print(f"{filled(c):,} sales in the database", flush=True)
    if not args.fill_only:
        bench(app, url, args.runs, args.close)
    print("\nload average:", os.getloadavg(), flush=True)


if __name__ == "__main__":
    main()
