"""The installed distribution puts one import name into the environment: ``govkg`` (issue 10)."""
from __future__ import annotations

import subprocess
import sys
from importlib.metadata import distribution, packages_distributions

from tests.conftest import ROOT

GENERIC = ("kg", "ingest", "viz", "ontology")


def _top_level() -> set[str]:
    dist = distribution("govkg")
    listed = dist.read_text("top_level.txt")
    if listed is not None:
        return set(listed.split())
    # no top_level.txt: the first part of every installed module path (editable finders excluded)
    return {f.parts[0].split(".")[0] for f in dist.files or () if f.suffix == ".py" and "__editable__" not in f.name}


def test_the_only_top_level_name_is_govkg():
    assert _top_level() == {"govkg"}
    owners = packages_distributions()
    for name in GENERIC:
        assert "govkg" not in owners.get(name, []), name


def test_the_console_script_runs_the_namespaced_cli():
    (script,) = [e for e in distribution("govkg").entry_points if e.group == "console_scripts"]
    assert (script.name, script.value) == ("kg", "govkg.kg.cli:main")


def test_outside_the_repository_only_the_namespace_imports(tmp_path):
    probe = ("import importlib.util as u, sys; import govkg.kg, govkg.ingest, govkg.viz, govkg.ontology\n"
             f"root = {str(ROOT)!r}\n"
             "for name in " + repr(GENERIC) + ":\n"
             "    spec = u.find_spec(name)\n"
             "    assert spec is None or not (spec.origin or '').startswith(root), (name, spec)\n"
             "print('ok')\n")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert (r.returncode, r.stdout.strip()) == (0, "ok"), r.stderr


def _imports(path) -> set[str]:
    """Absolute names of the modules a source file imports (relative imports resolved)."""
    import ast

    package = "govkg." + ".".join(path.relative_to(ROOT).parent.parts)
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            out.update(f"{module}.{a.name}" if node.module is None else module for a in node.names)
    return out


def test_the_data_flows_one_way_ingest_then_kg_then_viz():
    """No ingest module imports kg or viz; kg.build takes nothing from ingest but the facts."""
    for path in sorted((ROOT / "ingest").rglob("*.py")):
        assert not {i for i in _imports(path) if i.startswith(("govkg.kg", "govkg.viz"))}, path
    assert {i for i in _imports(ROOT / "kg" / "build.py") if i.startswith("govkg.ingest")} == {"govkg.ingest.facts"}
