"""Events keep their API documents (``event_docs``): each stored event's JSON, written once with it.

Lists of events then read these documents instead of building JSON on every request; this revision
writes the document of every event already stored, as ``event_document`` writes new ones.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dronewatch.store.models import ArticleRow, EventRow, event_document, table_of

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# Events read and written per round, so that a large store is filled in bounded memory.
_BATCH = 2000


def upgrade() -> None:
    docs = op.create_table('event_docs',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('article_id', sa.String(length=80), nullable=False),
    sa.Column('doc', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('event_docs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_docs_article_id'), ['article_id'], unique=False)
    _write_documents(docs)


def downgrade() -> None:
    with op.batch_alter_table('event_docs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_docs_article_id'))
    op.drop_table('event_docs')


def _write_documents(docs: sa.Table) -> None:
    conn = op.get_bind()
    events, articles = table_of(EventRow), table_of(ArticleRow)
    query = (sa.select(*events.c, articles.c.outlet, articles.c.published)
             .join(articles, articles.c.id == events.c.article_id).order_by(events.c.id).limit(_BATCH))
    after = 0
    while rows := conn.execute(query.where(events.c.id > after)).mappings().all():
        conn.execute(sa.insert(docs), [{"key": r["key"], "article_id": r["article_id"],
                                        "doc": event_document(dict(r), r["outlet"], r["published"])} for r in rows])
        after = rows[-1]["id"]
