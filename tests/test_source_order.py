"""The sources page lists sources newest first, and a vague date is never ranked as newer than it can be."""

from support import second_source

from builder.model import load
from builder.pages.site import sources_newest_first


def _order(project, second_date: str) -> list[str]:
    second_source(project)
    path = project.root / "content/sources/second-report.yaml"
    path.write_text(path.read_text().replace('date: "2025-02"', f'date: "{second_date}"'))
    return [source.id for source in sources_newest_first(load.load(project.root))]


def test_a_year_only_date_is_listed_after_the_dated_sources_of_that_year(project):
    # example-talks is dated February 2025: "2025" may be earlier, so it is not listed as the newer one
    assert _order(project, "2025") == ["example-talks", "second-report"]


def test_an_exact_day_is_listed_above_the_month_it_falls_in(project):
    assert _order(project, "2025-02-17") == ["second-report", "example-talks"]


def test_a_later_year_still_comes_first(project):
    assert _order(project, "2026") == ["second-report", "example-talks"]
