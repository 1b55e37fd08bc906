"""Migration ``core_agent_registers``: an agent paired before it keeps serving its
register (and a retired one serves nothing), so existing shop PCs keep printing."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from core.migrate import alembic_config
from core.testing.fixtures import make_test_app

BEFORE, AFTER = "core_scanned_codes", "core_agent_registers"


def _migrate(app, step, target: str) -> None:
    with app.engine.begin() as connection:
        step(alembic_config(app, connection), target)


def test_existing_pairings_keep_their_register(empty_database_url, tmp_path):
    app = make_test_app(empty_database_url, tmp_path / "instance", [])
    try:
        _migrate(app, command.upgrade, BEFORE)
        agent = sa.table(
            "device_agent",
            *(sa.column(name) for name in ("id", "register_id", "name", "token_hash")),
            *(sa.column(name) for name in ("local_token", "paired_at", "revoked")),
        )
        with app.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO location (id, code, name, is_default) VALUES (1, 'L', 'L', true)"
                )
            )
            for register_id in (1, 2):
                connection.execute(
                    sa.text(
                        "INSERT INTO register (id, code, name, location_id, active, "
                        "last_receipt_number, journal_sequence, journal_head) "
                        f"VALUES ({register_id}, 'R{register_id}', 'R', 1, true, 0, 0, '0')"
                    )
                )
            rows = [(1, 1, True), (2, 1, False), (3, 2, True)]  # (id, register, revoked)
            for agent_id, register_id, revoked in rows:
                connection.execute(
                    agent.insert().values(
                        id=agent_id,
                        register_id=register_id,
                        name="pc",
                        token_hash=f"{agent_id:064d}",
                        local_token="x",
                        paired_at="2026-01-01 00:00:00.000000",
                        revoked=revoked,
                    )
                )
        _migrate(app, command.upgrade, AFTER)
        with app.engine.begin() as connection:
            served = connection.execute(
                sa.text("SELECT register_id, agent_id FROM agent_register ORDER BY register_id")
            ).all()
        # Register 1 keeps its live agent (2); register 2's only agent was retired.
        assert [tuple(row) for row in served] == [(1, 2)]
        _migrate(app, command.downgrade, BEFORE)
        assert "agent_register" not in sa.inspect(app.engine).get_table_names()
    finally:
        app.close()
