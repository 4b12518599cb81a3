"""Shared fixtures: the bundled sample reports and a store built from them (validated with SHACL)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from govkg.kg.graph import KnowledgeGraph

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
GOLD = Path(__file__).resolve().parent / "data" / "gold"


def assert_valid(kg: KnowledgeGraph) -> None:
    """Every test ingest ends here: SHACL violations fail the test."""
    conforms, text = kg.validate()
    assert conforms, text


def pytest_configure(config):
    config.addinivalue_line("markers", "shacl_deferred: the test validates what it ingests itself, in bulk "
                                       "(the automatic SHACL check after every KnowledgeGraph.ingest is off)")


@pytest.fixture(autouse=True)
def _shacl_after_every_ingest(request, monkeypatch):
    """Every ``KnowledgeGraph.ingest`` a test runs (directly or through the in-process CLI) is followed by
    SHACL validation of the store: a violation fails the test. Ingests in a subprocess are validated by
    their tests (``validate_store``)."""
    if request.node.get_closest_marker("shacl_deferred"):
        yield
        return
    original = KnowledgeGraph.ingest

    def ingest(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        if result.ok:
            assert_valid(self)
        return result

    monkeypatch.setattr(KnowledgeGraph, "ingest", ingest)
    yield


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


# -- shared by the hardening tests (issue 6) ----------------------------------------------------

#: (city, district) pairs substituted into the sample reports to make many distinct synthetic reports.
DISTRICTS = ([("广州市", d) for d in "越秀区 荔湾区 天河区 黄埔区 花都区 南沙区 从化区 增城区".split()]
             + [("深圳市", d) for d in "福田区 罗湖区 南山区 宝安区 龙岗区 盐田区 龙华区 坪山区 光明区".split()]
             + [("佛山市", d) for d in "禅城区 南海区 顺德区 三水区 高明区".split()]
             + [("珠海市", d) for d in "香洲区 斗门区 金湾区".split()])
_SAMPLE_PLACES = {"000": ("广州市", "白云区"), "001": ("广州市", "海珠区"), "002": ("广州市", "番禺区")}


def synthetic_reports(folder: Path, n: int = 300, max_chars: int | None = 1500) -> list[Path]:
    """``n`` distinct reports made from the samples: each names another district, city and year.

    ``max_chars`` keeps the first lines of each sample (title, department, first figures): small reports.
    """
    folder.mkdir(parents=True, exist_ok=True)
    samples = sorted(SAMPLES.glob("*.txt"))
    texts = []
    for p in samples:
        text = p.read_text("utf-8")
        if max_chars and len(text) > max_chars:
            text = text[: text.rfind("\n", 0, max_chars) + 1]
        texts.append((p.name[:3], text))
    out = []
    for i in range(n):
        key, text = texts[i % len(texts)]
        city, district = DISTRICTS[(i // len(texts)) % len(DISTRICTS)]
        year = 2019 + (i // (len(texts) * len(DISTRICTS))) % 6
        old_city, old_district = _SAMPLE_PLACES.get(key, ("广州市", "白云区"))
        text = text.replace(old_city + old_district, city + district).replace(old_district, district)
        text = text.replace("2023", str(year)).replace("2022", str(year - 1 if year > 2019 else year))
        path = folder / f"r{i:03d}_{district}_{year}.txt"
        path.write_text(text, "utf-8")
        out.append(path)
    return out


def kg_command(*args, timeout: float = 300, **popen) -> subprocess.CompletedProcess:
    """Run the real ``kg`` (a new Python process, as a user would) and capture its output as text."""
    return subprocess.run([sys.executable, "-m", "govkg.kg.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, **popen)


def kg_popen(*args, **popen) -> subprocess.Popen:
    """Start the real ``kg`` in its own process group (so a test can signal it like a terminal does)."""
    return subprocess.Popen([sys.executable, "-m", "govkg.kg.cli", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True, **popen)


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr and 'File "' not in stderr, stderr


def validate_store(store: Path) -> None:
    """``kg validate`` on a store folder: SHACL violations fail the test."""
    from click.testing import CliRunner

    from govkg.kg.cli import cli

    result = CliRunner().invoke(cli, ["validate", "--store", str(store), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def graph_sizes(store) -> dict[str, int]:
    """Triples per report graph (the ontology and canonical graphs left out) of a store folder or KnowledgeGraph."""
    kg = store if isinstance(store, KnowledgeGraph) else KnowledgeGraph(store, read_only=True)
    try:
        rows = kg.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    finally:
        if kg is not store:
            kg.close()
    return {r["g"]: r["n"] for r in rows if not r["g"].endswith(("/graph/ontology", "/graph/canonical"))}
