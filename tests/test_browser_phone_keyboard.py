"""Readers on a phone and a keyboard (issue 32): every page right at 375 px and at 1280 px, and the
whole reading path without a mouse.

Each point of the issue is pinned on the small showcase briefing (tests/showcase.py), served under a
sub-path, at both widths; a page is loaded once per width and kind and shared by the tests that only
look at it (`loaded`); the tests that type, tap or follow links open their own. A last test makes one
pass over this repository's briefing. What the tests look for comes from the pages themselves (their
tables, citations, charts and search index), never from words of one briefing.
"""

from __future__ import annotations

import re
import shutil

import pytest

from showcase import built_site
from browser_fixtures import ARTIFACTS, PHONE, DESKTOP, Watch, goto, serve_folder

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("browser_available")]  # a browser: `make test` only

WIDTHS = {"phone": (PHONE, {"is_mobile": True, "has_touch": True}), "desktop": (DESKTOP, {})}

# -- what the tests measure in the page --------------------------------------------------------------

BROKEN_WORDS = """root => {
    // Words laid out over two lines: a word is what lies between spaces, hyphens, dashes, slashes,
    // brackets and ellipses (where a line may end); long unbroken strings (addresses, hashes) may wrap anywhere.
    const broken = [], range = document.createRange();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
        const parent = node.parentElement;
        if (!parent || parent.closest('svg, code, .bf-ref-original, .bf-source-url, [hidden]')) continue;
        if (!parent.getClientRects().length) continue;
        const words = /[^\\s\\-\\u2010-\\u2015\\/\\[\\]()\\u2026]+/g;
        for (let m; (m = words.exec(node.data));) {
            if (m[0].length > 30) continue;
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const lines = new Set([...range.getClientRects()].filter(r => r.width > 0.5).map(r => Math.round(r.top)));
            if (lines.size > 1) broken.push(m[0]);
        }
    }
    return broken;
}"""

TABLES = """() => [...document.querySelectorAll('article table')].map(table => {
    const box = table.getBoundingClientRect(), page = document.documentElement.clientWidth;
    const cells = [...table.querySelectorAll('td')];
    return {
        cls: table.className,
        display: getComputedStyle(table).display,
        rowDisplay: table.querySelector('tbody tr') ? getComputedStyle(table.querySelector('tbody tr')).display : '',
        hiddenOverflow: table.scrollWidth > table.clientWidth + 1,
        pastEdge: cells.filter(td => td.getBoundingClientRect().right > Math.min(box.right, page) + 1).length,
        unseen: cells.filter(td => !td.getClientRects().length || getComputedStyle(td).visibility === 'hidden').length,
        labels: cells.filter(td => td.dataset.label).map(td => getComputedStyle(td, '::before').content),
    };
})"""

TARGETS = """() => [...document.querySelectorAll('article a.bf-cite')].filter(a => a.getClientRects().length).map(a => {
    const r = a.getBoundingClientRect();
    return {n: a.textContent, x: r.left, y: r.top, w: r.width, h: r.height,
            // a tap anywhere in a circle of 24 px around its centre lands on this link (WCAG 2.2, 2.5.8)
            circle: [0, 45, 90, 135, 180, 225, 270, 315].map(deg => [r.left + r.width / 2 + 11 * Math.cos(deg * Math.PI / 180),
                                                                   r.top + r.height / 2 + 11 * Math.sin(deg * Math.PI / 180)])
                .every(([x, y]) => { const hit = document.elementFromPoint(x, y); return !hit || hit === a || a.contains(hit)
                                     || !(x >= 0 && y >= 0 && x < innerWidth && y < innerHeight); })};
})"""

CLUSTERS = """() => [...document.querySelectorAll('article sup.bf-cites')].map(sup =>
    [...sup.querySelectorAll('a.bf-cite')].map(a => parseInt(a.textContent, 10)))"""

SVG_TEXT = """() => [...document.querySelectorAll('article svg text')].filter(t => t.getClientRects().length).map(t => {
    const svg = t.closest('svg'), view = svg.viewBox.baseVal;
    const scale = view && view.width ? svg.getBoundingClientRect().width / view.width : 1;
    return {text: t.textContent.trim(), px: parseFloat(getComputedStyle(t).fontSize) * scale, cls: t.getAttribute('class') || ''};
})"""

CONTRAST = """el => {
    const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                                 return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
    let bg = null;
    for (let up = el; up && !bg; up = up.parentElement) {
        const c = parse(getComputedStyle(up).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) bg = c.slice(0, 3);
    }
    bg = bg || [255, 255, 255];
    const fg = parse(getComputedStyle(el).color), a = fg.length === 4 ? fg[3] : 1;
    const mixed = fg.slice(0, 3).map((v, i) => v * a + bg[i] * (1 - a));
    const [hi, lo] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
}"""


# -- the showcase, served under a sub-path ---------------------------------------------------------------


@pytest.fixture(scope="module")
def show(tmp_path_factory):
    return built_site("showcase", tmp_path_factory)


@pytest.fixture(scope="module")
def base(show, tmp_path_factory):
    parent = tmp_path_factory.mktemp("readers")
    shutil.copytree(show.dir, parent / "briefing")
    server = serve_folder(parent)
    yield f"http://127.0.0.1:{server.server_port}/briefing/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def loaded(browser, base):
    """A page per width and address, loaded once and shared by the tests that only look at it."""
    contexts, pages, watches = {}, {}, {}

    def get(width: str, address: str):
        if width not in contexts:
            viewport, options = WIDTHS[width]
            contexts[width] = browser.new_context(viewport=viewport, **options)
            watches[width] = Watch()
            contexts[width].on("page", watches[width].attach)
        if (width, address) not in pages:
            page = contexts[width].new_page()
            goto(page, base + address)
            pages[width, address] = page
        page = pages[width, address]
        page.evaluate("window.scrollTo(0, 0)")
        return page

    get.problems = lambda: [p for w in watches.values() for p in w.problems()]
    yield get
    for context in contexts.values():
        context.close()


def _shot(page, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"readers-{name}.png"), full_page=full)


# -- 1. tables that read on a phone ------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_tables_break_no_word_cut_off_nothing_and_become_cards_on_a_phone(loaded, width):
    for address in ("sources/", "entities/", "sourcing/", "discrepancies/", "methodology/"):
        page = loaded(width, address)
        tables = page.evaluate(TABLES)
        assert tables, f"{address}: no table"
        broken = [w for handle in page.query_selector_all("article table") for w in handle.evaluate(BROKEN_WORDS)]
        assert broken == [], f"{address} at {width}: words broken inside: {broken}"
        for table in tables:
            assert not table["hiddenOverflow"] and table["pastEdge"] == 0 and table["unseen"] == 0, (address, table)
            if table["cls"] in ("bf-sources", "bf-entities"):
                if width == "phone":  # a card per row: the row is a box, each cell a labelled line
                    assert table["rowDisplay"] != "table-row", table
                    labelled = [label for label in table["labels"] if label != "none"]  # an entity's kind needs none
                    assert labelled and all(label.startswith('"') and label.endswith(': "') for label in labelled), table
                else:
                    assert table["display"] == "table" and table["rowDisplay"] == "table-row", table
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        if address == "sources/":
            _shot(page, f"sources-{width}", full=True)
    assert loaded.problems() == [], loaded.problems()


def test_stacked_count_tables_line_up(loaded):
    page = loaded("desktop", "sourcing/")
    columns = page.eval_on_selector_all("article table.bf-counts", """tables => tables.map(t => {
        const cell = t.querySelector('tbody td:last-child').getBoundingClientRect();
        return [Math.round(cell.left), Math.round(cell.right), getComputedStyle(t.querySelector('tbody td:last-child')).textAlign];
    })""")
    assert len(columns) >= 2 and len({(left, right) for left, right, _ in columns}) == 1, columns
    # Aligned at the end of the line: the right in a left-to-right language (the left in Arabic, with its text)
    assert {align for _, _, align in columns} == {"end"}


# -- 2. the keyboard ----------------------------------------------------------------------------------------


def _tab_until(page, selector: str, most: int = 80) -> None:
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_the_search_panel_closes_when_focus_leaves_it_and_escape_closes_it_from_anywhere(base, open_context, show):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, base + "themes/bridge/")
    _tab_until(page, "article a.bf-cite")
    citation = page.evaluate("document.activeElement.id")
    page.keyboard.press("/")
    assert page.locator("#__search").is_checked()
    page.keyboard.type(show.terms[0], delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
    # Escape from a result: closed, and focus back on the citation it was opened from
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert page.evaluate("document.activeElement.id") == citation
    # Tab past the panel's last stop: closed, the page no longer dimmed, and focus on the page
    page.keyboard.press("/")
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
    for _ in range(40):
        page.keyboard.press("Tab")
        if not page.evaluate("document.querySelector('[data-bf-search]').contains(document.activeElement)"):
            break
    else:
        pytest.fail("Tab never left the search panel")
    page.wait_for_function("!document.getElementById('__search').checked", timeout=2000)
    page.wait_for_function("getComputedStyle(document.querySelector('.md-search__overlay')).opacity === '0'", timeout=3000)
    assert watch.problems() == [], watch.problems()


FOCUS_SHOWN = """el => {
    const s = getComputedStyle(el);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none');
}"""


def test_the_reading_path_works_from_the_keyboard_with_a_visible_focus_at_every_stop(base, open_context, show):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, base)
    page.keyboard.press("Tab")  # the first stop skips to the content
    skip = page.locator(":focus")
    assert "md-skip" in skip.get_attribute("class").split() and skip.is_visible()
    page.wait_for_timeout(400)  # Material fades it in
    assert float(skip.evaluate("el => getComputedStyle(el).opacity")) == 1
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == page.locator("article h1").get_attribute("id").join(("#", ""))
    # Every stop up to a key judgement's citation shows where focus is.
    unseen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        if not page.evaluate(FOCUS_SHOWN.join(("(", ")(document.activeElement)"))):
            unseen.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
        if page.evaluate("document.activeElement.matches('.bf-judgements a.bf-cite')"):
            break
    else:
        pytest.fail("Tab never reached a key judgement's citation")
    assert unseen == [], f"focus not shown on: {unseen}"
    number = page.evaluate("document.activeElement.dataset.ref")
    quote = " ".join(page.locator(f"li#ref-{number} .bf-quote").inner_text().split())
    preview = page.locator("#bf-preview")
    preview.wait_for(state="visible", timeout=3000)
    assert quote in " ".join(preview.inner_text().split())
    cite_id = page.evaluate("document.activeElement.id")
    page.keyboard.press("Enter")  # follows the citation to the quoted claim
    page.wait_for_url(re.compile(r".*/sources/[^/]+/#claim-.+"))
    page.keyboard.press("Tab")  # the next stop is the way back, at the top of the claim
    back = page.locator(":focus")
    assert back.evaluate("el => el.closest('.bf-back') !== null and el.closest(':target') !== null".replace(
        " and ", " && ")), back.evaluate("el => el.outerHTML")
    assert page.evaluate(FOCUS_SHOWN.join(("(", ")(document.activeElement)")))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*#{re.escape(cite_id)}$"))
    page.keyboard.press("Tab")  # reading goes on after the citation followed
    after = page.evaluate(f"""() => {{ const cite = document.getElementById({cite_id!r});
        return !!(cite.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING); }}""")
    assert after, page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    assert watch.problems() == [], watch.problems()


FOCUS_IN_SIGHT = """el => {
    // Shown, and its ring not cut off by a box that clips it (a ring drawn outside a scrolling box is lost);
    // a check box drawn as its label (Material's colour switch) is seen as its label.
    document.getAnimations().forEach(a => { try { a.finish(); } catch (e) { /* an endless one */ } });
    const label = el.nextElementSibling;
    if (el.matches('input') && !el.checkVisibility({opacityProperty: true}) && label && label.matches('label')) el = label;
    if (!(FOCUS_SHOWN)(el)) return 'no ring';
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) return 'hidden';
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    const grow = Math.max(0, parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset));
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        const u = getComputedStyle(up);
        if (u.overflowX === 'visible' && u.overflowY === 'visible') continue;
        const b = up.getBoundingClientRect();
        if (r.left - grow < b.left - 0.5 || r.top - grow < b.top - 0.5 || r.right + grow > b.right + 0.5
            || r.bottom + grow > b.bottom + 0.5) return 'ring cut by ' + up.className;
    }
    return '';
}""".replace("FOCUS_SHOWN", FOCUS_SHOWN)


def test_every_tab_stop_is_in_sight_with_its_focus_shown_even_in_the_search_panel(base, open_context, show):
    """No stop is hidden (the 'Back to top' button before it shows) or has its ring clipped (the results' box)."""
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, base + "sources/")
    unseen, first = [], None
    for _ in range(300):
        page.keyboard.press("Tab")
        here = page.evaluate("document.activeElement === document.body ? null : document.activeElement.outerHTML.slice(0, 80)")
        if here is None or here == first:
            break
        first = first or here
        why = page.evaluate(f"({FOCUS_IN_SIGHT})(document.activeElement)")
        if why:
            unseen.append((here, why))
    assert first and unseen == [], f"focus out of sight on: {unseen}"
    page.keyboard.press("/")
    page.keyboard.type(show.terms[0], delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
    inside = "document.querySelector('[data-bf-search]').contains(document.activeElement)"
    for _ in range(40):
        page.keyboard.press("Tab")
        if not page.evaluate(inside):
            break
        why = page.evaluate(f"({FOCUS_IN_SIGHT})(document.activeElement)")
        assert not why, (why, page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
    assert watch.problems() == [], watch.problems()


# -- 3. touch ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_citation_targets_are_24_px_square_apart_and_in_order(loaded, width):
    page = loaded(width, "themes/costs/")
    targets = page.evaluate(TARGETS)
    assert targets, "the page shows no citation"
    small = [t for t in targets if t["w"] < 24 - 0.01 or t["h"] < 24 - 0.01]
    assert small == [], f"targets under 24 x 24 px: {small}"
    overlapping = [(a["n"], b["n"]) for i, a in enumerate(targets) for b in targets[i + 1:]
                   if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"]
                   and b["y"] < a["y"] + a["h"]]
    assert overlapping == [], overlapping
    assert all(t["circle"] for t in targets), "a tap within 12 px of a target's centre lands elsewhere"
    clusters = page.evaluate(CLUSTERS)
    assert all(c == sorted(set(c)) for c in clusters), clusters
    assert any(len(c) >= 3 for c in clusters), "the showcase's costs theme has a cluster of three, written out of order"
    if width == "phone":
        _shot(page, "theme-citations-phone")
    assert loaded.problems() == [], loaded.problems()


def test_a_tap_near_the_edge_of_a_citation_previews_it(base, open_context):
    context, watch = open_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    goto(page, base + "themes/costs/")
    cite = page.locator("article a.bf-cite").last
    cite.scroll_into_view_if_needed()
    box = cite.bounding_box()
    page.touchscreen.tap(box["x"] + 2, box["y"] + 2)  # a corner of the target, off the figure itself
    page.locator("#bf-preview").wait_for(state="visible", timeout=3000)
    assert page.url.endswith("themes/costs/"), "the first tap previews; it does not leave the page"
    assert watch.problems() == [], watch.problems()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_coming_back_to_a_citation_opens_no_preview_until_the_reader_asks(base, open_context, width):
    """A preview opens on hover, Tab or tap, never on arriving at a citation (a way back, a shared #bf-cite-N)."""
    viewport, options = WIDTHS[width]
    context, watch = open_context(viewport=viewport, **options)
    page = context.new_page()
    goto(page, base + "themes/costs/#bf-cite-2")
    page.wait_for_timeout(400)
    preview = page.locator("#bf-preview")
    assert not preview.is_visible(), "arriving at a citation opened its preview"
    page.evaluate("location.hash = '#bf-cite-1'")  # a link within the page to a citation
    page.wait_for_timeout(400)
    assert not preview.is_visible(), "following a link to a citation opened its preview"
    if width == "phone":
        page.locator("#bf-cite-1").tap()
    else:
        _tab_until(page, "article a.bf-cite")
    preview.wait_for(state="visible", timeout=3000)
    assert watch.problems() == [], watch.problems()


# -- 4. the timeline's chart -----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_timeline_chart_opens_at_the_latest_events_on_a_phone_and_names_every_mark(loaded, width):
    page = loaded(width, "timeline/")
    box = page.locator("article .bf-overview-scroll").first
    chart = box.locator("svg.bf-overview-chart")
    marks = chart.locator("a.bf-ov-link").count()
    labels = page.evaluate(SVG_TEXT)
    words = [t for t in labels if t["cls"] == "bf-ov-label"]
    assert len(words) == marks > 0, "every mark says what it is"
    assert min(t["px"] for t in labels) >= 10.5, labels
    seen = box.evaluate("""el => { const b = el.getBoundingClientRect();
        return [...el.querySelectorAll('text.bf-ov-tick')].map(t => { const r = t.getBoundingClientRect();
            return {year: t.textContent, shown: r.left >= b.left - 1 && r.right <= b.right + 1}; }); }""")
    years = sorted({int(t["year"]) for t in seen})
    latest = [t["shown"] for t in seen if int(t["year"]) == years[-1]]
    assert all(latest), "the latest year is in view when the page opens"
    hint = page.locator("article .bf-overview .bf-scroll-hint").first
    if width == "phone":
        assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "on a phone the chart is wider than its box"
        assert not all(t["shown"] for t in seen if int(t["year"]) == years[0]), "the earliest year starts out of view"
        assert hint.is_visible() and "earlier" in hint.inner_text()
    else:
        assert all(t["shown"] for t in seen) and not hint.is_visible()
    _shot(page, f"timeline-{width}")
    assert loaded.problems() == [], loaded.problems()


TIMELINE_MARKS = """box => { const b = box.getBoundingClientRect();
    return [...box.querySelectorAll('a.bf-ov-link')].map(a => { const r = a.getBoundingClientRect();
        return {event: a.dataset.event, top: r.top, bottom: r.bottom, left: r.left, right: r.right, h: r.height,
                shown: r.right > b.left + 1 && r.left < b.right - 1}; }); }"""


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_timeline_chart_has_the_latest_events_in_its_top_rows_and_marks_24_px_tall(loaded, width):
    page = loaded(width, "timeline/")
    marks = page.locator("article .bf-overview-scroll").first.evaluate(TIMELINE_MARKS)
    assert len(marks) >= 3
    top = min(m["top"] for m in marks)
    latest = next(m for m in marks if m["event"] == page.eval_on_selector_all("li.bf-event", "els => els.at(-1).id"))
    assert latest["top"] == top and latest["shown"], "the latest event sits in the top row, in view"
    assert all(m["shown"] for m in marks if m["top"] == top), "the top row is in view when the chart opens"
    short = [m for m in marks if m["h"] < 24 - 0.01]
    assert short == [], f"marks under 24 px tall: {short[:3]}"
    overlapping = [(i, j) for i, a in enumerate(marks) for j, b in enumerate(marks[i + 1:], i + 1)
                   if a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5
                   and a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5]
    assert overlapping == [], overlapping
    assert loaded.problems() == [], loaded.problems()


# -- 5. grades explained ---------------------------------------------------------------------------------------


def test_a_preview_gives_the_grade_in_words_and_each_code_and_confidence_line_leads_to_its_definition(base, open_context,
                                                                                                     show, browser):
    context, watch = open_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    goto(page, base + "themes/bridge/")
    cite = page.locator("article a.bf-cite").first
    grade = page.locator(f"li#ref-{cite.get_attribute('data-ref')} a.bf-grade")
    cite.tap()
    preview = page.locator("#bf-preview")
    preview.wait_for(state="visible", timeout=3000)
    text = " ".join(preview.inner_text().split())
    assert f"Source: {grade.get_attribute('data-reliability')}" in text, text
    assert f"Claim: {grade.get_attribute('data-credibility')}" in text and grade.inner_text() in text, text
    # Every code and confidence line on the page leads to a definition that exists on the methodology page.
    links = page.eval_on_selector_all("article a.bf-grade, article a.bf-confidence, article a.bf-likelihood, "
                                      "article a.bf-support", "els => els.map(a => a.href)")
    assert len(links) >= 4 and all("/methodology/#" in href for href in links), links
    goto(page, base + "methodology/")
    missing = [href for href in set(links) if not page.locator(f"#{href.split('#')[1]}").count()]
    assert missing == [], missing
    # Legible: the confidence line's fine print and the headings.
    goto(page, base + "themes/bridge/")
    meta = page.locator("article .bf-meta").first
    assert meta.evaluate(CONTRAST) >= 7, meta.evaluate(CONTRAST)
    assert page.locator("article h1").evaluate(CONTRAST) >= 12
    assert watch.problems() == [], watch.problems()


def test_a_reference_list_shows_each_grade_in_words_beside_its_code(loaded):
    """A grade's words are on screen, not only in a tooltip that a touch screen never shows."""
    page = loaded("phone", "")
    page.eval_on_selector_all("details.bf-references-fold", "ds => ds.forEach(d => { d.open = true; })")
    grades = page.eval_on_selector_all("article .bf-references a.bf-grade", """as => as.map(a => {
        const words = a.dataset.reliability + (a.dataset.credibility ? '; ' + a.dataset.credibility : '');
        return {code: a.textContent, words, shown: a.closest('li').innerText.replace(/\\s+/g, ' ').includes(words)};
    })""")
    assert grades and all(g["shown"] for g in grades), [g for g in grades if not g["shown"]][:3]
    page.locator("article .bf-references").first.scroll_into_view_if_needed()
    _shot(page, "references-phone")
    assert loaded.problems() == [], loaded.problems()


# -- 6. search results --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_search_shows_every_result_with_its_kind_and_cut_excerpts_marked_and_opens_from_the_address(base, open_context,
                                                                                                   width):
    viewport, options = WIDTHS[width]
    context, watch = open_context(viewport=viewport, **options)
    page = context.new_page()
    # A word on most pages, so that there are more results than one screenful.
    goto(page, base + "timeline/?q=the")
    assert page.locator("#__search").is_checked() and page.locator("input.md-search__input").input_value() == "the"
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length >= 10", timeout=10000)
    total = int(re.match(r"(\d+) matching", page.locator(".md-search-result__meta").inner_text()).group(1))
    assert total > 10, "the showcase has more pages holding 'the' than fit in one screenful"
    pages_shown = lambda: page.locator(".md-search-result__item:not(.bf-more)").count()  # noqa: E731
    assert pages_shown() == 10
    more = page.locator(".bf-more-button")
    while more.count():
        expected = min(pages_shown() + 10, total)
        more.click()
        page.wait_for_function(f"""document.querySelectorAll('.md-search-result__item:not(.bf-more)').length === {expected}
            && ({expected} === {total}) === !document.querySelector('.bf-more-button')""", timeout=10000)
        assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')"), \
            "focus moves to the first of the new results"
    assert pages_shown() == total
    kinds = page.eval_on_selector_all(".md-search-result__article--document h1",
                                      "hs => hs.map(h => (h.querySelector('.bf-result-kind') || {}).textContent || '')")
    assert all(kinds) and len(set(kinds)) >= 3, kinds
    excerpts = page.eval_on_selector_all(".md-search-result__article p", "ps => ps.map(p => p.textContent)")
    assert any(e.startswith("\u2026 ") for e in excerpts) and any(e.endswith(" \u2026") for e in excerpts), excerpts[:5]
    # The address follows the query, so a search can be shared; closing takes it away.
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially("Zenda", delay=20)
    page.wait_for_function("new URLSearchParams(location.search).get('q') === 'Zenda'", timeout=5000)
    page.keyboard.press("Escape")
    page.wait_for_function("!new URLSearchParams(location.search).has('q')", timeout=5000)
    if width == "desktop":
        goto(page, base + "timeline/?q=the")
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
        _shot(page, "search-desktop")
    else:
        goto(page, base + "timeline/?q=the")
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
        _shot(page, "search-phone")
    assert watch.problems() == [], watch.problems()


def test_tab_leaves_the_search_box_past_its_results_arrows_walk_them_and_excerpts_keep_punctuation_close(base, open_context):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, base + "timeline/?q=the")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length >= 10", timeout=10000)
    excerpts = page.eval_on_selector_all(".md-search-result__article p", "ps => ps.map(p => p.textContent)")
    stray = [e for e in excerpts if re.search(r"\s[.,;:!?)]", e)]
    assert stray == [], f"a space before punctuation (where a citation was left out): {stray[:3]}"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    links = page.eval_on_selector_all(".md-search-result__link", "as => as.map(a => a.href)")
    assert page.evaluate("document.activeElement.href") == links[1], "the arrow keys walk the results"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    for _ in range(2):  # past the results (their box is a stop, to scroll them), out of the panel, which closes
        page.keyboard.press("Tab")
        assert not page.evaluate("document.activeElement.matches('.md-search-result *')"), "Tab walked into the results"
    assert not page.evaluate("document.querySelector('[data-bf-search]').contains(document.activeElement)"), \
        page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
    page.wait_for_function("!document.getElementById('__search').checked", timeout=2000)
    assert watch.problems() == [], watch.problems()


def test_the_timeline_filter_is_kept_in_the_address(base, open_context):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, base + "timeline/")
    select = page.locator("form.bf-filter select")
    value = select.locator("option[value^='theme:']").first.get_attribute("value")
    select.select_option(value)
    shown = page.eval_on_selector_all("li.bf-event:not([hidden])", "els => els.map(e => e.id)")
    page.wait_for_function(f"new URLSearchParams(location.search).get('show') === {value!r}")
    page.reload()
    assert page.locator("form.bf-filter select").input_value() == value
    assert page.eval_on_selector_all("li.bf-event:not([hidden])", "els => els.map(e => e.id)") == shown
    page.locator("form.bf-filter select").select_option("")
    page.wait_for_function("!new URLSearchParams(location.search).has('show')")
    assert watch.problems() == [], watch.problems()


# -- 7. who publishes it ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_publisher_authors_contact_and_licence_are_in_the_footer_print_and_metadata(loaded, show, width):
    briefing = show.model.briefing
    for address in ("", "print/"):
        page = loaded(width, address)
        footer = page.locator("footer .bf-publication")
        footer.scroll_into_view_if_needed()
        assert footer.is_visible()
        text = " ".join(footer.inner_text().split())
        for part in (briefing.publisher.name, *(a.name for a in briefing.authors), briefing.contact, briefing.licence.name):
            assert part in text, (part, text)
        assert page.locator("footer a[rel~='license']").get_attribute("href") == briefing.licence.url
        assert page.locator("head meta[name='author']").get_attribute("content") == briefing.authors[0].name
        assert page.locator("head meta[name='dcterms.license']").get_attribute("content") == briefing.licence.url
    printed = loaded(width, "print/").locator("article .bf-publication")
    assert briefing.publisher.name in printed.inner_text() and briefing.licence.name in printed.inner_text()
    assert loaded.problems() == [], loaded.problems()


# -- 8. no id in reader-facing text; legible network ----------------------------------------------------------------


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_no_id_in_reader_facing_text_and_the_network_names_legible(loaded, show, width):
    ids = sorted(show.model.sources, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w/#-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    for address in ("sourcing/", "entities/", "themes/costs/", "sources/"):
        text = loaded(width, address).locator("article").inner_text()
        assert pattern.findall(text) == [], (address, pattern.findall(text))
    page = loaded(width, "sourcing/")
    names = [t for t in page.evaluate(SVG_TEXT) if t["text"]]
    assert names and min(t["px"] for t in names) >= 11, names
    assert not any(t["text"].endswith("\u2026") for t in names), names
    assert loaded.problems() == [], loaded.problems()


def test_a_quote_holding_quotation_marks_is_set_between_single_ones_and_shown_verbatim(loaded, show):
    page = loaded("desktop", "themes/bridge/")
    quotes = page.eval_on_selector_all("article .bf-references q.bf-quote", """qs => qs.map(q => ({
        text: q.textContent, before: getComputedStyle(q, '::before').content,
        marks: getComputedStyle(q).quotes.match(/"[^"]*"/g).slice(0, 2).map(m => m.slice(1, -1))}))""")
    claims = {c.quote for c in show.model.claims()}
    assert quotes and all(q["text"] in claims for q in quotes), "every quote verbatim"
    for q in quotes:
        holds_double = any(mark in q["text"] for mark in '"\u201c\u201d')
        assert q["before"] == "open-quote" and q["marks"] == (["\u2018", "\u2019"] if holds_double else ["\u201c", "\u201d"]), q
    assert any('"' in q["text"] for q in quotes), "the showcase cites a quote that holds quotation marks"


# -- 9. one pass over this repository's briefing --------------------------------------------------------------------


def _what_a_reader_meets(page, ids_pattern, model) -> list[str]:
    """Everything on the open page of the real briefing that the points of this file forbid."""
    problems = []
    if not page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"):
        problems.append("the page scrolls sideways")
    broken = page.locator("article").evaluate(BROKEN_WORDS)
    if broken:
        problems.append(f"words broken: {broken[:5]}")
    bad_tables = [t for t in page.evaluate(TABLES) if t["hiddenOverflow"] or t["pastEdge"] or t["unseen"]]
    if bad_tables:
        problems.append(f"tables cut off: {bad_tables}")
    small = [t["n"] for t in page.evaluate(TARGETS) if t["w"] < 23.99 or t["h"] < 23.99]
    if small:
        problems.append(f"citation targets under 24 px: {small[:5]}")
    if any(c != sorted(set(c)) for c in page.evaluate(CLUSTERS)):
        problems.append("a cluster out of order")
    tiny = [t["text"] for t in page.evaluate(SVG_TEXT) if t["text"] and t["px"] < 10.5]
    if tiny:
        problems.append(f"chart text under 10.5 px: {tiny[:5]}")
    named = ids_pattern.findall(page.locator("article").inner_text())
    if named:
        problems.append(f"ids shown: {sorted(set(named))}")
    if model.briefing.publisher and model.briefing.publisher.name not in page.locator("footer").inner_text():
        problems.append("the footer does not name the publisher")
    return problems


def test_the_real_briefing_reads_at_375_and_1280_px(real_site, browser, tmp_path_factory):
    from showcase import built_site as built

    real = built("real", tmp_path_factory)
    server = serve_folder(real.dir)
    root = f"http://127.0.0.1:{server.server_port}/"
    ids = sorted(real.model.sources, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w/#-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    theme = sorted(real.model.themes)[0]
    addresses = ["", "themes/", f"themes/{theme}/", "sources/", f"sources/{sorted(real.model.sources)[0]}/", "timeline/",
                 "discrepancies/", "entities/", f"entities/{real.model.entities.entities[0].id}/", "sourcing/",
                 "methodology/", "print/"]
    found: dict[str, list] = {}
    try:
        for width, (viewport, options) in WIDTHS.items():
            context = browser.new_context(viewport=viewport, **options)
            watch = Watch()
            context.on("page", watch.attach)
            page = context.new_page()
            for address in addresses:
                goto(page, root + address)
                where = f"{width} /{address}"
                problems = _what_a_reader_meets(page, pattern, real.model)
                if problems:
                    found[where] = problems
                if address in ("sources/", f"themes/{theme}/", "timeline/"):
                    _shot(page, f"real-{address.strip('/').replace('/', '-')}-{width}")
            page.goto(root + "?q=" + real.terms[0])
            page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
            _shot(page, f"real-search-{width}")
            if watch.problems():
                found[f"{width} browser"] = watch.problems()
            context.close()
    finally:
        server.shutdown()
        server.server_close()
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())  # noqa
