"""The generator's code stays readable in the layout the README describes: small modules, a thin MkDocs plugin."""

from __future__ import annotations

from pathlib import Path

BUILDER = Path(__file__).resolve().parent.parent / "builder"


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_of_the_generator_is_over_500_lines():
    over = {str(p.relative_to(BUILDER)): _lines(p) for p in BUILDER.rglob("*.py") if _lines(p) > 500}
    assert over == {}, "split these modules (one concept per module)"


def test_the_mkdocs_plugin_module_is_under_300_lines():
    plugin = BUILDER / "publish" / "plugin.py"
    assert _lines(plugin) < 300
