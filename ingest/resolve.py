"""Names -> one canonical entity within and across reports (deterministic, explainable).

Placeholder key: NFKC without spaces; the full rules (suffixes, regions, parentheses, event sessions,
alias table) arrive with the entities issue.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Resolved:
    key: str
    canonical: str
    rule: str


class Resolver:
    """Maps a surface name and type to a canonical key and name, saying which rule did it."""

    def resolve(self, surface: str, type_: str) -> Resolved:
        key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", surface))
        return Resolved(key, surface, "exact")

    @classmethod
    def from_file(cls, path: str) -> "Resolver":
        return cls()
