"""Each template's context is a documented contract: the page is rendered with the class TEMPLATES.md names."""

from __future__ import annotations

import jinja2
import pytest

from builder.model import settings
from builder.pages import contracts, prepare
from conftest import REPO


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    from conftest import make_project

    project = make_project(tmp_path_factory.mktemp("contracts") / "proj")
    return prepare.prepare(settings.read(project.root))


def test_every_page_is_rendered_with_the_context_class_its_template_is_documented_with(prepared):
    used = {}
    for page in prepared.pages:
        assert page.template in contracts.TEMPLATE_CONTEXTS, f"{page.template} is not in contracts.TEMPLATE_CONTEXTS"
        assert type(page.context) is contracts.TEMPLATE_CONTEXTS[page.template], page.src_uri
        used[page.template] = True
    assert sorted(used) == sorted(contracts.TEMPLATE_CONTEXTS), "a documented template no page uses"


def test_the_renderers_own_filters_and_globals_are_the_documented_ones(prepared):
    env = prepared.renderer.env
    defaults = jinja2.Environment()
    assert sorted(set(env.filters) - set(defaults.filters)) == sorted(contracts.FILTERS)
    assert sorted(set(env.globals) - set(defaults.globals)) == sorted(contracts.GLOBALS)


def test_every_field_a_template_receives_is_described():
    undocumented = [f"{cls.__name__}.{name}" for cls in contracts.TEMPLATE_CONTEXTS.values()
                    for name, text in contracts.field_docs(cls).items() if not text]
    assert undocumented == [], "describe each field under it in builder/pages/contexts.py: " + ", ".join(undocumented)


def test_templates_md_is_the_one_generated_from_the_contracts():
    assert (REPO / "TEMPLATES.md").read_text(encoding="utf-8") == contracts.markdown(), \
        "TEMPLATES.md is out of date: run `make contracts` and commit it"


def test_a_projects_template_that_imports_defined_from_the_macros_still_renders(tmp_path):
    """`defined` was a macro of _macros.md.j2 before it became a global: a restyler's copy of a template that
    imports it from there renders the same page."""
    from conftest import make_project

    project = make_project(tmp_path / "proj")
    plain = prepare.prepare(settings.read(project.root)).texts
    source = (REPO / "templates" / "source.md.j2").read_text(encoding="utf-8")
    restyle = source.replace(" import front_matter,", " import defined, front_matter,", 1)
    assert "import defined, front_matter," in restyle
    project.write("templates/source.md.j2", restyle, dedent=False)
    restyled = prepare.prepare(settings.read(project.root)).texts
    pages = [uri for uri in plain if uri.startswith("sources/") and uri != "sources/index.md"]
    assert pages and all(restyled[uri] == plain[uri] for uri in pages)
