"""The preview's search index, rewritten in the background after a save, gives way to the next save at once."""

from __future__ import annotations

import threading
import time

import pytest

from builder.publish import preview


def _site(folder, pages: int = 400):
    for n in range(pages):
        page = folder / f"p{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<html><body><main data-pagefind-body><h1>Page {n}</h1><p>{'word ' * 200}</p>"
                        "</main></body></html>", encoding="utf-8")
    return folder


@pytest.fixture
def thread_errors(monkeypatch):
    errors: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(args.exc_value))
    return errors


def test_a_save_right_after_a_rebuild_stops_the_index_before_it_is_written(tmp_path, thread_errors):
    site = _site(tmp_path / "site")
    background = preview._Background()
    background.start(str(site))
    background.stop()  # the next save, before the thread has even started Pagefind
    assert not (site / "pagefind").exists(), "the stopped index was written all the same"
    assert thread_errors == []


def test_a_save_while_the_index_is_written_stops_it_without_an_error(tmp_path, thread_errors):
    site = _site(tmp_path / "site")
    background = preview._Background()
    for pause in (0.05, 0.2, 0.5):
        background.start(str(site))
        time.sleep(pause)
        background.stop()
    assert thread_errors == [], thread_errors


def test_the_whole_index_written_again_takes_the_place_of_the_old_only_once_every_part_is_written(
        tmp_path, monkeypatch, thread_errors):
    monkeypatch.setattr(search, "PART_PAGES", 150)  # 400 pages: three parts
    site = _site(tmp_path / "site")
    search.index(site)
    old = {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    background = preview._Background()
    for pause in (0.05, 0.3):  # stopped by the next save: the pages go on reading the old index, whole
        background.start(str(site))
        time.sleep(pause)
        background.stop()
        assert {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()} == old
    monkeypatch.setattr(search, "PART_PAGES", 250)  # written again in two parts
    _save(site, 399, word="quokka")
    background.start(str(site))
    _settle(background)
    assert json.loads((site / "pagefind" / search.PARTS).read_text(encoding="utf-8")) == {"parts": ["part-1/"]}
    assert not (site / "pagefind" / "part-2").exists()
    assert not (site / preview.WHOLE_INDEX_WRITTEN).exists()
    last = [_fragment(f) for f in (site / "pagefind" / "part-1" / "fragment").iterdir()]
    assert any(f["url"] == "/p399/" and "quokka" in f["content"] for f in last)
    assert thread_errors == []


def test_an_index_left_alone_is_written(tmp_path, thread_errors):
    site = _site(tmp_path / "site", pages=20)
    background = preview._Background()
    background.start(str(site))
    assert background._thread is not None
    background._thread.join(timeout=60)
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert thread_errors == []


# -- the delta: only the pages rebuilt since the whole index, in an index of their own -----------------------

import gzip  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
from types import SimpleNamespace  # noqa: E402

from builder.publish import search, search_delta  # noqa: E402

PAGES = 400


@pytest.fixture
def indexed(tmp_path, monkeypatch):
    """A site of PAGES pages with its whole index written; every page handed to Pagefind since is listed."""
    site = _site(tmp_path / "site", pages=PAGES)
    search.index(site)
    fed: list[tuple[str, str]] = []
    add = search.Indexer.add
    monkeypatch.setattr(search.Indexer, "add", lambda self, path, html: (fed.append((path, html)), add(self, path, html)))
    return site, fed


def _save(site, *numbers: int, word: str = "zyzzyva") -> list[str]:
    """Pages written again by a rebuild, with a new word in each: their paths in the site."""
    paths = []
    for n in numbers:
        page = site / f"p{n}" / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace("</h1>", f" {word}</h1>"), encoding="utf-8")
        paths.append(f"p{n}/index.html")
    return paths


def _settle(background) -> None:
    assert background._thread is not None
    background._thread.join(timeout=120)
    assert not background._thread.is_alive()


def _index_after_save(background, site, rebuilt: list[str]) -> None:
    """The preview's search after a save that rebuilt these pages: indexed in the background, waited for."""
    background.rebuilt(rebuilt)
    background.start(str(site), total=PAGES)
    _settle(background)


def _fragment(path):
    return json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))


def _whole_ids(site, url: str) -> list[str]:
    return sorted(f.name.removesuffix(".pf_fragment") for f in (site / "pagefind" / "fragment").iterdir()
                  if _fragment(f)["url"] == url)


def test_a_rebuild_of_a_few_pages_indexes_only_them_beside_the_whole_index(indexed, thread_errors):
    site, fed = indexed
    whole = {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    fed.clear()
    background = preview._Background()
    _index_after_save(background, site, _save(site, 3, 7))
    assert [path for path, _ in fed] == ["p3/index.html", "p7/index.html"]
    assert all(search_delta.FRESH in html for _, html in fed)
    assert search_delta.FRESH not in (site / "p3" / "index.html").read_text(encoding="utf-8"), "the file was changed"
    listing = search_delta.listed(site)
    assert listing is not None
    assert listing["pages"] == ["/p3/", "/p7/"]
    assert listing["stale"] == sorted(_whole_ids(site, "/p3/") + _whole_ids(site, "/p7/")) and len(listing["stale"]) == 2
    bundle = site / search_delta.FOLDER / listing["bundle"]
    assert (bundle / "pagefind-entry.json").is_file()
    fragments = [_fragment(f) for f in (bundle / "fragment").iterdir()]
    assert sorted(f["url"] for f in fragments) == ["/p3/", "/p7/"]
    assert all(f["meta"].get("bf_fresh") == "1" and "zyzzyva" in f["content"] for f in fragments)
    assert {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()} == whole
    assert thread_errors == []


def test_the_delta_replaces_the_entries_of_its_pages_in_every_part_of_the_whole_index(tmp_path, monkeypatch,
                                                                                        thread_errors):
    monkeypatch.setattr(search, "PART_PAGES", 150)  # 400 pages: three parts
    site = _site(tmp_path / "site", pages=PAGES)
    search.index(site)
    last = site / "pagefind" / "part-2" / "fragment"
    in_last = sorted(f.name.removesuffix(".pf_fragment") for f in last.iterdir() if _fragment(f)["url"] == "/p99/")
    assert len(in_last) == 1, "p99 is in the last part (pages are indexed in the order of their paths)"
    _index_after_save(preview._Background(), site, _save(site, 0, 99))
    listing = search_delta.listed(site)
    assert listing is not None and listing["pages"] == ["/p0/", "/p99/"]
    assert listing["stale"] == sorted(_whole_ids(site, "/p0/") + in_last)
    assert thread_errors == []


def test_the_pages_rebuilt_add_up_over_saves_and_the_last_delta_but_one_is_kept(indexed, thread_errors):
    site, fed = indexed
    background = preview._Background()
    bundles = []
    for numbers in ((3,), (5, 3), (8,)):
        fed.clear()
        _index_after_save(background, site, _save(site, *numbers))
        bundles.append(search_delta.listed(site)["bundle"].rstrip("/"))
    assert [path for path, _ in fed] == ["p3/index.html", "p5/index.html", "p8/index.html"]
    assert search_delta.listed(site)["pages"] == ["/p3/", "/p5/", "/p8/"]
    kept = sorted(p.name for p in (site / search_delta.FOLDER).iterdir() if p.is_dir())
    assert kept == sorted(bundles[1:]), "a page opened before the last save may still read the delta before"
    assert thread_errors == []


@pytest.mark.parametrize("most, rebuilt", [(preview.DELTA_MOST, PAGES // 5 + 1), (5, 6)],
                         ids=["over a fifth of the site", "over the most"])
def test_many_pages_rebuilt_index_the_whole_site_again_and_the_delta_goes(indexed, monkeypatch, thread_errors, most,
                                                                          rebuilt):
    site, fed = indexed
    monkeypatch.setattr(preview, "DELTA_MOST", most)
    background = preview._Background()
    _index_after_save(background, site, _save(site, 1))
    assert search_delta.listed(site) is not None
    fed.clear()
    _index_after_save(background, site, _save(site, *range(2, rebuilt + 1)))
    assert len(fed) == PAGES and search_delta.FRESH not in fed[0][1]
    assert not (site / search_delta.FOLDER).exists()
    assert background._rebuilt == set()
    assert "zyzzyva" in _fragment(next(iter((site / "pagefind" / "fragment").glob(_whole_ids(site, "/p2/")[-1] + "*"))))[
        "content"]
    assert thread_errors == []


def test_a_whole_rebuild_clears_the_delta(indexed, thread_errors):
    site, fed = indexed
    plugin = SimpleNamespace(prepared=None, _config=SimpleNamespace(site_dir=str(site)), _files=None)
    builds = []
    builder = preview.Preview(plugin, lambda: builds.append(1))
    _index_after_save(builder.search, site, _save(site, 4))
    assert (site / search_delta.FOLDER).is_dir()
    builder()  # a save MkDocs must build whole: its on_post_build indexes every page
    assert builds == [1]
    assert not (site / search_delta.FOLDER).exists()
    fed.clear()
    _index_after_save(builder.search, site, _save(site, 9))
    assert [path for path, _ in fed] == ["p9/index.html"], "pages indexed by the whole build came back"
    assert thread_errors == []


def test_a_save_while_the_delta_is_written_stops_it_and_its_pages_wait_for_the_next(indexed, thread_errors):
    site, fed = indexed
    background = preview._Background()
    background.rebuilt(_save(site, *range(60)))
    for pause in (0.0, 0.05, 0.2):
        background.start(str(site), total=PAGES)
        time.sleep(pause)
        background.stop()
    assert thread_errors == []
    listing = search_delta.listed(site)  # none, or (had one finished in time) the whole delta
    assert listing is None or len(listing["pages"]) == 60
    left = [p for p in (site / search_delta.FOLDER).glob("*") if p.is_dir()]  # the last delta and the one before
    assert len(left) <= 2 and all((p / "pagefind-entry.json").is_file() for p in left), "a stopped delta left its folder"
    fed.clear()
    background.start(str(site), total=PAGES)
    _settle(background)
    assert len(fed) == 60 and search_delta.listed(site)["pages"] == sorted(f"/p{n}/" for n in range(60))
    assert thread_errors == []


def test_a_delta_that_fails_leaves_the_preview_as_it_was_and_says_so_once(indexed, monkeypatch, caplog, thread_errors):
    site, _ = indexed
    monkeypatch.setattr(search, "executable", lambda: site / "no-such-pagefind")
    background = preview._Background()
    background.rebuilt(_save(site, 2))
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.briefing"):
        background.start(str(site), total=PAGES)
        _settle(background)
    said = [r.getMessage() for r in caplog.records if "not refreshed" in r.getMessage()]
    assert len(said) == 1, said
    assert not (site / search_delta.FOLDER).exists() and (site / "pagefind" / "pagefind.js").is_file()
    assert thread_errors == []


def test_the_fresh_mark_goes_just_inside_the_indexed_part():
    html = '<html><body><nav>x</nav><div class="a" data-pagefind-body>text</div></body></html>'
    assert search_delta.mark_fresh(html) == html.replace("data-pagefind-body>", "data-pagefind-body>" + search_delta.FRESH)
    assert search_delta.mark_fresh("<html><body>no indexed part</body></html>") == "<html><body>no indexed part</body></html>"
    assert [search_delta.page_url(p) for p in ("index.html", "a/b/index.html", "a/b.html")] == ["/", "/a/b/", "/a/b.html"]


# -- `briefing serve` as a real process -------------------------------------------------------------------------

WORD = "Quokkaphile"
PAGE = "sources/example-talks/"
PROBLEMS_FILE = preview.PROBLEMS_FILE  # each preview page asks for it (404 when there are none)


def _save_and_wait_for_the_delta(project, preview) -> dict:
    """Save a source with an unusual word in its summary; the delta current.json lists once it is written."""
    from conftest import edit

    preview.wait_for_output(f"Serving on http://127.0.0.1:{preview.port}/")
    edit(project, "content/sources/example-talks.yaml", "summary: Ministers met", f"summary: {WORD} ministers met")
    preview.wait_for_page(PAGE, WORD)
    deadline = time.monotonic() + 30
    while preview.status(search_delta.ADDRESS) != 200:
        assert time.monotonic() < deadline, "no delta was written:\n" + "".join(preview.output)
        time.sleep(0.1)
    return json.loads(preview.page(search_delta.ADDRESS))


@pytest.mark.slow
def test_serve_indexes_a_saved_page_on_its_own_then_uses_no_cpu(project):
    from support import Preview

    preview = Preview(project)
    try:
        preview.wait_for_output(f"Serving on http://127.0.0.1:{preview.port}/")
        assert 'name="bf-preview-search"' in preview.page(PAGE)
        assert preview.status(search_delta.ADDRESS) == 404  # the first build indexed everything
        whole = preview.page("pagefind/pagefind-entry.json")
        listing = _save_and_wait_for_the_delta(project, preview)
        assert f"/{PAGE}" in listing["pages"] and len(listing["stale"]) >= 1
        entry = json.loads(preview.page(f"{search_delta.FOLDER}/{listing['bundle']}pagefind-entry.json"))
        (language,) = entry["languages"].values()
        assert language["page_count"] == len(listing["pages"])
        assert preview.status(f"{search_delta.FOLDER}/{listing['bundle']}pagefind.{language['hash']}.pf_meta") == 200
        assert preview.page("pagefind/pagefind-entry.json") == whole, "the whole site was indexed again"
        cpu = preview.cpu_seconds()
        time.sleep(4)
        used = preview.cpu_seconds() - cpu
        assert used < 0.4, f"{used:.2f} CPU-seconds in the 4 s after the delta was written"
        assert "not refreshed" not in "".join(preview.output) and "Traceback" not in "".join(preview.output)
    finally:
        preview.stop()


@pytest.mark.slow
def test_search_in_the_preview_finds_the_saved_word_and_lists_each_page_once(project, open_context):
    from support import Preview

    preview = Preview(project)
    try:
        _save_and_wait_for_the_delta(project, preview)
        context, watch = open_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{preview.port}/", wait_until="load")
        box = page.locator("input.md-search__input")
        for query, found in ((WORD, [f"/{PAGE}"]), ("Zenda", None)):
            box.click()
            box.fill("")
            box.press_sequentially(query, delay=20)
            results = page.locator(".md-search-result__item")
            results.first.wait_for(state="visible", timeout=10000)
            page.wait_for_timeout(500)  # the rest of the results
            hrefs = page.eval_on_selector_all(".md-search-result__article--document",
                                              "articles => articles.map(a => new URL(a.parentElement.href).pathname)")
            assert len(hrefs) == len(set(hrefs)), f"{query}: a page listed twice: {hrefs}"
            if found is not None:
                assert hrefs == found, hrefs
                assert WORD in results.first.inner_text()
            else:
                assert f"/{PAGE}" in hrefs, hrefs  # the whole index's stale entry dropped, the fresh one kept
            counted = page.locator(".md-search-result__meta").inner_text()
            assert counted.startswith(str(len(hrefs)) if len(hrefs) > 1 else "1 "), (counted, hrefs)
            page.keyboard.press("Escape")
        # Pagefind itself (the module search.js loaded) has the page twice: the whole index's entry and the delta's.
        urls = page.evaluate("""async () => {
            const pf = await import(new URL("pagefind/pagefind.js", location.href).href);
            const search = await pf.search("Zenda");
            return Promise.all(search.results.map(r => r.data().then(d => [d.url, (d.meta || {}).bf_fresh || ""])));
        }""")
        assert sorted(fresh for url, fresh in urls if url == f"/{PAGE}") == ["", "1"], urls
        # The page looks for the last rebuild's problems (there are none, 404): not a failure.
        assert [f for f in watch.failed if PROBLEMS_FILE not in f] == [] and watch.outside == [], watch.problems()
        assert all("status of 404" in e for e in watch.console_errors), watch.problems()
        assert len(watch.console_errors) <= len(watch.failed), watch.problems()
    finally:
        preview.stop()


def test_a_delta_of_only_the_print_page_leaves_the_whole_index_to_answer_alone(indexed, thread_errors):
    site, fed = indexed
    (site / "index.html").write_text("<html><body><main data-pagefind-body><h1>Home</h1></main></body></html>",
                                     encoding="utf-8")
    printed = site / "print" / "index.html"
    printed.parent.mkdir()
    printed.write_text("<html><body><main><h1>Everything</h1><p>zyzzyva</p></main></body></html>", encoding="utf-8")
    background = preview._Background()
    _index_after_save(background, site, _save(site, 3))
    assert search_delta.listed(site) is not None
    fed.clear()
    background.whole_index_written(str(site))  # the whole index holds page 3 again; then only print is saved
    _index_after_save(background, site, ["print/index.html"])
    assert search_delta.listed(site) is None, "a delta was written for the print page"
    assert fed == [] or all(search.BODY not in html for _, html in fed)
    assert not (site / search_delta.FOLDER).exists() or not any((site / search_delta.FOLDER).glob("*/fragment/*"))
    assert thread_errors == []
