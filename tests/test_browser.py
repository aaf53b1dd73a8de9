"""The built site as a reader meets it: Debian's Chromium, driven by Playwright, over http on 127.0.0.1.

Every test runs on two briefings: this repository's, and a second one made
with `briefing init` (tests/showcase.py); what a test looks for comes from
the briefing's content, never from this briefing's words. Each site is served
twice: at the root of a server, and under the sub-path /briefing/, as on a
project page of a static host.

Without /usr/bin/chromium these tests skip, saying how to install it, unless
BRIEFING_REQUIRE_BROWSER=1 (CI sets it), which makes a missing browser a failure.
"""

from __future__ import annotations

import json
import importlib.resources
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser_fixtures import ARTIFACTS, PHONE, DESKTOP, goto, built_for

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("browser_available")]  # a browser: `make test` only

# -- every page type ------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["root", "sub"])
def test_every_page_type_loads_without_error_and_without_leaving_127_0_0_1(site, bases, open_context, where):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    base = bases[where]
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url))
    for kind, address in site["pages"].items():
        if kind == "404" and where == "sub" and not built_for(site["dir"], "/briefing/"):
            # MkDocs writes root-absolute asset paths into 404.html (it is served at any depth), taken
            # from site_url: under a sub-path the 404 page needs site_url to name that path.
            continue
        goto(page, base + address)
        assert page.locator("article h1").first.is_visible(), f"{kind} page {address} shows no heading"
        # The site's own stylesheet and script were applied, not just fetched.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    for address in ("briefing.json", "feed.xml", "pagefind/pagefind-entry.json"):
        goto(page, base + address)
    assert watch.problems() == [], "\n".join(watch.problems())
    outside_base = [u for u in requested if not u.startswith(base)]
    assert outside_base == [], f"requests outside {base}: {outside_base}"


def test_no_page_type_scrolls_sideways_on_a_375px_phone(site, bases, open_context):
    context, watch = open_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    wide = {}
    for kind, address in site["pages"].items():
        goto(page, bases["root"] + address)
        overflow = page.evaluate("""() => {
            const doc = document.documentElement;
            // Content past the right edge is cut off even where the page cannot scroll; content inside
            // a box that scrolls sideways by itself (a wide table) is reachable and allowed.
            const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
            const inScroller = el => {
                for (let up = el.parentElement; up && up.tagName !== 'ARTICLE'; up = up.parentElement)
                    if (scrolls(up)) return true;
                return false;
            };
            const culprits = [...document.querySelectorAll('article *')].filter(el => {
                if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') return false;
                return el.getBoundingClientRect().right > doc.clientWidth + 1 && !inScroller(el);
            }).slice(0, 3).map(el => el.tagName + '.' + el.getAttribute('class'));
            return {scroll: doc.scrollWidth, client: doc.clientWidth, culprits};
        }""")
        if overflow["scroll"] > overflow["client"] or overflow["culprits"]:
            wide[kind] = overflow
    assert wide == {}, f"pages wider than the phone: {wide}"
    assert watch.problems() == [], "\n".join(watch.problems())


def test_no_label_of_a_picture_is_cut_off_at_its_edge(site, bases, open_context):
    # A picture scales as a whole, so one screen size tells for all.
    context, watch = open_context(viewport=PHONE)
    page = context.new_page()
    cut = {}
    for kind, address in site["pages"].items():
        goto(page, bases["root"] + address)
        # An inline SVG clips what falls outside it, so a label past its edge is lost to the reader.
        clipped = page.evaluate("""() => [...document.querySelectorAll('article svg[role="img"] text')]
            .filter(text => {
                const box = text.closest('svg').getBoundingClientRect(), r = text.getBoundingClientRect();
                return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
                    || r.bottom > box.bottom + 1;
            }).map(text => text.textContent)""")
        if clipped:
            cut[kind] = clipped
    assert cut == {}, f"labels cut off at the edge of their picture: {cut}"
    assert watch.problems() == [], "\n".join(watch.problems())


# -- citations ------------------------------------------------------------------------------------


def _expected_preview(page, cite) -> dict:
    number = cite.get_attribute("data-ref")
    ref = page.locator(f"li#ref-{number}")
    return {"quote": " ".join(ref.locator(".bf-quote").inner_text().split()),
            "outlet": " ".join(ref.locator(".bf-outlet").inner_text().split()),
            "type": ref.locator(".bf-claim-type").inner_text().strip()}


def _preview_text(page) -> str:
    preview = page.locator("#bf-preview")
    preview.wait_for(state="visible", timeout=3000)
    assert preview.get_attribute("role") == "tooltip"
    return " ".join(preview.inner_text().split())


def test_hovering_a_citation_previews_its_outlet_type_and_quote_and_escape_closes_it(site, bases, open_context):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, bases["root"] + site["pages"]["theme"])
    cites = page.locator("article a.bf-cite")
    for index in (0, cites.count() - 1):
        cite = cites.nth(index)
        expected = _expected_preview(page, cite)
        cite.hover()
        text = _preview_text(page)
        assert expected["quote"] in text and expected["outlet"] in text and expected["type"] in text, text
        assert cite.get_attribute("aria-expanded") == "true"
        box, viewport = page.locator("#bf-preview").bounding_box(), page.viewport_size
        assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], box
        page.keyboard.press("Escape")
        page.locator("#bf-preview").wait_for(state="hidden", timeout=2000)
        page.mouse.move(0, viewport["height"] - 1)
    assert watch.problems() == [], "\n".join(watch.problems())


def test_a_source_page_citing_its_own_claims_previews_the_claim(site, bases, open_context):
    pages = sorted((site["dir"] / "sources").glob("*/index.html"))
    own = [p for p in pages if re.search(r'class="bf-cite" href="#claim-', p.read_text(encoding="utf-8"))]
    if site["kind"] == "showcase":
        assert own, "the showcase's harbour-deal summary cites its own claims, but no page shows it"
    if not own:
        return  # this briefing has no source citing itself: there is nothing to preview
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, bases["root"] + f"sources/{own[0].parent.name}/")
    cite = page.locator('article a.bf-cite[href^="#claim-"]').first
    claim = page.locator(cite.get_attribute("href"))
    assert cite.get_attribute("aria-describedby") == claim.get_attribute("id")
    cite.hover()
    assert " ".join(claim.locator(".bf-quote").inner_text().split()) in _preview_text(page)
    assert watch.problems() == [], "\n".join(watch.problems())


def test_tabbing_to_a_citation_previews_it_for_keyboard_readers(site, bases, open_context):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, bases["root"] + site["pages"]["theme"])
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.bf-cite')"):
            break
    else:
        pytest.fail("Tab never reached a citation")
    focused = page.locator("a.bf-cite:focus")
    expected = _expected_preview(page, focused)
    assert expected["quote"] in _preview_text(page)
    page.keyboard.press("Escape")
    page.locator("#bf-preview").wait_for(state="hidden", timeout=2000)
    assert page.evaluate("document.activeElement.matches('a.bf-cite')"), "Escape must leave focus where it was"
    # Moving on to the next citation previews that one instead (the theme page cites more than once).
    assert page.locator("article a.bf-cite").count() >= 2, "the theme page needs two citations to tab between"
    for _ in range(50):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.bf-cite')"):
            break
    else:
        pytest.fail("Tab never reached a second citation")
    assert _expected_preview(page, page.locator("a.bf-cite:focus"))["quote"] in _preview_text(page)
    assert watch.problems() == [], "\n".join(watch.problems())


def test_on_a_touch_screen_the_first_tap_previews_and_the_second_follows(site, bases, open_context):
    context, watch = open_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    url = bases["root"] + site["pages"]["theme"]
    goto(page, url)
    cite = page.locator("article a.bf-cite").first
    expected = _expected_preview(page, cite)
    cite.tap()
    assert expected["quote"] in _preview_text(page)
    assert page.url == url, "the first tap must not leave the page"
    box = page.locator("#bf-preview").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"preview sticks out of the phone: {box}"
    cite.tap()
    page.wait_for_url(re.compile(r".*/sources/[^/]+/#claim-.+"))
    assert watch.problems() == [], "\n".join(watch.problems())


@pytest.mark.parametrize("where", ["root", "sub"])
def test_following_a_citation_lands_on_the_highlighted_claim_with_a_way_back(site, bases, open_context, where):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    theme_url = bases[where] + site["pages"]["theme"]
    goto(page, theme_url)
    cite = page.locator("article a.bf-cite").nth(1 if page.locator("article a.bf-cite").count() > 1 else 0)
    expected = _expected_preview(page, cite)
    cite_id = cite.get_attribute("id")
    claim_id = cite.get_attribute("href").split("#", 1)[1]
    cite.click()
    page.wait_for_url(re.compile(rf".*/sources/[^/]+/#{re.escape(claim_id)}$"))
    target = page.locator(":target")
    assert target.get_attribute("id") == claim_id and "bf-claim" in target.get_attribute("class")
    assert expected["quote"] in " ".join(target.locator(".bf-quote").inner_text().split())
    assert target.evaluate("el => getComputedStyle(el).outlineStyle") != "none", "the claim is not highlighted"
    box = target.bounding_box()
    assert 0 <= box["y"] and box["y"] + min(box["height"], 150) <= DESKTOP["height"], f"claim not in view: {box}"
    back = target.locator(".bf-back a")
    assert back.is_visible()
    assert back.get_attribute("href") == f"{theme_url}#{cite_id}"
    back.click()
    page.wait_for_url(f"{theme_url}#{cite_id}")
    assert page.locator(":target").get_attribute("id") == cite_id
    assert watch.problems() == [], "\n".join(watch.problems())


# -- finding things -------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["root", "sub"])
def test_search_finds_people_places_and_phrases(site, bases, open_context, where):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, bases[where])
    for term in site["terms"]:
        box = page.locator("input.md-search__input")
        if not box.is_visible():  # narrow screens hide the field behind a button
            page.locator("label.md-header__button[for='__search']").click()
        box.click()
        box.fill("")
        box.press_sequentially(term, delay=20)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(state="visible", timeout=10000)
        found = " ".join(results.all_inner_texts())
        assert all(word.lower() in found.lower() for word in term.split()), f"{term!r} not in results: {found[:300]}"
        # Results point into this copy of the site, wherever it is served from.
        hrefs = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
        assert hrefs and all(h.startswith(bases[where]) for h in hrefs), hrefs
        page.keyboard.press("Escape")
        assert not page.locator("#__search").is_checked(), "Escape left the search open"
    assert watch.problems() == [], "\n".join(watch.problems())


def test_search_downloads_only_index_chunks_not_the_whole_index(site, bases, open_context):
    """The first search fetches Pagefind's small files: no single index of the whole site."""
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda req: fetched.append(req.url))
    goto(page, bases["root"])
    page.locator("input.md-search__input").click()
    page.keyboard.type(site["terms"][0], delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
    paths = [urlparse(u).path for u in fetched]
    assert any(p.startswith("/pagefind/index/") for p in paths), paths
    assert any(p.startswith("/pagefind/fragment/") for p in paths), paths
    assert not any("search_index.json" in p for p in paths), paths
    everything = len(list((site["dir"] / "pagefind" / "fragment").iterdir()))
    assert sum(p.startswith("/pagefind/fragment/") for p in paths) <= min(everything, 10), paths
    assert watch.problems() == [], "\n".join(watch.problems())


def _search(page, base: str, term: str) -> tuple[str, list[str]]:
    """What the search shows for `term`: its count line and the pages listed (as paths in the site)."""
    goto(page, base)
    page.locator("input.md-search__input").click()
    page.keyboard.type(term, delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
    page.wait_for_timeout(300)  # the whole first screen of results
    hrefs = page.eval_on_selector_all(".md-search-result__article--document",
                                      "articles => articles.map(a => a.closest('a').href)")
    return page.locator(".md-search-result__meta").inner_text(), sorted(urlparse(h).path for h in hrefs)


def test_an_index_written_in_parts_finds_what_one_index_finds(site, bases, open_context, tmp_path):
    """A large site's index is written in parts (search.SiteIndex); the browser merges them into one search."""
    from builder.publish import search
    from browser_fixtures import serve_folder

    parted = tmp_path / "parted"
    shutil.copytree(site["dir"], parted, ignore=shutil.ignore_patterns("pagefind"))
    pages = search.html_files(parted)
    with search.SiteIndex(parted, pages=len(pages), part_pages=max(2, len(pages) // 3)) as index:
        for path in pages:
            index.add_file(path)
        index.write()
    parts = json.loads((parted / "pagefind" / search.PARTS).read_text(encoding="utf-8"))["parts"]
    assert len(parts) >= 2, parts
    server = serve_folder(parted)
    try:
        context, watch = open_context(viewport=DESKTOP)
        page = context.new_page()
        fetched: list[str] = []
        page.on("requestfinished", lambda req: fetched.append(urlparse(req.url).path))
        for term in site["terms"][:3]:
            # As many pages found (each part ranks its own pages by its own statistics: the order may differ).
            found, listed = _search(page, f"http://127.0.0.1:{server.server_port}/", term)
            assert found == _search(page, bases["root"], term)[0] and listed, term
        assert watch.problems() == [], "\n".join(watch.problems())
        assert any(path.startswith(f"/pagefind/{parts[-1]}index/") for path in fetched), "the last part was not searched"
    finally:
        server.shutdown()
        server.server_close()


def test_a_list_of_parts_that_cannot_be_read_fails_the_search_rather_than_answer_from_one_part(site, bases,
                                                                                                open_context):
    context, _ = open_context(viewport=DESKTOP)
    page = context.new_page()
    page.route("**/pagefind/parts.json", lambda route: route.fulfill(status=500, body="broken"))
    goto(page, bases["root"])
    page.locator("input.md-search__input").click()
    page.keyboard.type(site["terms"][0], delay=20)
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text="parts.json").wait_for(timeout=10000)
    assert page.locator(".md-search-result__item").count() == 0


def test_search_works_from_the_keyboard_alone(site, bases, open_context):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, bases["sub"] + site["pages"]["theme"])
    page.locator("body").press("/")  # as in Material: "/" opens search from anywhere but a text field
    assert page.locator("#__search").is_checked()
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    term = site["terms"][1]
    page.keyboard.type(term, delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.href")
    assert first and first.startswith(bases["sub"]), first
    page.keyboard.press("Enter")
    page.wait_for_url(first)
    assert all(w.lower() in page.locator("article").inner_text().lower() for w in term.split())
    assert watch.problems() == [], "\n".join(watch.problems())


def test_entity_names_in_theme_text_link_to_the_entity_page(site, bases, open_context):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, bases["root"] + site["pages"]["theme"])
    links = page.locator("article a.bf-entity")
    assert links.count() > 0, "no entity name is linked on the theme page"
    first = links.first
    name = first.inner_text()
    href = first.evaluate("a => a.href")
    first.click()
    page.wait_for_url(href)
    # The page reached is the entity whose name (or one of whose aliases) was clicked.
    entity_id = re.fullmatch(r".*/entities/([^/]+)/", href).group(1)
    data = json.loads((site["dir"] / "briefing.json").read_text(encoding="utf-8"))
    entity = next(e for e in data["entities"] if e["id"] == entity_id)
    assert name in (entity["name"], *entity["aliases"]), (name, entity)
    assert page.locator("article h1").inner_text().strip().rstrip("¶").strip() == entity["name"]
    assert watch.problems() == [], "\n".join(watch.problems())


# -- pictures -------------------------------------------------------------------------------------


def test_discrepancy_charts_show_without_javascript_and_carry_a_text_alternative(site, bases, open_context):
    context, watch = open_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    goto(page, bases["root"] + "discrepancies/")
    charts = page.locator("svg.bf-chart")
    assert charts.count() > 0, "the discrepancies page draws no chart"
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.get_attribute("role") == "img"
        assert len(chart.get_attribute("aria-label")) > 20
        box = chart.bounding_box()
        assert box["width"] > 200 and box["height"] > 60, box
        assert chart.locator("circle.bf-chart-dot").count() >= 1
    assert watch.problems() == [], "\n".join(watch.problems())


def test_the_timeline_is_drawn_as_a_line_of_events_under_year_headings(site, bases, open_context):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, bases["root"] + "timeline/")
    years = page.locator("article h2").all_inner_texts()
    year_headings = [y for y in years if re.match(r"^\d{4}", y.strip())]
    assert year_headings and year_headings == sorted(year_headings), years
    timeline = page.locator("ol.bf-timeline").first
    assert timeline.evaluate("el => getComputedStyle(el).borderLeftStyle") == "solid"
    dot = page.locator(".bf-event").first.evaluate("el => getComputedStyle(el, '::before').borderRadius")
    assert dot == "50%", f"events are not drawn as dots on the line: {dot}"
    assert watch.problems() == [], "\n".join(watch.problems())


# -- print ----------------------------------------------------------------------------------------


def test_printing_a_theme_page_drops_the_chrome_and_shows_references_and_full_addresses(site, bases, open_context):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, bases["root"] + site["pages"]["theme"])
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"):
        assert page.locator(chrome).count() > 0, f"{chrome} is not on the page: the test looks for the wrong chrome"
        assert page.locator(chrome).first.evaluate("el => getComputedStyle(el).display") == "none", chrome
    assert page.locator(".bf-references").is_visible(), "the reference list must print"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "theme-print.pdf").write_bytes(pdf)
    assert watch.problems() == [], "\n".join(watch.problems())


def test_printing_shows_the_full_address_of_every_link_out_of_the_site(site, bases, open_context):
    def links_out(path: Path) -> bool:
        text = path.read_text(encoding="utf-8")
        return re.search(r'href="https?://', text[text.index("<article"):text.index("</article>")]) is not None

    pages = sorted((site["dir"] / "themes").glob("*/index.html")) + sorted((site["dir"] / "sources").glob("*/index.html"))
    with_links = [p for p in pages if links_out(p)]
    if site["kind"] == "showcase":
        assert len(with_links) >= 2, "the showcase links out from a theme and from a source's address"
    if not with_links:
        pytest.skip("this briefing's themes and sources link nowhere outside the site (no source gives a url)")
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    chosen = with_links[0]
    goto(page, bases["root"] + chosen.parent.relative_to(site["dir"]).as_posix() + "/")
    page.emulate_media(media="print")
    addresses = page.evaluate("""() => [...document.querySelectorAll('article a[href^="http"]')].map(a => ({
        href: a.href, text: a.textContent.trim(), after: getComputedStyle(a, '::after').content}))""")
    assert addresses, f"{chosen}: no link out of the site in the article"
    for link in addresses:
        # A link to the quoted passage (a text fragment, #:~:text=...) may show the page's own address.
        page_address = link["href"].split("#:~:", 1)[0]
        assert link["text"] in (link["href"], page_address) or link["href"] in link["after"], \
            f"address not printed: {link}"
    assert watch.problems() == [], "\n".join(watch.problems())


# -- accessibility --------------------------------------------------------------------------------


def _axe_script() -> str:
    try:
        return str(importlib.resources.files("axe_playwright_python") / "axe.min.js")
    except ModuleNotFoundError:
        pytest.fail("axe-core comes from the PyPI package axe-playwright-python: pip install -e '.[test]'")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation_on_any_page_type(site, bases, open_context, scheme):
    context, watch = open_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    axe = _axe_script()
    found = {}
    # The dark scheme changes colours only: the pages with the most kinds of coloured element suffice.
    kinds = site["pages"] if scheme == "light" else {k: site["pages"][k] for k in ("theme", "discrepancies", "timeline",
                                                                                   "source", "print")}
    for kind, address in kinds.items():
        goto(page, bases["root"] + address)
        page.add_script_tag(path=axe)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            found[kind] = bad
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert watch.problems() == [], "\n".join(watch.problems())


# -- what a reader sees ---------------------------------------------------------------------------


def test_screenshots_of_the_main_pages_for_people_to_look_at(site, bases, open_context):
    ARTIFACTS.mkdir(exist_ok=True)
    shots = []
    for label, viewport, options in (("desktop", DESKTOP, {}),
                                     ("phone", PHONE, {"is_mobile": True, "has_touch": True})):
        context, watch = open_context(viewport=viewport, device_scale_factor=1, **options)
        page = context.new_page()
        for name, address in (("home", ""), ("discrepancies", "discrepancies/"), ("timeline", "timeline/")):
            goto(page, bases["root"] + address)
            # The top of a long page is what a reader sees first; a whole real timeline is too tall to grab.
            height = min(page.evaluate("document.documentElement.scrollHeight"), 3000)
            shots.append((ARTIFACTS / f"{name}-{label}.png", (viewport["width"], height)))
            page.set_viewport_size({"width": viewport["width"], "height": height})
            page.screenshot(path=str(shots[-1][0]))
            page.set_viewport_size(viewport)
        goto(page, bases["root"] + site["pages"]["theme"])
        cite = page.locator("article a.bf-cite").first
        cite.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -200)")
        cite.tap() if options else cite.hover()
        page.locator("#bf-preview").wait_for(state="visible")
        shots.append((ARTIFACTS / f"theme-preview-{label}.png", (viewport["width"], viewport["height"])))
        page.screenshot(path=str(shots[-1][0]))
        # Material keeps the scheme a page started with for later pages: dark needs a fresh context.
        dark_context, _ = open_context(watch, viewport=viewport, color_scheme="dark", **options)
        dark = dark_context.new_page()
        goto(dark, bases["root"] + "discrepancies/")
        assert dark.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        shots.append((ARTIFACTS / f"discrepancies-dark-{label}.png", (viewport["width"], viewport["height"])))
        dark.screenshot(path=str(shots[-1][0]))
        assert watch.problems() == [], "\n".join(watch.problems())
    from PIL import Image

    for shot, size in shots:
        with Image.open(shot) as image:
            assert image.format == "PNG" and image.size == size, (shot, image.size, size)
            grey = image.convert("L")
            # Not blank: text on a background spans dark and light, in many shades (anti-aliasing).
            low, high = grey.getextrema()
            assert high - low > 100, (shot, low, high)
            shades = grey.getcolors(maxcolors=256)
            assert shades is not None and len(shades) > 20, (shot, shades)
            # And not one colour over most of it: no shade covers 99% of the picture.
            assert max(count for count, _ in shades) < 0.99 * size[0] * size[1], shot
