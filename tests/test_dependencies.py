"""Recorded dependencies (builder/pages/dependencies.py) and the preview's rebuild (builder/publish/incremental.py).

Rendering a page records what it read; after an edit, the pages that read something the edit changed are
rendered again, and no other. Driven here in this process, without MkDocs, as the preview drives it: the
conftest project is built once, edited file by file, and after each edit the pages it holds (the last
build's, with the stale pages rendered again) are compared with a full build of the edited project.
tests/test_serve_rebuild.py does the same through MkDocs' preview, file by file on disk.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import weakref
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from builder.model import items as m
from builder.model import settings
from builder.model.diagnostics import Problems
from builder.pages import releaseviews as rv
from builder.pages import views as v
from builder.pages import dependencies
from builder.pages import prepare as build
from builder.publish import incremental
from conftest import edit, make_project, write_lock
from support import second_source

TALKS = "content/sources/example-talks.yaml"
ENTITIES = "content/entities.yaml"


class Served:
    """What a preview of the project holds: the last build, and each page's text as last rendered."""

    def __init__(self, root: Path):
        self.root = root
        self.build()

    def build(self) -> None:
        """A full build, as the preview's first, or after an edit it cannot bound."""
        self.last = build.prepare(settings.read(self.root), record=True)
        self.texts = dict(self.last.texts)

    def save(self, relpath: str, old: str, new: str) -> set[str] | None:
        """Edit a file as an editor saves it; the pages rendered again (None: the whole site was)."""
        path = self.root / relpath
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not in {relpath} once"
        path.write_text(text.replace(old, new), encoding="utf-8")
        items = incremental.content_items(self.last.model, {str(path)})
        done = incremental.edited(self.last, incremental.reload(self.last.model, items)) if items else None
        if done is None:
            self.build()
            return None
        self.texts.update(incremental.render(self.last, done))
        self.last = build.Prepared(done.model, done.checked.verification, done.checked.warnings, done.pages, {},
                                   self.last.renderer, done.site)
        return {page.src_uri for page in done.stale}

    def full_build(self) -> dict[str, str]:
        return build.prepare(settings.read(self.root)).texts


@pytest.fixture
def served(project) -> Served:
    return Served(project.root)


EDITS = [  # (what, file, old, new, the pages rendered again)
    ("a source's summary", TALKS, "summary: Ministers met in Zenda and agreed to build a bridge.",
     "summary: Ministers met in Zenda and agreed, at length, to build a bridge.",
     {"sources/example-talks.md", "feed.xml", "briefing.json"}),
    ("a source's title", TALKS, "title: Example Talks Make Progress", "title: Example Talks Make Real Progress",
     {"sources/example-talks.md", "sources/index.md", "index.md", "themes/index.md", "themes/bridge.md", "timeline.md",
      "discrepancies.md", "print.md", "sourcing.md", "feed.xml", "briefing.json"}),
    ("a claim's text", TALKS, "text: The foreign ministers agreed to build a bridge.",
     "text: The foreign ministers of Ruritania agreed to build a bridge.",
     {"sources/example-talks.md", "entities/ruritania.md", "entities/zenda.md", "briefing.json"}),
    ("a claim's grade", TALKS, "type: assessment\n    by: zenda-officials",
     "type: assessment\n    credibility: 3\n    by: zenda-officials", None),
    ("a source's reliability", TALKS, "kind: wire-copy", "kind: wire-copy\nreliability:\n  grade: B\n  reason: Known wire.",
     None),
    ("an entity's role", ENTITIES, "role: A town.", "role: A town on the river.",
     {"entities/zenda.md", "entities/index.md", "briefing.json"}),
    # An entity named only inside a claim's text ('The foreign ministers agreed...'), by an alias added to it: its
    # page now lists the claim. (The theme page, which links the names its text holds, is rendered again too:
    # it read the entities' names.)
    ("an entity's alias", ENTITIES, "aliases: [Minister Berg]", "aliases: [Minister Berg, foreign ministers]",
     {"entities/anna-berg.md", "entities/index.md", "briefing.json", "themes/bridge.md"}),
    ("an entity's name", ENTITIES, "name: Officials in Zenda", "name: Zenda officials", None),
    ("a theme's confidence", "content/themes/bridge.yaml", "confidence: moderate", "confidence: high",
     {"themes/bridge.md", "themes/index.md", "index.md", "print.md", "briefing.json"}),
    ("a theme's section", "content/themes/bridge.yaml", "The ministers agreed in Zenda",
     "The ministers agreed in Strelsau", None),
    # A claim's view lists where it is cited: its source's page shows the timeline that now cites it too.
    ("a claim newly cited by an event", "content/timeline.yaml", "meet in Zenda [@example-talks#bridge-agreed]",
     "meet in Zenda [@example-talks#bridge-agreed; @example-talks#workers-5000]", None),
    ("an event", "content/timeline.yaml", "Ministers meet in Zenda", "Ministers meet again in Zenda",
     {"timeline.md", "print.md", "themes/bridge.md", "sources/example-talks.md", "briefing.json"}),
    ("an event's date", "content/timeline.yaml", 'date: "2025-02"', 'date: "2025-01"', None),
    ("the briefing's subtitle", "content/briefing.yaml", "subtitle: A small briefing for tests",
     "subtitle: A small briefing, for tests", {"index.md", "print.md", "feed.xml", "briefing.json"}),
    ("a key judgement", "content/briefing.yaml", "confidence_reason: One source only.",
     "confidence_reason: One source, only.", {"index.md", "print.md", "briefing.json"}),
    ("a discrepancy's label", "content/discrepancies.yaml", "label: about 4,500", "label: about 4,600",
     {"discrepancies.md", "print.md", "briefing.json"}),
    ("a comment", "content/timeline.yaml", "events:", "# Dated events.\nevents:", set()),
    ("a source's outlet, now unknown", TALKS, "outlet: Example Wire", "outlet: unknown", None),
    # A source known by its title (its outlet unknown) is named by it on the pages of the entities its claims
    # are by or about: the hand-kept list this replaced left those pages as they were.
    ("the title of a source known by it", TALKS, "title: Example Talks Make Real Progress",
     "title: Example Talks Make Some Progress", None),
]


def test_each_edit_renders_again_exactly_the_pages_that_read_what_it_changed(served):
    for what, relpath, old, new, expected in EDITS:
        before = dict(served.texts)
        rendered = served.save(relpath, old, new)
        full = served.full_build()
        assert served.texts == full, f"after {what}, pages differ from a full build's: " + ", ".join(
            sorted(uri for uri in full if served.texts.get(uri) != full[uri]))
        changed = {uri for uri in full if full[uri] != before.get(uri)}
        assert rendered is not None and changed <= rendered, what
        if expected is not None:
            assert rendered == expected, what
    assert {"entities/anna-berg.md", "entities/ruritania.md", "entities/zenda.md"} <= changed <= rendered


def test_a_claim_shows_what_an_edit_of_another_source_changed_in_its_grade_and_its_corroboration(project):
    """A claim's view is made of more than the claim: its grade and the sources that state it too. An edit of the
    source that corroborates it (its outlet, now known: the two are independent; its title) changes the claim's
    page though the claim's own file is untouched."""
    second_source(project)  # its outlet unknown: corroborated, the independence not established
    served = Served(project.root)
    for old, new in (("outlet: unknown", "outlet: Another Wire"), ("title: A second report", "title: A later report")):
        rendered = served.save("content/sources/second-report.yaml", old, new)
        assert rendered is not None and "sources/example-talks.md" in rendered, (old, rendered)
        full = served.full_build()
        assert [uri for uri in full if served.texts.get(uri) != full[uri]] == [], (old, new)


@pytest.mark.parametrize("what, relpath, old, new", [
    ("a theme's title, in the navigation", "content/themes/bridge.yaml", "title: The bridge", "title: The new bridge"),
    ("the briefing's title, every page's site name", "content/briefing.yaml", "title: Example briefing",
     "title: Example briefing two"),
    ("who publishes it, every page's footer", "content/briefing.yaml", "key_judgements:",
     "contact: desk@example.org\nkey_judgements:"),
])
def test_an_edit_to_what_every_page_shows_rebuilds_everything(served, what, relpath, old, new):
    assert served.save(relpath, old, new) is None, what
    assert served.texts == served.full_build()


def test_a_page_never_rendered_is_rendered_and_a_page_gone_is_not(served):
    recorded = served.last.renderer.recorded
    recorded.pop("themes/bridge.md")
    recorded["themes/gone.md"] = dependencies.Record(dependencies.Names(served.last.model))
    assert served.save("content/timeline.yaml", "events:", "# Dated events.\nevents:") == {"themes/bridge.md"}


def test_a_template_error_keeps_the_last_good_site_and_what_its_pages_read(served):
    last, renderer = served.last, served.last.renderer
    recorded, references = dict(renderer.recorded), renderer.references
    template = served.root / "templates" / "source.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ page.nothing.at_all }}\n", encoding="utf-8")
    renderer.env.cache.clear()  # (the preview rebuilds everything on a template edit; here, only the pages)
    path = served.root / TALKS
    path.write_text(path.read_text(encoding="utf-8").replace("summary: Ministers", "summary: The ministers"),
                    encoding="utf-8")
    done = incremental.edited(last, incremental.reload(last.model, {("source", "example-talks")}))
    assert done is not None and "sources/example-talks.md" in {page.src_uri for page in done.stale}
    with pytest.raises(Problems) as raised:
        incremental.render(last, done)
    assert "template error while rendering 'sources/example-talks/'" in str(raised.value.errors[0])
    assert (renderer.views, renderer.xref, renderer.metadata) == (last.site.views, last.site.xref, last.site.metadata)
    assert renderer.references is references and renderer.recorded == recorded
    assert all(renderer.recorded[uri] is record for uri, record in recorded.items())


def test_the_site_before_a_save_goes_as_soon_as_the_save_is_done_without_the_cyclic_collector(served):
    """Each save makes a new site; the one before must go with its last reference (Jinja leaves a render's
    variables, the page among them, in cycles: a page that held its site kept it for the cyclic collector,
    which the preview holds back during a save)."""
    collecting = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        served.save(TALKS, "summary: Ministers met", "summary: The ministers met")
        before = weakref.ref(served.last.site)
        served.save(TALKS, "summary: The ministers met", "summary: Ministers met")
        assert before() is None, "the site before the save is still held"
    finally:
        if collecting:
            gc.enable()


def test_a_template_error_in_a_data_file_does_not_hold_back_the_pages(served):
    """The preview renders the Markdown pages an edit made stale, then the data files (the feed, briefing.json) on
    their own: a template error in a data file is reported then, and the pages are rendered all the same."""
    last = served.last
    template = served.root / "templates" / "feed.xml.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ page.nothing.at_all }}\n", encoding="utf-8")
    last.renderer.env.cache.clear()  # (the preview rebuilds everything on a template edit; here, only the pages)
    path = served.root / TALKS
    path.write_text(path.read_text(encoding="utf-8").replace("summary: Ministers", "summary: The ministers"),
                    encoding="utf-8")
    done = incremental.edited(last, incremental.reload(last.model, {("source", "example-talks")}))
    assert done is not None
    pages = [page for page in done.stale if page.is_markdown]
    data = [page for page in done.stale if not page.is_markdown]
    assert [page.src_uri for page in pages] == ["sources/example-talks.md"]
    texts = incremental.render(last, done, pages)
    assert list(texts) == ["sources/example-talks.md"] and "The ministers met in Zenda" in texts["sources/example-talks.md"]
    with pytest.raises(Problems) as raised:
        incremental.render(last, done, data)
    assert "template error while rendering 'feed.xml'" in str(raised.value.errors[0])


def test_in_another_language_a_save_renders_again_only_what_it_changed_in_that_language(tmp_path):
    """A briefing in German with its address set: a save renders again the pages that read what changed (not the
    whole site: the navigation and footer, in German, are as they were), in German and with the site's address."""
    project = make_project(tmp_path / "de")
    edit(project, "mkdocs.yml", "language: en", "language: de")
    edit(project, "mkdocs.yml", "site_name: Briefing", "site_name: Briefing\nsite_url: https://example.org/briefing/")
    edit(project, "content/briefing.yaml", "key_judgements:",
         "authors:\n  - name: Ann Example\n  - name: Bo Example\nkey_judgements:")  # every footer lists them
    served = Served(project.root)
    assert served.last.site.lang.code == "de" and served.last.site.site_url == "https://example.org/briefing/"
    rendered = served.save(TALKS, "summary: Ministers met in Zenda and agreed to build a bridge.",
                           "summary: Ministers met in Zenda and agreed, at length, to build a bridge.")
    assert rendered == {"sources/example-talks.md", "feed.xml", "briefing.json"}
    assert "https://example.org/briefing/" in served.texts["feed.xml"]
    assert served.texts == served.full_build()
    rendered = served.save("content/timeline.yaml", "Ministers meet in Zenda", "Ministers meet again in Zenda")
    assert rendered == {"timeline.md", "print.md", "themes/bridge.md", "sources/example-talks.md", "briefing.json"}
    assert served.texts == served.full_build()


def test_a_projects_template_reading_what_items_lack_renders_again_only_the_pages_of_what_changed(project):
    """A project's own entity page that shows an entity's nickname where it has one (no entity has such a field):
    a save to one entity renders again its pages, not the pages of the other entities of the same file."""
    template = project.root / "templates" / "entity.md.j2"
    template.write_text(template.read_text(encoding="utf-8")
                        + "{% if entity.nickname is defined %}{{ entity.nickname }}{% endif %}\n", encoding="utf-8")
    served = Served(project.root)
    assert served.save(ENTITIES, "role: A town.", "role: A town on the river.") == {
        "entities/zenda.md", "entities/index.md", "briefing.json"}
    assert served.texts == served.full_build()


def test_a_save_keeps_the_projects_own_citation_styles(project):
    """The home page's 'cite this briefing', rendered again after a save, in the project's own CSL styles."""
    styles = project.root / "templates" / "csl"
    (styles / "apa.csl").write_text((styles / "chicago-author-date-16th-edition.csl").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    served = Served(project.root)
    rendered = served.save("content/briefing.yaml", "subtitle: A small briefing for tests",
                           "subtitle: A small briefing, for tests")
    assert rendered is not None and "index.md" in rendered
    assert served.texts == served.full_build()


def test_a_save_keeps_what_the_quote_lock_holds(project):
    """A source's page, rendered again after a save, still shows its original's fingerprint from the quote lock."""
    (project.root / "archive" / "article.html").write_text("<p>The original page.</p>\n", encoding="utf-8")
    edit(project, TALKS, "archive: article.txt", "archive: article.txt\noriginal: article.html")
    write_lock(project.root)
    served = Served(project.root)
    rendered = served.save(TALKS, "summary: Ministers met in Zenda and agreed to build a bridge.",
                           "summary: Ministers met in Zenda and agreed, at length, to build a bridge.")
    assert rendered is not None and "sources/example-talks.md" in rendered
    assert served.texts == served.full_build()



def test_a_save_to_another_file_keeps_an_unchanged_sources_original_as_the_lock_holds_it(project):
    """A save that leaves a source with an original as it was: the source is not verified again, and what the
    quote lock holds of it, its original's fingerprint too, is kept. No problem, its page is not rendered again,
    and the pages are a full build's."""
    (project.root / "archive" / "article.html").write_text("<p>The original page.</p>\n", encoding="utf-8")
    edit(project, TALKS, "archive: article.txt", "archive: article.txt\noriginal: article.html")
    write_lock(project.root)
    served = Served(project.root)
    original = hashlib.sha256((project.root / "archive" / "article.html").read_bytes()).hexdigest()
    for subtitle in ("A small briefing, for tests", "A small briefing, for tests only"):
        rendered = served.save("content/briefing.yaml", served.last.model.briefing.subtitle, subtitle)
        assert f'extracted from the original page, SHA-256 <code class="bf-hash">{original}</code>' in \
            served.texts["sources/example-talks.md"]
        assert served.texts == served.full_build()
        assert rendered == {"index.md", "print.md", "feed.xml", "briefing.json"}


# -- which files an edit is -----------------------------------------------------------------------------

def test_the_files_an_edit_touches_are_the_items_they_hold(project):
    model = build.prepare(settings.read(project.root)).model
    content = project.root / "content"
    assert incremental.content_items(model, {str(content / "sources/example-talks.yaml"),
                                             str(content / "themes/bridge.yaml"), str(content / "briefing.yaml"),
                                             str(content / "timeline.yaml"), str(content / "entities.yaml"),
                                             str(content / "discrepancies.yaml")}) == {
        ("source", "example-talks"), ("theme", "bridge"), ("file", "briefing.yaml"), ("file", "timeline.yaml"),
        ("file", "entities.yaml"), ("file", "discrepancies.yaml")}
    for other in ("sources/new-one.yaml", "themes/new-one.yaml", "quotes.lock", "releases/0001.json",
                  "sources/example-talks.yml", "notes.yaml", "sources/nested/example-talks.yaml"):
        assert incremental.content_items(model, {str(content / "briefing.yaml"), str(content / other)}) is None, other
    assert incremental.content_items(model, {str(project.root / "templates/theme.md.j2")}) is None
    assert incremental.content_items(model, {str(project.root / "mkdocs.yml")}) is None


def test_a_file_read_again_replaces_its_items_and_keeps_every_other(project):
    model = build.prepare(settings.read(project.root)).model
    for kind, (field, cls) in incremental.ONE_FILE.items():
        reread = incremental.reload(model, {("file", kind)})
        assert isinstance(getattr(reread, field), cls) and getattr(reread, field) == getattr(model, field), kind
        assert getattr(reread, field) is not getattr(model, field) and reread.sources is not model.sources
    edit(project, TALKS, "title: Example Talks Make Progress", "title: Example Talks, Again")
    edit(project, "content/themes/bridge.yaml", "confidence: moderate", "confidence: low")
    edit(project, ENTITIES, "role: A town.", "role: A small town.")
    again = incremental.reload(model, {("source", "example-talks"), ("theme", "bridge"), ("file", "entities.yaml")})
    assert again.sources["example-talks"].title == "Example Talks, Again"
    assert again.themes["bridge"].confidence == "low"
    assert [e.role for e in again.entities.entities if e.id == "zenda"] == ["A small town."]
    assert again.briefing is model.briefing and again.timeline is model.timeline
    assert again.discrepancies is model.discrepancies and again.releases is model.releases
    assert model.sources["example-talks"].title == "Example Talks Make Progress"  # the earlier model as it was


def test_a_file_that_cannot_be_read_is_a_problem_at_its_line(project):
    model = build.prepare(settings.read(project.root)).model
    edit(project, "content/themes/bridge.yaml", "confidence: moderate", "confidence: sure")
    with pytest.raises(Problems) as raised:
        incremental.reload(model, {("theme", "bridge")})
    assert [str(e).split(" is not one of")[0] for e in raised.value.errors] == [
        "content/themes/bridge.yaml:4: theme field 'confidence' 'sure'"]


def test_a_save_is_the_files_whose_time_or_size_changed(project):
    """What the preview looks at after a save: each file under the watched folders and each watched file, with
    its time and size. An edited file is a change (even of the same size); a file added or removed, or a file
    that cannot be read any more, is not one the model can take in alone."""
    content = project.root / "content"
    (content / "notes").mkdir()
    names = [f"note-{n:02}.txt" for n in range(30)]
    (content / "notes" / "gone.txt").symlink_to(content / "notes" / "nowhere.txt")  # listed, but no file
    for name in names:
        (content / "notes" / name).write_text(name, encoding="utf-8")
    mkdocs_yml, missing = project.root / "mkdocs.yml", project.root / "missing.yml"
    before = incremental.snapshot([content], [missing, mkdocs_yml])
    talks, timeline = content / "sources/example-talks.yaml", content / "timeline.yaml"
    assert {str(talks), str(timeline), str(mkdocs_yml)} | {str(content / "notes" / name) for name in names} \
        <= before.keys()
    assert str(missing) not in before and str(content / "notes" / "gone.txt") not in before
    assert before[str(talks)] == (talks.stat().st_mtime_ns, talks.stat().st_size)
    assert before[str(mkdocs_yml)] == (mkdocs_yml.stat().st_mtime_ns, mkdocs_yml.stat().st_size)
    assert incremental.changed_files(before, incremental.snapshot([content], [missing, mkdocs_yml])) == (set(), False)

    edit(project, TALKS, "title: Example Talks Make Progress", "title: Example Talks Make More Progress")
    stat = timeline.stat()
    os.utime(timeline, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # saved again, as it was
    after = incremental.snapshot([content], [missing, mkdocs_yml])
    assert incremental.changed_files(before, after) == ({str(talks), str(timeline)}, False)
    model = build.prepare(settings.read(project.root)).model
    assert incremental.content_items(model, incremental.changed_files(before, after)[0]) == {
        ("source", "example-talks"), ("file", "timeline.yaml")}

    (content / "sources/another.yaml").write_text("id: another\n", encoding="utf-8")
    added = incremental.snapshot([content], [mkdocs_yml])
    assert incremental.changed_files(after, added) == (set(), True)  # a new file: everything is rebuilt
    talks.unlink()
    assert incremental.changed_files(added, incremental.snapshot([content], [mkdocs_yml])) == (set(), True)


def test_a_one_part_file_that_cannot_be_read_is_a_problem_at_its_line(project):
    model = build.prepare(settings.read(project.root)).model
    edit(project, "content/timeline.yaml", 'date: "2025-02"', 'date: "sometime"')
    with pytest.raises(Problems) as raised:
        incremental.reload(model, {("file", "timeline.yaml")})
    assert [str(e).split(": ")[0] for e in raised.value.errors] == ["content/timeline.yaml:2"]


def test_the_frame_every_page_shares(project):
    last = build.prepare(settings.read(project.root))
    model, pages = last.model, last.pages
    assert incremental.same_frame(model, model, pages, pages)
    assert not incremental.same_frame(model, model, pages, pages[:-1])
    assert incremental.same_frame(model, model, pages, [*pages[1:], pages[0]])  # MkDocs files them by path
    renamed = [dataclasses.replace(p, title="Other") if p.src_uri == "themes/bridge.md" else p for p in pages]
    assert not incremental.same_frame(model, model, pages, renamed)  # the themes are in the navigation
    retitled = [dataclasses.replace(p, title="Other") if p.src_uri == "sources/example-talks.md" else p for p in pages]
    assert incremental.same_frame(model, model, pages, retitled)  # a source's page is not
    briefing = model.briefing
    for changed in (dataclasses.replace(briefing, title="Another"),
                    dataclasses.replace(briefing, contact="desk@example.org"),
                    dataclasses.replace(briefing, publisher=m.Publisher(name="Desk"))):
        assert not incremental.same_frame(model, dataclasses.replace(model, briefing=changed), pages, pages)
    assert incremental.same_frame(model, dataclasses.replace(model, briefing=dataclasses.replace(
        briefing, subtitle="Other")), pages, pages)


# -- what a page reads ----------------------------------------------------------------------------------

@pytest.fixture
def site(project):
    return build.prepare(settings.read(project.root), render_pages=False)


def test_items_are_named_by_what_they_are(site):
    model, names = site.model, dependencies.Names(site.model)
    source, theme = model.sources["example-talks"], model.themes["bridge"]
    event, disc = model.timeline.events[0], model.discrepancies.discrepancies[0]
    page = next(p for p in site.pages if p.src_uri == "index.md")
    assert [names.of(x) for x in (
        source, source.claims[1], theme, theme.sections[0], model.briefing.key_judgements[0], event,
        model.entities.entities[2], disc, disc.values[2], model.briefing, site.site.views.sources["example-talks"],
        site.site.views.claims["example-talks#workers-5000"], page)] == [
        ("source", "example-talks"), ("claim", "example-talks#berg-two-years"), ("theme", "bridge"),
        ("section", "bridge", 0), ("judgement", "bridge-planned"), ("event", "2025-02"), ("entity", "zenda"),
        ("discrepancy", "workers"), ("value", "workers", 2), ("briefing",), ("sourceview", "example-talks"),
        ("claimview", "example-talks#workers-5000"), ("page", "index.md")]
    assert names.of("text") is None and names.of(source.published) is None
    assert names.of(m.Section(heading="Not in this briefing")) is None


def test_a_named_item_is_found_again_in_a_site_by_its_name(site):
    facts = dependencies.Facts(site.site, site.pages, site.renderer.references)
    model, names = site.model, dependencies.Names(site.model)
    items = [model.sources["example-talks"], model.themes["bridge"].sections[0], model.discrepancies.discrepancies[0],
             model.discrepancies.discrepancies[0].values[1], model.timeline.events[0], model.briefing,
             model.briefing.key_judgements[0], model.entities.entities[0], site.site.views.claims["example-talks#bridge-agreed"],
             site.pages[3]]
    items += [model.themes["bridge"], site.site.views.sources["example-talks"], model.entities.entities[3],
              model.sources["example-talks"].claims[2]]
    for item in items:
        assert facts.item(names.of(item)) is item
    for missing in (("source", "gone"), ("section", "bridge", 5), ("section", "gone", 0), ("value", "workers", 3),
                    ("event", "1999"), ("page", "gone.md"), ("claim", "example-talks#gone")):
        assert facts.item(missing) is None, missing
    assert facts.value(("field", ("source", "example-talks"), "title")) == "Example Talks Make Progress"
    assert facts.value(("field", ("source", "gone"), "title")) is dependencies._MISSING
    assert facts.value(("context", "gone.md")) is dependencies._MISSING
    assert facts.value(("mentions",))[0] == ("anna-berg", "Anna Berg", ("Minister Berg",))
    assert facts.value(("refs", "themes/bridge.md")) is site.renderer.references["themes/bridge.md"]
    assert facts.value(("head", "index.md", "Words."))["description"] == "Words."
    with pytest.raises(ValueError, match="no such fact"):
        facts.value(("weather", "index.md"))


@dataclasses.dataclass(frozen=True)
class _Shown:
    text: str
    count: int = 0

    @property
    def loud(self) -> str:
        return self.text.upper()


def test_values_are_alike_when_a_page_shows_them_alike(site):
    _assert_alike_as_pages_show_them(site)


def test_the_first_comparisons_in_a_new_process_find_what_later_ones_do(site, monkeypatch):
    """What `alike` learns of each kind of value it meets (a dataclass's fields and properties, an item's place
    left out) is kept for the process; a new preview learns it anew, at the first save, and compares alike."""
    monkeypatch.setattr(dependencies, "_RECORDS", {})
    _assert_alike_as_pages_show_them(site)


def _assert_alike_as_pages_show_them(site) -> None:
    names = dependencies.Names(site.model)
    source = site.model.sources["example-talks"]

    def alike(a, b):
        return dependencies.alike(a, b, names, names)

    assert alike("a", "a") and not alike("a", "b") and not alike(1, True) and not alike(1, 1.0)
    assert not alike(Markup("a"), "a") and alike(Markup("<b>"), Markup("<b>"))
    assert alike([1, "a"], [1, "a"]) and not alike([1], (1,)) and not alike([1], [1, 2]) and not alike([1, 2], [2, 1])
    assert alike({"a": 1}, {"a": 1}) and not alike({"a": 1}, {"a": 2}) and not alike({"a": 1}, {"b": 1})
    assert not alike({"a": 1, "b": 2}, {"b": 2, "a": 1}) and not alike({"a": 1}, {"a": 1, "b": 2})
    assert alike(_Shown("x", 1), _Shown("x", 1)) and not alike(_Shown("x", 1), _Shown("x", 2))
    assert not alike(_Shown("x"), _Shown("y"))
    # An item is compared by its name: what a page read of it is a fact of its own.
    edited = dataclasses.replace(source, summary="Another summary.")
    assert edited != source and alike([edited], [source]) and not alike(source, site.model.sources["example-talks"].claims[0])
    section = site.model.themes["bridge"].sections[0]
    copy = dataclasses.replace(section)  # the same words, but not a section of the site: taken by value
    assert copy == section and not alike(copy, section) and not alike(section, copy)
    assert alike(copy, dataclasses.replace(section)) and not alike(copy, m.Section(heading="a"))
    # Where an item was written is not what a page shows; a view's field named like it is.
    assert alike(copy, dataclasses.replace(section, loc=m.Loc("elsewhere.yaml", 9), lines={"body": 9}))
    assert not alike(rv.ChangeGroup("Themes", []), rv.ChangeGroup("Themes", [rv.ChangeLine("Theme", "x", "", "a", "", [])]))
    assert not alike(source.claim, source.claim) and not alike(len, abs)  # what a function gives is not known
    assert alike(None, None) and not alike(None, "")
    assert alike(frozenset({"a"}), frozenset({"a"})) and not alike(frozenset({"a"}), frozenset({"b"}))
    one = v.Reference(1, "ref-1", site.site.views.sources["example-talks"], None, "u")
    assert alike(one, dataclasses.replace(one)) and not alike(one, dataclasses.replace(one, url="v"))


def test_a_views_properties_are_compared_as_a_template_reads_them(site):
    names = dependencies.Names(site.model)
    views = site.site.views
    claim = views.claims["example-talks#bridge-agreed"]
    regraded = dataclasses.replace(claim, grade="A1")
    one = v.Reference(1, "ref-1", views.sources["example-talks"], claim, "u")
    assert not dependencies.alike(one, dataclasses.replace(one, claim=regraded), names, names)  # one.grade differs
    assert dependencies._properties(v.Reference) == ("credibility_label", "grade")
    assert dependencies._properties(m.PartialDate) == ()  # worked out of its own fields only
    assert dependencies.alike(dependencies._property(one, "nothing"), ("raises", "AttributeError"), names, names)


def test_a_template_records_the_fields_of_items_it_reads(site):
    record = dependencies.Record(dependencies.Names(site.model))
    env = dependencies.RecordingEnvironment()
    source = site.model.sources["example-talks"]
    template = env.from_string("{{ s.title }} {{ s['outlet'] }} {{ s.title }} {{ p.x }} {{ s.claims | length }}"
                               "{% for c in s.claims %}{{ c.id }}{% endfor %} {{ d['k'] }}")
    assert template.render(s=source, p={"x": 1}, d={"k": 2}).startswith("Example Talks Make Progress Example Wire")
    env.record = record
    template.render(s=source, p={"x": 1}, d={"k": 2})
    assert record.fields == {("source", "example-talks"): {"title", "outlet", "claims"},
                             ("claim", "example-talks#bridge-agreed"): {"id"},
                             ("claim", "example-talks#berg-two-years"): {"id"},
                             ("claim", "example-talks#workers-5000"): {"id"}}
    assert record.seen == {}
    env.record = None
    assert env.getattr(source, "title") == "Example Talks Make Progress"
    assert isinstance(env.getattr(source, "nothing"), jinja2.Undefined)


def test_a_template_reading_what_an_item_lacks_gets_its_default(site):
    """A project's template may look for a field an item lacks (`source['nickname'] | default(...)`), while its
    page is recorded: it renders the default, as it would unrecorded, and the read is noted."""
    record = dependencies.Record(dependencies.Names(site.model))
    env = dependencies.RecordingEnvironment(undefined=jinja2.StrictUndefined)
    template = env.from_string("{{ s['nickname'] | default('none') }} {{ s.nickname | default('none') }} "
                               "{{ s['title'] }}")
    env.record = record
    assert template.render(s=site.model.sources["example-talks"]) == "none none Example Talks Make Progress"
    assert record.fields == {("source", "example-talks"): {"nickname", "title"}}


def test_rendering_with_record_keeps_what_each_page_read(site):
    renderer = site.renderer
    assert renderer.recorded == {}  # prepare(record=False): nothing kept
    recording = build.prepare(settings.read(Path(site.model.project_dir)), record=True)
    theme = recording.renderer.recorded["themes/bridge.md"]
    assert list(theme.seen)[0] == ("refs", "themes/bridge.md") and list(theme.seen)[-1] == ("context", "themes/bridge.md")
    assert theme.seen[("refs", "themes/bridge.md")] is recording.renderer.references["themes/bridge.md"]
    assert ("mentions",) in theme.seen and any(fact[0] == "head" for fact in theme.seen)
    assert ("theme", "bridge") in theme.fields and "bottom_line" in theme.fields[("theme", "bridge")]
    source = recording.renderer.recorded["sources/example-talks.md"]
    assert ("mentions",) not in source.seen  # a source's page links no entity names
    assert set(recording.renderer.recorded) == {page.src_uri for page in recording.pages}


def test_a_page_is_compared_by_what_it_read_not_as_a_whole(site):
    pages = site.pages
    other = [dataclasses.replace(page, make_context=lambda: "another context") for page in pages]
    assert other == pages  # a page's equality leaves out its context
    compared = dependencies._Compared(dependencies.Facts(site.site, pages, site.renderer.references),
                                      dependencies.Facts(site.site, other, site.renderer.references))
    assert not compared.same_item(("page", "index.md"))
    assert compared.same_item(("source", "example-talks")) and not compared.same_item(("source", "gone"))
    assert compared.same_field(("page", "index.md"), "title") and not compared.same_field(("page", "index.md"), "context")
    assert not compared.same_field(("source", "gone"), "title")
