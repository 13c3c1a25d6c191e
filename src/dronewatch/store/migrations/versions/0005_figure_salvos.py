"""Figures keep their part in a drone or missile salvo: role, weapon, side and night (the barrage tracker).

The columns are empty for figures stored before; re-ingesting an article with the current extractor fills them.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('weapon_name', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('weapon_class', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('side', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('night', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_figures_role'), ['role'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_night'), ['night'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figures_night'))
        batch_op.drop_index(batch_op.f('ix_figures_role'))
        batch_op.drop_column('night')
        batch_op.drop_column('side')
        batch_op.drop_column('weapon_class')
        batch_op.drop_column('weapon_name')
        batch_op.drop_column('role')
