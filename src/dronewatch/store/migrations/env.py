"""Alembic environment: migrate the connection that ``store.repo`` hands over (never a network fetch)."""

from __future__ import annotations

from alembic import context

from dronewatch.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
