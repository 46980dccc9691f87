"""Alembic environment: runs on the connection handed over by ``models.db.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from models import Base

config = context.config
connection: Connection | None = config.attributes.get("connection")


def _run(conn: Connection) -> None:
    context.configure(
        connection=conn,
        target_metadata=Base.metadata,
        render_as_batch=conn.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is None:
    msg = "run migrations through `python -m bot migrate`"
    raise RuntimeError(msg)
_run(connection)
