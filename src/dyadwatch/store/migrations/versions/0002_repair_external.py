"""Repaired text with offset map on documents; external events (GDELT/ICEWS/POLECAT imports).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("repaired_text", sa.Text))
        batch.add_column(sa.Column("repair_map", sa.Text))
    op.create_table(
        "external_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dataset", sa.String(16), nullable=False),
        sa.Column("ext_id", sa.String(120), nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("source_country", sa.String(16)),
        sa.Column("target_country", sa.String(16)),
        sa.Column("source_name", sa.Text),
        sa.Column("target_name", sa.Text),
        sa.Column("source_code", sa.String(40)),
        sa.Column("target_code", sa.String(40)),
        sa.Column("cameo", sa.String(8)),
        sa.Column("event", sa.String(20)),
        sa.Column("mode", sa.String(40)),
        sa.Column("goldstein", sa.Float),
        sa.Column("intensity", sa.Float),
        sa.Column("quad", sa.Integer),
        sa.Column("n_mentions", sa.Integer),
        sa.Column("url", sa.Text),
        sa.Column("provenance", sa.Text),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),
        sa.UniqueConstraint("dataset", "ext_id", name="uq_external_events_dataset_ext_id"),
    )
    op.create_index("ix_external_dyad_date", "external_events", ["source_country", "target_country", "date"])


def downgrade() -> None:
    op.drop_index("ix_external_dyad_date", table_name="external_events")
    op.drop_table("external_events")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("repair_map")
        batch.drop_column("repaired_text")
