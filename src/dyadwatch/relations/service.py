"""Service functions over a Store: incremental event clustering (called at the end of ``dyadwatch ingest``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyadwatch.relations.cluster import MentionRef, cluster_block

if TYPE_CHECKING:
    from dyadwatch.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """What one clustering pass did."""

    new_mentions: int  # mentions that had no event before
    blocks: int  # (pair, type family, status, direction) blocks re-clustered
    created: int  # events created
    updated: int  # existing events whose fields changed (new mentions, new date …)
    removed: int  # events absorbed by a merge
    events: int  # events in the store afterwards


def cluster_new_mentions(store: Store) -> ClusterSummary:
    """Assign every mention without an event to an existing or a new event, in one transaction.

    Only the blocks that received new mentions are re-clustered, each over all its mentions, so the result is
    the same as clustering everything at once; events keep their ids unless merged (the older id survives).
    """
    from sqlalchemy import func, select

    from dyadwatch.store import events_repo as repo
    from dyadwatch.store.schema import events

    new = blocks = created = updated = removed = 0
    with store.engine.begin() as conn:
        for a, b, family in repo.pending_pair_families(conn):
            rows = repo.load_pair_family(conn, a, b, family)
            by_block: dict[tuple, list[tuple[MentionRef, str | None]]] = {}
            for ref, event_id in rows:
                by_block.setdefault(ref.block, []).append((ref, event_id))
            for key in sorted(by_block):
                members = by_block[key]
                pending = sum(1 for _, e in members if e is None)
                if not pending:
                    continue
                clusters = cluster_block([r for r, _ in members])
                res = repo.apply_clusters(conn, clusters, {r.id: e for r, e in members})
                new += pending
                blocks += 1
                created, updated, removed = created + res.created, updated + res.updated, removed + res.removed
                log.debug("block %s: %d mentions → %d events", key, len(members), len(clusters))
        total = int(conn.execute(select(func.count()).select_from(events)).scalar_one())
    summary = ClusterSummary(new, blocks, created, updated, removed, total)
    log.info("clustered %d new mentions in %d blocks: %d events created, %d updated, %d merged away; %d events",
             new, blocks, created, updated, removed, total)  # fmt: skip
    return summary


def rebuild_events(store: Store) -> ClusterSummary:
    """Delete all events and cluster every mention again (after a change to the clustering rules)."""
    from dyadwatch.store import events_repo as repo

    with store.engine.begin() as conn:
        dropped = repo.reset_events(conn)
    log.info("deleted %d events; re-clustering all mentions", dropped)
    return cluster_new_mentions(store)
