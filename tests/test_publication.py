"""Who publishes a briefing, who writes it, how to reach them and its licence (briefing.yaml):
optional, checked, written by `briefing init`, and shown in print, the feed, the data and every page's footer."""

from __future__ import annotations

import json
import subprocess
import sys

from builder.pages import prepare as build
from builder.model import load
from builder.model import settings
from conftest import REPO, edit, line_of
from support import PUBLICATION



def _with_publication(project, text: str = PUBLICATION) -> None:
    edit(project, "content/briefing.yaml", "key_judgements:\n", text + "key_judgements:\n")


def test_a_briefing_without_them_still_loads_and_names_no_one(project):
    briefing = load.load(project.root).briefing
    assert (briefing.publisher, briefing.authors, briefing.contact, briefing.licence) == (None, (), None, None)
    assert project.problems() == []
    texts = build.prepare(settings.read(project.root)).texts
    assert "bf-publication" not in texts["print.md"]
    assert "<rights>" not in texts["feed.xml"] and "<author>" not in texts["feed.xml"].split("<entry>")[0]


def test_they_load_and_show_in_print_the_feed_and_the_data(project):
    _with_publication(project)
    assert project.problems() == []
    briefing = load.load(project.root).briefing
    assert briefing.publisher.name == "Example Policy Desk" and [a.name for a in briefing.authors] == [
        "Ann Example", "Bo Sample"]
    texts = build.prepare(settings.read(project.root)).texts
    printed = texts["print.md"]
    assert ('Published by <a href="https://desk.example.org/">Example Policy Desk</a> · By Ann Example (editor) '
            'and Bo Sample · Contact: <a href="mailto:briefing@desk.example.org">briefing@desk.example.org</a> · '
            'Licence: <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>') in printed
    head = texts["feed.xml"].split("<entry>")[0]
    assert "<author><name>Ann Example</name></author>" in head and "<author><name>Bo Sample</name></author>" in head
    assert "<rights>CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)</rights>" in head
    data = json.loads(texts["briefing.json"])["briefing"]
    assert data["publisher"] == {"name": "Example Policy Desk", "url": "https://desk.example.org/"}
    assert data["contact"] == "briefing@desk.example.org" and data["licence"]["name"] == "CC BY 4.0"


def test_every_page_names_them_in_its_footer_and_metadata(project):
    _with_publication(project)
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "sources/example-talks/index.html", "print/index.html"):
        html = (project.root / "site" / page).read_text(encoding="utf-8")
        footer = html[html.index('<div class="md-copyright">'):]
        assert 'Published by <a href="https://desk.example.org/" rel="noopener">Example Policy Desk</a>' in footer
        assert '<span class="bf-authors">By Ann Example (editor) and Bo Sample</span>' in footer
        assert 'Contact: <a href="mailto:briefing@desk.example.org">' in footer and "Licence:" in footer
        assert '<meta name="author" content="Ann Example and Bo Sample">' in html
        assert '<meta name="dcterms.license" content="https://creativecommons.org/licenses/by/4.0/">' in html
        assert 'rel="license noopener">CC BY 4.0</a>' in footer
        assert '<meta name="dcterms.publisher" content="Example Policy Desk">' in html


def test_markup_in_a_name_is_shown_as_text_in_the_footer(project):
    _with_publication(project, 'publisher:\n  name: "<b>Desk</b> & Co"\n')
    result = project.briefing("build")
    assert result.returncode == 0, result.stderr
    html = (project.root / "site" / "index.html").read_text(encoding="utf-8")
    assert "Published by &lt;b&gt;Desk&lt;/b&gt; &amp; Co" in html and "<b>Desk</b>" not in html


def test_addresses_that_readers_could_not_follow_are_refused_at_their_line(project):
    _with_publication(project, PUBLICATION.replace("https://desk.example.org/", "desk.example.org")
                      .replace("briefing@desk.example.org", "write to us")
                      .replace("  - name: Bo Sample\n", "  - name: Bo Sample\n    url: bo.example.org\n")
                      .replace("https://creativecommons.org/licenses/by/4.0/", "creativecommons.org"))
    problems = project.problems()  # in the order of their lines

    def line(text: str) -> int:
        return line_of(project, "content/briefing.yaml", text)

    assert problems == [
        f"content/briefing.yaml:{line('url: desk.example.org')}: 'publisher.url' must be a web address starting "
        "http:// or https://, not 'desk.example.org' (leave it out when there is no address)",
        f"content/briefing.yaml:{line('url: bo.example.org')}: 'authors[2].url' must be a web address starting "
        "http:// or https://, not 'bo.example.org' (leave it out when there is no address)",
        f"content/briefing.yaml:{line('contact: write to us')}: 'contact' must be an e-mail address "
        "(name@example.org) or a web address starting http:// or https://, not 'write to us'",
        f"content/briefing.yaml:{line('url: creativecommons.org')}: 'licence.url' must be a web address starting "
        "http:// or https://, not 'creativecommons.org' (leave it out when there is no address)",
    ]


def test_a_web_address_is_a_contact_too(project):
    _with_publication(project, "contact: https://desk.example.org/contact\n")
    assert project.problems() == []
    assert 'Contact: <a href="https://desk.example.org/contact">' in build.prepare(
        settings.read(project.root)).texts["print.md"]


def test_init_writes_them_commented_out_or_with_the_values_given(tmp_path):
    def init(folder, *options):
        return subprocess.run([sys.executable, "-m", "builder.editor.cli", "init", str(tmp_path / folder), "--title", "T",
                               "--as-of", "2025-01-01", *options], capture_output=True, text=True,
                              env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})

    assert init("plain").returncode == 0
    text = (tmp_path / "plain" / "content" / "briefing.yaml").read_text(encoding="utf-8")
    for commented in ("# publisher:", "# authors:", "# contact:", "# licence:"):
        assert commented in text
    assert load.load(tmp_path / "plain").briefing.publisher is None

    given = init("given", "--publisher", "Desk: West", "--author", "Ann Example", "--author", "Bo Sample",
                 "--contact", "desk@example.org", "--licence", "CC BY 4.0")
    assert given.returncode == 0, given.stderr
    briefing = load.load(tmp_path / "given").briefing
    assert briefing.publisher.name == "Desk: West" and briefing.contact == "desk@example.org"
    assert [a.name for a in briefing.authors] == ["Ann Example", "Bo Sample"] and briefing.licence.name == "CC BY 4.0"

    refused = init("bad", "--contact", "nobody")
    assert refused.returncode != 0 and "--contact must be an e-mail address" in refused.stderr
    assert not (tmp_path / "bad").exists()
