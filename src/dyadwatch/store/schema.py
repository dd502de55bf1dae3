"""The database schema (SQLAlchemy Core). Changes go through an alembic migration in ``migrations/versions``."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", String(40), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(20), nullable=False),  # running | completed | interrupted | failed
    Column("coder_version", String(40)),
    Column("counts", Text),  # JSON object of counters
    Column("args", Text),  # JSON list of inputs
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("status", String(20), nullable=False),  # ok | failed
    Column("reason", Text),
    Column("path", Text),
    Column("format", String(20)),
    Column("title", Text),
    Column("published", Date),
    Column("lang", String(8)),
    Column("langs", Text),  # JSON [[lang, share], ...]
    Column("url", Text),
    Column("source", Text),
    Column("author", Text),
    Column("meta", Text),  # JSON object
    Column("text", Text),
    Column("n_sentences", Integer, nullable=False, default=0),
    Column("damage", Float),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("repaired_text", Text),  # damaged text after letter repair (None when not repaired)
    Column("repair_map", Text),  # JSON offset map between text and repaired_text
)
Index("ix_documents_status", documents.c.status)
Index("ix_documents_published", documents.c.published)

sentences = Table(
    "sentences",
    metadata,
    Column("doc_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("lang", String(8)),
    Column("damage", Float),
)

events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("source", String(16), nullable=False),
    Column("target", String(16), nullable=False),
    Column("event", String(20), nullable=False),
    Column("mode", String(40)),
    Column("date", Date),
    Column("date_precision", String(10)),
    Column("status", String(12)),
    Column("n_mentions", Integer, nullable=False, default=0),
    Column("why", Text),
    # aggregates over the event's mentions (migration 0003), refreshed whenever clustering writes the event
    Column("quad", Integer),  # most common quad class of its mentions
    Column("plover", Float),  # mean PLOVER score of its mentions
    Column("goldstein", Float),  # mean Goldstein score of its mentions
    Column("n_docs", Integer),
    Column("languages", String(80)),  # comma-separated, sorted
    Column("first_seen", Date),  # earliest publication date of a document reporting it
    Column("mention_q1", Integer),  # mentions by quad class
    Column("mention_q2", Integer),
    Column("mention_q3", Integer),
    Column("mention_q4", Integer),
    Column("mention_plover_sum", Float),
    Column("mention_n_plover", Integer),
    Column("mention_goldstein_sum", Float),
    Column("mention_n_goldstein", Integer),
)
EVENT_COVER_COLUMNS = (
    "source", "target", "date", "status", "event", "languages", "quad", "plover", "goldstein", "n_mentions",
    "mention_q1", "mention_q2", "mention_q3", "mention_q4", "mention_plover_sum", "mention_n_plover",
    "mention_goldstein_sum", "mention_n_goldstein",
)  # fmt: skip
# covering index (migration 0003): pair + date ranges, filters and series sums are read from the index alone
Index("ix_events_dyad_cover", *(events.c[n] for n in EVENT_COVER_COLUMNS))
Index("ix_events_source_date", events.c.source, events.c.date, events.c.target)  # one country, in date order
Index("ix_events_target_date", events.c.target, events.c.date, events.c.source)
Index("ix_events_date", events.c.date, events.c.id)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="SET NULL")),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("lang", String(8)),
    Column("date", Date),
    Column("date_precision", String(10), nullable=False),
    Column("status", String(12), nullable=False),
    Column("source_code", String(24)),
    Column("source_country", String(16), nullable=False),
    Column("source_role", String(40)),
    Column("source_name", Text),
    Column("source_text", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("target_code", String(24)),
    Column("target_country", String(16), nullable=False),
    Column("target_role", String(40)),
    Column("target_name", Text),
    Column("target_text", Text),
    Column("target_start", Integer),
    Column("target_end", Integer),
    Column("event", String(20), nullable=False),
    Column("mode", String(40)),
    Column("context", String(40)),
    Column("cameo", String(8)),
    Column("intensity", Float),
    Column("goldstein", Float),
    Column("quad", Integer),
    Column("trigger_text", Text),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("rule", String(120), nullable=False),
    Column("confidence", Float),
    Column("coder_version", String(40), nullable=False),
)
Index("ix_mentions_doc", mentions.c.doc_id)
Index("ix_mentions_event", mentions.c.event_id, mentions.c.lang)
Index("ix_mentions_dyad_date", mentions.c.source_country, mentions.c.target_country, mentions.c.date)

external_events = Table(
    "external_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset", String(16), nullable=False),  # gdelt | icews | polecat
    Column("ext_id", String(120), nullable=False),
    Column("date", Date),
    Column("source_country", String(16)),
    Column("target_country", String(16)),
    Column("source_name", Text),
    Column("target_name", Text),
    Column("source_code", String(40)),
    Column("target_code", String(40)),
    Column("cameo", String(8)),
    Column("event", String(20)),
    Column("mode", String(40)),
    Column("goldstein", Float),
    Column("intensity", Float),
    Column("quad", Integer),
    Column("n_mentions", Integer),
    Column("url", Text),
    Column("provenance", Text),  # JSON: file, line/row, import time
    Column("run_id", Integer, ForeignKey("runs.id")),
    UniqueConstraint("dataset", "ext_id", name="uq_external_events_dataset_ext_id"),
)
_ext = external_events.c
Index("ix_external_dyad_date", _ext.source_country, _ext.target_country, _ext.date)
