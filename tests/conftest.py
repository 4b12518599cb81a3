"""Shared fixtures: the bundled sample reports and a store built from them (validated with SHACL)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph import KnowledgeGraph

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
GOLD = Path(__file__).resolve().parent / "data" / "gold"


def assert_valid(kg: KnowledgeGraph) -> None:
    """Every test ingest ends here: SHACL violations fail the test."""
    conforms, text = kg.validate()
    assert conforms, text


def ingest_and_validate(paths, store, **kwargs):
    """Ingest into ``store`` and validate the result; returns (KnowledgeGraph, IngestResult)."""
    kg = KnowledgeGraph(store)
    result = kg.ingest([str(p) for p in paths], **kwargs)
    assert_valid(kg)
    return kg, result


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory, sample_paths) -> Path:
    """A store folder holding the three sample reports (built once per session)."""
    store = tmp_path_factory.mktemp("sample") / "store"
    kg, result = ingest_and_validate(sample_paths, store, workers=1)
    assert not result.errors
    kg.close()
    return store


@pytest.fixture()
def sample_kg(sample_store):
    """The sample store opened read-only."""
    kg = KnowledgeGraph(sample_store, read_only=True)
    yield kg
    kg.close()
