"""A briefing built in German and in Arabic, as readers get it: Material's frame, the scripts' words, search in the
language, and the Arabic site right to left in a browser (screenshots in test-artifacts/ for people to look at).

The catalogues themselves and the pages before MkDocs are tested in tests/test_languages.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, write_lock
from support import serving, write_sample

pytestmark = pytest.mark.slow  # builds sites and runs a browser: `make test` only

CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")  # Debian's; never a downloaded build
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync"]
ARTIFACTS = REPO / "test-artifacts"


def _built(root: Path, code: str) -> Path:
    write_sample(root, code)
    write_lock(root)
    done = subprocess.run([sys.executable, "-m", "builder.editor.cli", "build"], cwd=root, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    return root / "site"


@pytest.fixture(scope="module")
def arabic(tmp_path_factory) -> Path:
    return _built(tmp_path_factory.mktemp("ar") / "project", "ar")


@pytest.fixture(scope="module")
def german(tmp_path_factory) -> Path:
    return _built(tmp_path_factory.mktemp("de") / "project", "de")


def _html(site: Path, url: str = "") -> str:
    return (site / url / "index.html").read_text(encoding="utf-8") if not url.endswith(".html") \
        else (site / url).read_text(encoding="utf-8")


def _messages(html: str) -> dict:
    return json.loads(re.search(r'<script id="bf-messages" type="application/json">(.*?)</script>', html, re.S).group(1))


def test_the_arabic_site_is_right_to_left_in_arabic_words_and_searched_in_arabic(arabic):
    home = _html(arabic)
    assert '<html lang="ar"' in home and '<body dir="rtl"' in home
    assert 'title="طباعة أو حفظ بصيغة PDF"' in home  # the header's print button
    assert "نشرها مرصد المثال" in home and "الترخيص: CC BY 4.0" in home  # the footer
    assert "التبديل إلى الوضع الداكن" in home  # the palette's toggle
    messages = _messages(home)
    assert sorted(messages["events"]) == ["few", "many", "one", "other", "two", "zero"]
    assert messages["noResults"] == "لا صفحات مطابقة" and messages["backToPrevious"] == "العودة إلى الصفحة السابقة"
    assert "<h1>404 - الصفحة غير موجودة</h1>" in _html(arabic, "404.html")
    entry = json.loads((arabic / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["ar"]


def test_the_german_site_is_in_german_and_searched_in_german(german):
    home = _html(german)
    assert '<html lang="de"' in home and '<body dir="ltr"' in home
    assert "Herausgegeben von Beispiel-Observatorium" in home and "Lizenz: CC BY 4.0" in home
    assert _messages(home)["results"] == {"one": "%(num)s passende Seite", "other": "%(num)s passende Seiten"}
    entry = json.loads((german / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["de"]
    assert "Seite nicht gefunden" in _html(german, "404.html")
    # Quotation marks and screen readers' cues in German, in every page's head for screen and print alike
    style = re.search(r"<style>(.*?)</style>", home, re.S).group(1)
    assert 'q.bf-marks-double { quotes: "„" "“" "‚" "‘"; }' in style and '"Seite " counter(page)' not in style


# -- in a browser -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; never `playwright install`)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield chromium
        chromium.close()


def _page(browser, url: str, width: int = 1280, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def test_arabic_pages_read_right_to_left_in_a_browser_charts_and_timeline_included(arabic, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    with serving(arabic) as base:
        page = _page(browser, f"{base}/timeline/")
        # The list: each event's dot stands on the line at the right of its text.
        dot, text = page.evaluate("""() => {
            const event = document.querySelector('li.bf-event');
            const dot = getComputedStyle(event, '::before');
            const box = event.getBoundingClientRect();
            const text = event.querySelector('.bf-event-text').getBoundingClientRect();
            return [box.right - parseFloat(dot.insetInlineStart || dot.right), text.right];
        }""")
        assert dot >= text, (dot, text)
        # The overview: time runs right to left, and each mark's words start at its mark and run leftwards.
        marks = page.eval_on_selector_all(".bf-overview-chart .bf-ov-mark", """ms => ms.map(m => {
            const r = m.getBoundingClientRect(); return [r.left, r.right]; })""")
        assert len(marks) == 2 and marks[0][0] > marks[1][1], marks  # autumn 2024 to the right of February 2025
        words = page.eval_on_selector_all(".bf-overview-chart .bf-ov-label", """ls => ls.map(l => {
            const r = l.getBoundingClientRect(); return [r.left, r.right]; })""")
        assert all(right <= mark[0] + 1 for (_, right), mark in zip(words, marks, strict=True)), (words, marks)
        page.screenshot(path=str(ARTIFACTS / "arabic-timeline-1280.png"), full_page=True)
        # The figures' chart: the axis grows leftwards, and nothing is drawn outside the chart.
        page = _page(browser, f"{base}/discrepancies/")
        ticks = page.eval_on_selector_all(".bf-chart .bf-chart-tick", """ts => ts.map(t => [t.textContent,
            t.getBoundingClientRect().left, t.getBoundingClientRect().right])""")
        zero = next(t for t in ticks if t[0] == "0")
        assert all(zero[1] >= t[1] for t in ticks), ticks
        chart = page.locator(".bf-chart").bounding_box()
        labels = page.eval_on_selector_all(".bf-chart .bf-chart-label", """ls => ls.map(l => {
            const r = l.getBoundingClientRect(); return [r.left, r.right]; })""")
        assert all(chart["x"] - 1 <= left and right <= chart["x"] + chart["width"] + 1 for left, right in labels), labels
        page.screenshot(path=str(ARTIFACTS / "arabic-discrepancies-1280.png"), full_page=True)
        page = _page(browser, f"{base}/")
        title = page.locator("article h1").bounding_box()
        article = page.locator("article").bounding_box()
        assert title["x"] + title["width"] > article["x"] + article["width"] - 40  # headings start at the right
        page.screenshot(path=str(ARTIFACTS / "arabic-home-1280.png"), full_page=True)
        # On a phone the overview's box opens at the latest events, which are at its left end.
        page = _page(browser, f"{base}/timeline/", 375, 740)
        latest = page.eval_on_selector_all(".bf-overview-chart .bf-ov-mark", "ms => ms[ms.length - 1].getBoundingClientRect().left")
        assert 0 <= latest <= 375, latest
        page.screenshot(path=str(ARTIFACTS / "arabic-timeline-375.png"), full_page=True)


def test_search_answers_in_arabic(arabic, browser):
    with serving(arabic) as base:
        page = _page(browser, f"{base}/")
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("الجسر", delay=20)
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
        meta = page.locator(".md-search-result__meta").inner_text()
        assert re.search(r"صفح|مطابق", meta), meta
        kinds = page.eval_on_selector_all(".bf-result-kind", "ks => ks.map(k => k.textContent)")
        assert kinds and set(kinds) <= {"الإحاطة", "المحاور", "محور", "المصادر", "مصدر", "التسلسل الزمني", "التباينات",
                                        "الأسماء", "توثيق المصادر", "المنهجية", "التغييرات",
                                        "شخص", "منظمة", "مكان", "جماعة"}, kinds  # an entity's page says what it is
