"""Initial schema: articles, record versions, events, claims, figures, framing, the cross-source
layer, and full-text search (SQLite FTS5 over ``passages``; PostgreSQL a generated tsvector + GIN).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('outlet', sa.String(length=200), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('authors', sa.JSON(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('genre', sa.String(length=20), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('extractor', sa.String(length=100), nullable=False),
    sa.Column('stored_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_outlet'), ['outlet'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_published'), ['published'], unique=False)

    op.create_table('claim_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('accusation', sa.String(length=40), nullable=False),
    sa.Column('denial', sa.String(length=40), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claim_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_pairs_accusation'), ['accusation'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_pairs_denial'), ['denial'], unique=False)

    op.create_table('incident_events',
    sa.Column('event_key', sa.String(length=40), nullable=False),
    sa.Column('incident_id', sa.String(length=40), nullable=False),
    sa.Column('article_id', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('event_key')
    )
    with op.batch_alter_table('incident_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_events_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_events_incident_id'), ['incident_id'], unique=False)

    op.create_table('incident_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.String(length=40), nullable=False),
    sa.Column('a', sa.String(length=40), nullable=False),
    sa.Column('b', sa.String(length=40), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incident_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_links_incident_id'), ['incident_id'], unique=False)

    op.create_table('incidents',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=True),
    sa.Column('last_day', sa.Date(), nullable=True),
    sa.Column('place_name', sa.String(length=200), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('grade', sa.String(length=30), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('reports', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidents_first_day'), ['first_day'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_grade'), ['grade'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_type'), ['type'], unique=False)

    op.create_table('outlets',
    sa.Column('outlet', sa.String(length=200), nullable=False),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('outlet')
    )
    op.create_table('splits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('a', sa.String(length=40), nullable=False),
    sa.Column('b', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('a', 'b')
    )
    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.String(length=80), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('speaker_text', sa.Text(), nullable=False),
    sa.Column('speaker_name', sa.Text(), nullable=True),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('affiliation', sa.String(length=20), nullable=True),
    sa.Column('cue', sa.Text(), nullable=False),
    sa.Column('act', sa.String(length=20), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('direct', sa.Boolean(), nullable=False),
    sa.Column('about', sa.JSON(), nullable=False),
    sa.Column('ev_start', sa.Integer(), nullable=False),
    sa.Column('ev_end', sa.Integer(), nullable=False),
    sa.Column('ev_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_act'), ['act'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_key'), ['key'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.String(length=80), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('trigger', sa.Text(), nullable=False),
    sa.Column('date_text', sa.Text(), nullable=True),
    sa.Column('earliest', sa.Date(), nullable=True),
    sa.Column('latest', sa.Date(), nullable=True),
    sa.Column('place_text', sa.Text(), nullable=True),
    sa.Column('place_name', sa.String(length=200), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('feature', sa.String(length=20), nullable=True),
    sa.Column('actors', sa.JSON(), nullable=False),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('weapons', sa.JSON(), nullable=False),
    sa.Column('killed', sa.Integer(), nullable=True),
    sa.Column('injured', sa.Integer(), nullable=True),
    sa.Column('acled', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('source_text', sa.Text(), nullable=True),
    sa.Column('source_name', sa.Text(), nullable=True),
    sa.Column('ev_start', sa.Integer(), nullable=False),
    sa.Column('ev_end', sa.Integer(), nullable=False),
    sa.Column('ev_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_earliest'), ['earliest'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_key'), ['key'], unique=False)
        batch_op.create_index('ix_events_place', ['place_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_type'), ['type'], unique=False)

    op.create_table('figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.String(length=80), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('qualifier', sa.String(length=20), nullable=True),
    sa.Column('scope', sa.Text(), nullable=True),
    sa.Column('source_text', sa.Text(), nullable=True),
    sa.Column('source_name', sa.Text(), nullable=True),
    sa.Column('ev_start', sa.Integer(), nullable=False),
    sa.Column('ev_end', sa.Integer(), nullable=False),
    sa.Column('ev_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figures_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_kind'), ['kind'], unique=False)

    op.create_table('framings',
    sa.Column('article_id', sa.String(length=80), nullable=False),
    sa.Column('naming', sa.JSON(), nullable=False),
    sa.Column('loaded', sa.JSON(), nullable=False),
    sa.Column('opinion_markers', sa.Integer(), nullable=False),
    sa.Column('stance', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id')
    )
    op.create_table('passages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('passages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_passages_article_id'), ['article_id'], unique=False)

    op.create_table('record_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.String(length=80), nullable=False),
    sa.Column('extractor', sa.String(length=100), nullable=False),
    sa.Column('stored_at', sa.DateTime(), nullable=False),
    sa.Column('record', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article_id', 'extractor')
    )
    with op.batch_alter_table('record_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_versions_article_id'), ['article_id'], unique=False)


    _create_search()

def downgrade() -> None:
    _drop_search()
    with op.batch_alter_table('record_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_versions_article_id'))

    op.drop_table('record_versions')
    with op.batch_alter_table('passages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_passages_article_id'))

    op.drop_table('passages')
    op.drop_table('framings')
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figures_kind'))
        batch_op.drop_index(batch_op.f('ix_figures_article_id'))

    op.drop_table('figures')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_type'))
        batch_op.drop_index('ix_events_place')
        batch_op.drop_index(batch_op.f('ix_events_key'))
        batch_op.drop_index(batch_op.f('ix_events_earliest'))
        batch_op.drop_index(batch_op.f('ix_events_article_id'))

    op.drop_table('events')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_key'))
        batch_op.drop_index(batch_op.f('ix_claims_article_id'))
        batch_op.drop_index(batch_op.f('ix_claims_act'))

    op.drop_table('claims')
    op.drop_table('splits')
    op.drop_table('outlets')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_type'))
        batch_op.drop_index(batch_op.f('ix_incidents_grade'))
        batch_op.drop_index(batch_op.f('ix_incidents_first_day'))

    op.drop_table('incidents')
    with op.batch_alter_table('incident_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_links_incident_id'))

    op.drop_table('incident_links')
    with op.batch_alter_table('incident_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_events_incident_id'))
        batch_op.drop_index(batch_op.f('ix_incident_events_article_id'))

    op.drop_table('incident_events')
    with op.batch_alter_table('claim_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_pairs_denial'))
        batch_op.drop_index(batch_op.f('ix_claim_pairs_accusation'))

    op.drop_table('claim_pairs')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_published'))
        batch_op.drop_index(batch_op.f('ix_articles_outlet'))

    op.drop_table('articles')


def _create_search() -> None:
    """Index ``passages.text`` for full-text search, the way each backend does it best."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages', content_rowid='id')")
        op.execute("CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN "
                   "INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text); END")
        op.execute("CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN "
                   "INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text); END")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE passages ADD COLUMN tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED")
        op.execute("CREATE INDEX ix_passages_tsv ON passages USING gin (tsv)")


def _drop_search() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS passages_ai")
        op.execute("DROP TRIGGER IF EXISTS passages_ad")
        op.execute("DROP TABLE IF EXISTS passages_fts")
