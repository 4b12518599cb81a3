"""Small helpers for tests: run the extractor on text written in the test."""
from __future__ import annotations

from govkg.ingest.facts import Extraction
from govkg.ingest.load import Document
from govkg.ingest.nlp import build_nlp
from govkg.ingest.pipeline import extract


def facts_of(text: str, name: str = "t.txt") -> Extraction:
    """Extract facts (as extracted, before resolution) from report text given inline."""
    return extract(Document(source=name, path=name, text=text, encoding="utf-8"), build_nlp(quiet=True))


def title(dept: str = "深圳市南山区科技创新局", year: int = 2024) -> str:
    return f"{year}年度{dept}部门整体支出绩效自评报告\n一、基本情况\n"
