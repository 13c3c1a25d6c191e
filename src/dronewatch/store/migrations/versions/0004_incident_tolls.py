"""Incidents keep what their lists sort, filter and count on: country, number of reports, the range of
killed and injured over the reports, and whether the incident is vague (no date a month wide or less).

The cross-source layer is emptied and every article marked pending: the next rebuild (``Store`` runs
one when it opens a database this migration upgraded) recomputes it with these columns.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_DERIVED = ("incident_events", "incidents", "incident_links", "claim_pairs", "outlets", "merge_pending")
_COLUMNS = ("country", "report_count", "killed_low", "killed_high", "injured_low", "injured_high", "vague")


def upgrade() -> None:
    for table in _DERIVED:
        op.execute(f"DELETE FROM {table}")
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('report_count', sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column('killed_low', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('killed_high', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('injured_low', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('injured_high', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('vague', sa.Boolean(), nullable=False))
        batch_op.create_index(batch_op.f('ix_incidents_country'), ['country'], unique=False)
    op.execute("INSERT INTO merge_pending (article_id, outlet) SELECT id, NULL FROM articles")


def downgrade() -> None:
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_country'))
        for column in _COLUMNS:
            batch_op.drop_column(column)
