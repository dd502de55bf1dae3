"""From mentions to events to a relationship: clustering, dyad series, periods and analyst briefs.

Light to import: plotting (matplotlib) and change points (ruptures) load only when used.
"""

from dyadwatch.relations.cluster import Cluster, MentionRef, cluster, cluster_refs, link_planned
from dyadwatch.relations.service import ClusterSummary, cluster_new_mentions, rebuild_events

__all__ = [
    "Cluster",
    "ClusterSummary",
    "MentionRef",
    "cluster",
    "cluster_new_mentions",
    "cluster_refs",
    "link_planned",
    "rebuild_events",
]
