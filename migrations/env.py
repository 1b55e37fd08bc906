"""Alembic environment shared by the core (branch ``core``) and every plugin's branch.

Run through ``core.migrate`` (``comptoir init``, ``comptoir plugins enable``), which passes
the connection and the app; never ``alembic upgrade heads``: targets are always explicit.
"""

from alembic import context

from core.db import db

config = context.config
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=db.metadata,
    render_as_batch=True,
    compare_type=True,
    include_object=config.attributes.get("include_object"),
)

with context.begin_transaction():
    context.run_migrations()
