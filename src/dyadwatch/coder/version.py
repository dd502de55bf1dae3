"""Coder version string (bump when rules or tables change what the coder emits)."""

from __future__ import annotations

CODER_RULES = "0.2.1"
TABLES_VERSION = "2025.11-1"  # must equal the "# table-version:" header of data/ontology/*.tsv
CODER_VERSION = f"{CODER_RULES}+tables.{TABLES_VERSION}"
