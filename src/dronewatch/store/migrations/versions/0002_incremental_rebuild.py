"""Incremental rebuild: blocks and what merging compares on ``incident_events``, claim pairs' articles,
incidents' claiming sides, framings' word counts, ``merge_pending`` and ``merge_state``; distinct keys
for events (and claims) that one sentence states twice.

The cross-source layer is emptied and every article marked pending: the next rebuild (``Store``
runs one when it opens a database this migration upgraded) recomputes it all.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import hashlib
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_DERIVED = ("incident_events", "incidents", "incident_links", "claim_pairs", "outlets")


def upgrade() -> None:
    for table in _DERIVED:
        op.execute(f"DELETE FROM {table}")
    with op.batch_alter_table('incident_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('block', sa.String(length=40), nullable=False))
        batch_op.add_column(sa.Column('type', sa.String(length=40), nullable=False))
        batch_op.add_column(sa.Column('earliest', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('latest', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('place_key', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('place_name', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('country', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('lon', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('feature', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('admin1', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('targets', sa.JSON(), nullable=False))
        batch_op.add_column(sa.Column('published', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_incident_events_block'), ['block'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_events_earliest'), ['earliest'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_events_place_key'), ['place_key'], unique=False)
    with op.batch_alter_table('claim_pairs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accusation_article', sa.String(length=80), nullable=False))
        batch_op.add_column(sa.Column('denial_article', sa.String(length=80), nullable=False))
        batch_op.create_index(batch_op.f('ix_claim_pairs_accusation_article'), ['accusation_article'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_pairs_denial_article'), ['denial_article'], unique=False)
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.JSON(), nullable=False))
    with op.batch_alter_table('framings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('words', sa.Integer(), nullable=True))
    _count_words()
    with op.batch_alter_table('framings', schema=None) as batch_op:
        batch_op.alter_column('words', existing_type=sa.Integer(), nullable=False)
    op.create_table('merge_pending',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.String(length=80), nullable=False),
    sa.Column('outlet', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('merge_pending', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merge_pending_article_id'), ['article_id'], unique=False)
    op.create_table('merge_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rebuilt_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.execute("INSERT INTO merge_state (id, rebuilt_at) VALUES (1, NULL)")
    op.execute("INSERT INTO merge_pending (article_id, outlet) SELECT id, NULL FROM articles")
    _rekey("events", "type", "ev-", "event")
    _rekey("claims", "act", "cl-", "claim")


def downgrade() -> None:
    op.drop_table('merge_state')
    with op.batch_alter_table('merge_pending', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merge_pending_article_id'))
    op.drop_table('merge_pending')
    with op.batch_alter_table('framings', schema=None) as batch_op:
        batch_op.drop_column('words')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_column('claimed_by')
    with op.batch_alter_table('claim_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_pairs_denial_article'))
        batch_op.drop_index(batch_op.f('ix_claim_pairs_accusation_article'))
        batch_op.drop_column('denial_article')
        batch_op.drop_column('accusation_article')
    with op.batch_alter_table('incident_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_events_place_key'))
        batch_op.drop_index(batch_op.f('ix_incident_events_earliest'))
        batch_op.drop_index(batch_op.f('ix_incident_events_block'))
        for column in ('published', 'targets', 'admin1', 'feature', 'lon', 'lat', 'country', 'place_name',
                       'place_key', 'latest', 'earliest', 'type', 'block'):
            batch_op.drop_column(column)
    for table in _DERIVED:
        op.execute(f"DELETE FROM {table}")


def _count_words() -> None:
    """Fill ``framings.words`` as ``merge.outlets.word_count`` counts (whitespace-separated words)."""
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT a.id, a.text FROM articles a JOIN framings f ON f.article_id = a.id"))
    counts = [{"id": aid, "words": len(text.split())} for aid, text in rows]
    if counts:
        conn.execute(sa.text("UPDATE framings SET words = :words WHERE article_id = :id"), counts)


def _rekey(table: str, kind_column: str, prefix: str, passage_kind: str) -> None:
    """Give the second and later rows of an article with the same kind and evidence their own key.

    A frozen copy of ``merge.incidents.event_keys`` / ``merge.pairing.claim_refs`` as of this revision:
    the n-th repeat (from 0) hashes ``"{n}#"`` before the first one's text. Searchable passages that
    point at a re-keyed row follow it.
    """
    conn = op.get_bind()
    rows = conn.execute(sa.text(f"SELECT id, article_id, {kind_column}, ev_start, ev_text, key FROM {table} "
                                "ORDER BY article_id, idx"))
    seen: Counter[tuple[str, str, int, str]] = Counter()
    changes = []
    for row_id, article, kind, start, text, key in rows:
        same = (article, kind, start, text)
        if seen[same]:
            raw = f"{seen[same]}#{article}|{kind}|{start}|{text}"
            changes.append({"id": row_id, "old": key, "new": prefix + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16],
                            "article": article, "kind": passage_kind})
        seen[same] += 1
    if not changes:
        return
    conn.execute(sa.text(f"UPDATE {table} SET key = :new WHERE id = :id"), changes)
    # The passages of repeated rows carry the shared key too, in row order: each re-keyed row takes
    # the second passage still under the old key (the first stays with the first row).
    for change in changes:
        passage = conn.execute(sa.text("SELECT id FROM passages WHERE article_id = :article AND kind = :kind "
                                       "AND ref = :old ORDER BY id LIMIT 1 OFFSET 1"), change).scalar()
        if passage is not None:
            conn.execute(sa.text("UPDATE passages SET ref = :new WHERE id = :id"), {"new": change["new"], "id": passage})
