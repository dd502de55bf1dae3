"""Initial schema: runs, documents, sentences, events, mentions.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("command", sa.String(40), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("coder_version", sa.String(40)),
        sa.Column("counts", sa.Text),
        sa.Column("args", sa.Text),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("format", sa.String(20)),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("lang", sa.String(8)),
        sa.Column("langs", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("meta", sa.Text),
        sa.Column("text", sa.Text),
        sa.Column("n_sentences", sa.Integer, nullable=False),
        sa.Column("damage", sa.Float),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_documents_status", "documents", ["status"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_table(
        "sentences",
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("lang", sa.String(8)),
        sa.Column("damage", sa.Float),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("target", sa.String(16), nullable=False),
        sa.Column("event", sa.String(20), nullable=False),
        sa.Column("mode", sa.String(40)),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.String(10)),
        sa.Column("status", sa.String(12)),
        sa.Column("n_mentions", sa.Integer, nullable=False),
        sa.Column("why", sa.Text),
    )
    op.create_index("ix_events_dyad_date", "events", ["source", "target", "date"])
    actor_cols = []
    for side in ("source", "target"):
        actor_cols += [
            sa.Column(f"{side}_code", sa.String(24)),
            sa.Column(f"{side}_country", sa.String(16), nullable=False),
            sa.Column(f"{side}_role", sa.String(40)),
            sa.Column(f"{side}_name", sa.Text),
            sa.Column(f"{side}_text", sa.Text),
            sa.Column(f"{side}_start", sa.Integer),
            sa.Column(f"{side}_end", sa.Integer),
        ]
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="SET NULL")),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),
        sa.Column("sentence_start", sa.Integer, nullable=False),
        sa.Column("sentence_end", sa.Integer, nullable=False),
        sa.Column("lang", sa.String(8)),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.String(10), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        *actor_cols,
        sa.Column("event", sa.String(20), nullable=False),
        sa.Column("mode", sa.String(40)),
        sa.Column("context", sa.String(40)),
        sa.Column("cameo", sa.String(8)),
        sa.Column("intensity", sa.Float),
        sa.Column("goldstein", sa.Float),
        sa.Column("quad", sa.Integer),
        sa.Column("trigger_text", sa.Text),
        sa.Column("trigger_start", sa.Integer),
        sa.Column("trigger_end", sa.Integer),
        sa.Column("rule", sa.String(120), nullable=False),
        sa.Column("confidence", sa.Float),
        sa.Column("coder_version", sa.String(40), nullable=False),
    )
    op.create_index("ix_mentions_doc", "mentions", ["doc_id"])
    op.create_index("ix_mentions_dyad_date", "mentions", ["source_country", "target_country", "date"])


def downgrade() -> None:
    for name in ("mentions", "events", "sentences", "documents", "runs"):
        op.drop_table(name)
