"""What a reader sees of the timeline overview, the source card, quiet entity links and the printable briefing.

Chromium at 1280 and 375 px, light and dark, on the site under test (the real
briefing when it checks, else the showcase): expectations come from the
site's own content, never from words of one briefing.
"""

from __future__ import annotations

import io
import re

import pytest

from builder.model import load
from conftest import REPO
from browser_fixtures import ARTIFACTS, PHONE, DESKTOP, goto

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("browser_available")]  # a browser: `make test` only

VIEWS = [("desktop", DESKTOP, {}), ("phone", PHONE, {"is_mobile": True, "has_touch": True})]


def _model(site):
    return load.load(REPO if site["kind"] == "real" else site["dir"].parent)


def _no_page_scroll(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize("label, viewport, options", VIEWS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_timeline_opens_with_an_overview_of_every_event(site, bases, open_context, label, viewport, options, scheme):
    context, watch = open_context(viewport=viewport, color_scheme=scheme, **options)
    page = context.new_page()
    goto(page, bases["root"] + "timeline/")
    chart = page.locator("article svg.bf-overview-chart")
    assert chart.is_visible()
    events = page.locator("li.bf-event")
    marks = chart.locator("a")
    assert marks.count() == events.count() == len(_model(site).timeline.events)
    assert chart.locator("title").first.text_content() and chart.locator("desc").first.text_content()
    assert chart.bounding_box()["y"] < events.first.bounding_box()["y"], "the overview comes above the list"
    _no_page_scroll(page)
    box = page.locator(".bf-overview-scroll")
    inner, outer = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
    if label == "desktop":
        assert inner <= outer + 1, "at 1280 px the whole axis fits"
    else:
        assert chart.bounding_box()["width"] >= 500, "on a phone the chart keeps a readable size and scrolls in its box"
    ticks = chart.locator("text.bf-ov-tick")
    assert ticks.first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") * \
        chart.bounding_box()["width"] / float(chart.get_attribute("width")) >= 10, "year labels too small to read"
    _shot(page, f"timeline-overview-{label}-{scheme}")
    assert watch.problems() == [], "\n".join(watch.problems())


def test_a_mark_leads_to_its_event_in_the_compact_list(site, bases, open_context):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, bases["sub"] + "timeline/")
    last = page.locator("svg.bf-overview-chart a").last
    target = last.get_attribute("href")
    last.click()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    event = page.locator(":target")
    assert "bf-event" in event.get_attribute("class")
    box = event.bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"], box
    heights = page.eval_on_selector_all("li.bf-event", "els => els.map(e => e.getBoundingClientRect().height)")
    assert sorted(heights)[len(heights) // 2] < 160, f"the list is not compact: median event {sorted(heights)[len(heights) // 2]} px"
    assert watch.problems() == [], "\n".join(watch.problems())


def test_without_javascript_every_event_shows_and_with_it_a_filter_narrows_the_list(site, bases, open_context):
    context, _ = open_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    goto(page, bases["root"] + "timeline/")
    total = page.locator("li.bf-event").count()
    assert page.locator("li.bf-event:visible").count() == total
    assert not page.locator("form.bf-filter").is_visible()

    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, bases["root"] + "timeline/")
    select = page.locator("form.bf-filter select")
    assert select.is_visible()
    option = select.locator("option[value^='theme:']").first
    value = option.get_attribute("value")
    theme_id = value.split(":", 1)[1]
    expected = page.eval_on_selector_all("li.bf-event", f"els => els.filter(e => e.dataset.themes.split(' ').includes({theme_id!r})).map(e => e.id)")
    select.select_option(value)
    shown = page.eval_on_selector_all("li.bf-event:not([hidden])", "els => els.map(e => e.id)")
    assert shown == expected and 0 < len(shown) <= total
    lit = page.eval_on_selector_all("svg.bf-overview-chart a:not(.bf-ov-dim)", "els => els.map(a => a.dataset.event)")
    assert lit == expected
    select.select_option("")
    assert page.locator("li.bf-event:not([hidden])").count() == total
    assert watch.problems() == [], "\n".join(watch.problems())


def _theme_with_events(site) -> str:
    for page in sorted((site["dir"] / "themes").glob("*/index.html")):
        if 'id="on-the-timeline"' in page.read_text(encoding="utf-8"):
            return f"themes/{page.parent.name}/"
    pytest.fail("no theme page shows its own events on the timeline")


@pytest.mark.parametrize("label, viewport, options", VIEWS)
def test_a_theme_page_shows_the_overview_of_its_own_events(site, bases, open_context, label, viewport, options):
    context, watch = open_context(viewport=viewport, **options)
    page = context.new_page()
    goto(page, bases["sub"] + _theme_with_events(site))
    chart = page.locator("#on-the-timeline ~ figure svg.bf-overview-chart").first
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    _no_page_scroll(page)
    _shot(page, f"theme-overview-{label}")
    href = chart.locator("a").first.get_attribute("href")
    assert "timeline/#event-" in href
    chart.locator("a").first.click() if label == "desktop" else page.goto(page.url.split("#")[0] + href)
    page.wait_for_url(re.compile(r".*/timeline/#event-.+"))
    assert "bf-event" in page.locator(":target").get_attribute("class")
    assert watch.problems() == [], "\n".join(watch.problems())


@pytest.mark.parametrize("label, viewport, options", VIEWS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_source_page_opens_with_a_compact_card_then_the_summary(site, bases, open_context, label, viewport, options,
                                                                    scheme):
    context, watch = open_context(viewport=viewport, color_scheme=scheme, **options)
    page = context.new_page()
    goto(page, bases["root"] + site["pages"]["source"])
    card = page.locator(".bf-source-card")
    h1 = page.locator("article h1").bounding_box()
    summary = page.locator("article h2#summary").bounding_box()
    gap = summary["y"] - (h1["y"] + h1["height"])
    assert gap < (320 if label == "desktop" else 480), f"{gap:.0f} px of metadata before the summary"
    assert card.locator("code.bf-hash").inner_text().strip().isalnum()
    details = card.locator("details")
    if details.count():
        reasoning = details.locator(".bf-inferred")
        assert not reasoning.is_visible()
        details.locator("summary").click()
        assert reasoning.is_visible()
    _no_page_scroll(page)
    _shot(page, f"source-card-{label}-{scheme}")
    assert watch.problems() == [], "\n".join(watch.problems())


def test_entity_links_are_quiet_beside_citations(site, bases, open_context):
    context, watch = open_context(viewport=DESKTOP)
    page = context.new_page()
    goto(page, bases["root"] + site["pages"]["theme"])
    entity = page.locator("article a.bf-entity").first
    style = entity.evaluate("""a => { const s = getComputedStyle(a), p = getComputedStyle(a.parentElement);
        return {color: s.color, text: p.color, line: s.textDecorationLine, kind: s.textDecorationStyle} }""")
    cite = page.locator("article a.bf-cite").first.evaluate("a => getComputedStyle(a).color")
    assert style["color"] == style["text"] and style["color"] != cite, style
    assert style["line"] == "underline" and style["kind"] == "dotted", style
    names = page.eval_on_selector_all("article a.bf-entity", "els => els.map(a => a.getAttribute('href'))")
    assert len(names) == len(set(names)), "an entity is linked more than once on the page"
    assert watch.problems() == [], "\n".join(watch.problems())


# -- the whole briefing as one document ------------------------------------------------------------


@pytest.mark.parametrize("where", ["root", "sub"])
def test_every_page_offers_the_printable_briefing_in_its_header(site, bases, open_context, where):
    context, watch = open_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    goto(page, bases[where] + site["pages"]["source"])
    link = page.locator("header a.bf-print-link")
    assert link.is_visible() and link.get_attribute("aria-label") == "Print or save as PDF"
    link.click()
    page.wait_for_url(bases[where] + "print/")
    assert page.locator("article h1").inner_text().strip().rstrip("¶").strip() == _model(site).briefing.title
    _no_page_scroll(page)
    assert watch.problems() == [], "\n".join(watch.problems())


@pytest.fixture(scope="module")
def printed(site, bases, browser):
    """The printable briefing printed by Chromium to A4 PDF, and its text page by page."""
    pypdf = pytest.importorskip("pypdf", reason="pip install -e '.[test]'")
    page = browser.new_page(viewport=DESKTOP)
    goto(page, bases["root"] + "print/")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    page.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "whole-briefing.pdf").write_bytes(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(p.extract_text().split()) for p in reader.pages]


def test_the_printed_briefing_holds_every_part_on_a_sane_number_of_pages(site, printed):
    model = _model(site)
    text = " ".join(printed)
    words = len(text.split())
    # the pages run on (no part starts a page of its own), so no page but the last is left mostly white
    assert len(printed) <= 2 + words / 250, f"{len(printed)} pages for {words} words"
    sparse = [number for number, text in enumerate(printed[:-1], start=1) if len(text.split()) < 100]
    assert sparse == [], f"pages {sparse} of {len(printed)} are mostly white"
    parts = ["Key judgements", *(t.title for t in model.themes_in_order()), "Timeline", "References"]
    if model.discrepancies.discrepancies:
        parts += ["Where the sources disagree", *(d.question for d in model.discrepancies.discrepancies)]
    missing = [p for p in parts if " ".join(p.split()) not in text]
    assert missing == []


def test_every_printed_page_carries_its_number_the_as_of_date_and_the_title(site, printed):
    model = _model(site)
    for number, text in enumerate(printed, start=1):
        assert f"Page {number} of {len(printed)}" in text, (number, text[:200])
        assert f"as of {model.briefing.as_of.display}" in text, (number, text[:200])


def test_no_chart_is_split_across_pages_or_clipped(site, printed, bases, browser):
    """Each chart's caption, labels and axis ticks are printed on one page, its last tick included."""
    page = browser.new_page(viewport=DESKTOP)
    goto(page, bases["root"] + "print/")
    charts = page.eval_on_selector_all("figure.bf-chart-figure, figure.bf-overview", """figs => figs.map(f => ({
        words: [...f.querySelectorAll('svg text')].map(t => t.textContent.trim()).filter(Boolean),
        caption: (f.querySelector('figcaption') || {}).textContent || ''}))""")
    page.close()
    assert charts, "the printed briefing draws no chart"
    for chart in charts:
        ticks = [w for w in chart["words"] if re.fullmatch(r"[\d,.]+", w)]
        assert ticks, chart
        pages = [i for i, text in enumerate(printed) if all(t in text for t in ticks)]
        assert pages, f"a chart's axis is not printed whole: {ticks}"
        caption = " ".join(chart["caption"].split())[:40]
        assert any(caption in printed[i] for i in pages), f"a chart and its caption are on different pages: {caption}"


def test_printing_with_the_briefing_pdf_command_writes_a_pdf(tmp_path):
    import subprocess
    import sys

    pypdf = pytest.importorskip("pypdf")
    from showcase import make_showcase

    project = make_showcase(tmp_path / "proj")
    result = subprocess.run([sys.executable, "-m", "builder.editor.cli", "pdf", "--output", "out/briefing.pdf"],
                            cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(str(project.root / "out" / "briefing.pdf"))
    assert f"({len(reader.pages)} page" in result.stdout
    first = " ".join(reader.pages[0].extract_text().split())
    assert load.load(project.root).briefing.title in first and f"Page 1 of {len(reader.pages)}" in first
    assert not list(project.root.glob(".pdf-*")), "the temporary site was left behind"
