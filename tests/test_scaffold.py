"""`briefing new source`: a new article becomes a working source file in one command."""

from __future__ import annotations


import jsonschema
import pytest
import yaml

from builder.editor import cli
from builder.model import items as m
from builder.editor import scaffold
from builder.model import schema

from conftest import ARTICLE

TEXT = "Crumbs › World\n\nBig News Today\nShare\nThe council voted on Tuesday to close the old bridge for repairs. It reopens in May.\n"


def new_source(project, *args: str) -> int:
    return cli.main(["--project", str(project.root), "new", "source", *args])


@pytest.fixture
def article(project):
    path = project.root / "incoming" / "bridge-news.txt"
    path.parent.mkdir()
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def test_new_source_archives_the_text_and_writes_a_skeleton_that_checks(project, article, capsys):
    assert new_source(project, "bridge-news", "--from", str(article), "--url", "https://example.org/news/1") == 0
    out = capsys.readouterr().out
    assert "archive/bridge-news.txt" in out and "content/sources/bridge-news.yaml" in out
    assert (project.root / "archive/bridge-news.txt").read_bytes() == article.read_bytes()

    text = project.read("content/sources/bridge-news.yaml")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/source.schema.json"
    data = yaml.safe_load(text)
    assert data["title"] == "Crumbs › World"  # the first non-empty line, for the editor to correct
    assert data["url"] == "https://example.org/news/1"
    assert data["archive"] == "bridge-news.txt"
    assert data["published"] == {"date": "unknown", "inferred": data["published"]["inferred"]}
    assert data["published"]["inferred"].startswith("TODO")
    assert data["claims"][0]["quote"] == "The council voted on Tuesday to close the old bridge for repairs."

    assert project.briefing("lock").returncode == 0
    result = project.briefing("check")
    assert result.returncode == 0, result.stderr
    assert "2 sources" in result.stdout


def test_url_is_null_when_not_given(project, article):
    assert new_source(project, "bridge-news", "--from", str(article)) == 0
    assert yaml.safe_load(project.read("content/sources/bridge-news.yaml"))["url"] is None


def _fields_of(cls: type) -> set[str]:
    return {f.name for f, _ in m.editable_fields(cls)}


def test_skeleton_has_every_field_of_the_model_each_with_its_help_as_a_comment():
    text = scaffold.source_skeleton("x", ARTICLE, "x.txt", None, "# modeline", "archive/x.txt")
    data = yaml.safe_load(text)
    assert set(data) == _fields_of(m.Source)
    assert set(data["published"]) == _fields_of(m.Published)
    assert set(data["reliability"]) == _fields_of(m.SourceReliability)
    assert set(data["claims"][0]) == _fields_of(m.Claim)
    for cls in (m.Source, m.Published, m.SourceReliability, m.Claim):
        for field, _ in m.editable_fields(cls):
            assert field.metadata["help"] in text, f"{cls.__name__}.{field.name} has no comment"
    assert "One of: news-report, analysis, wire-copy, think-tank-commentary, opinion, other." in text
    # Editors read top to bottom: who and when first, the claims last.
    assert list(data)[:3] == ["title", "outlet", "author"] and list(data)[-1] == "claims"


def test_skeleton_validates_against_the_source_schema():
    text = scaffold.source_skeleton("x", ARTICLE, "x.txt", "https://example.org/a?b=1#c", "# m", "a/x.txt")
    kind = schema.kind_of("sources/x.yaml")
    jsonschema.validate(yaml.safe_load(text), schema.generate(kind))


@pytest.mark.parametrize("title", ['He said: "no"', "#hashtag news", "- dash first", "yes", "2025", "a: b"])
def test_awkward_titles_read_back_unchanged(title):
    text = scaffold.source_skeleton("x", f"{title}\nBody text of the article goes on for a while here.", "x.txt",
                                    None, "# m", "a/x.txt")
    assert yaml.safe_load(text)["title"] == title


def test_refuses_to_overwrite_an_existing_source_file(project, article, capsys):
    before = project.read("content/sources/example-talks.yaml")
    assert new_source(project, "example-talks", "--from", str(article)) == 1
    err = capsys.readouterr().err
    assert "content/sources/example-talks.yaml: already exists; nothing was written" in err
    assert "1 problem found." in err
    assert project.read("content/sources/example-talks.yaml") == before
    assert not (project.root / "archive/example-talks.txt").exists()


def test_refuses_to_overwrite_an_existing_archived_text(project, article, capsys):
    assert new_source(project, "article", "--from", str(article)) == 1
    assert "archive/article.txt: already exists" in capsys.readouterr().err
    assert not (project.root / "content/sources/article.yaml").exists()
    assert project.read("archive/article.txt").startswith("Example Talks Make Progress")


@pytest.mark.parametrize("bad_id, problem", [
    ("Bridge_News", "is not a valid id"),
    ("bridge--news", "is not a valid id"),
    ("index", "is reserved"),
    ("b" * 65, "is longer than 64 characters"),
])
def test_refuses_an_id_that_is_not_a_slug(project, article, capsys, bad_id, problem):
    assert new_source(project, bad_id, "--from", str(article)) == 1
    assert f"source id '{bad_id}' {problem}" in capsys.readouterr().err
    assert sorted(p.name for p in (project.root / "content/sources").iterdir()) == ["example-talks.yaml"]


def test_missing_or_unreadable_text_file_is_reported_without_a_traceback(project, capsys):
    assert new_source(project, "x", "--from", str(project.root / "nope.txt")) == 1
    assert "nope.txt: file not found" in capsys.readouterr().err
    latin = project.root / "latin.txt"
    latin.write_bytes("Caf\xe9 news\n".encode("latin-1"))
    assert new_source(project, "x", "--from", str(latin)) == 1
    assert "latin.txt: file is not UTF-8 text" in capsys.readouterr().err
    empty = project.root / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    assert new_source(project, "x", "--from", str(empty)) == 1
    assert "empty.txt: file is empty" in capsys.readouterr().err


def test_a_url_that_is_not_a_web_address_is_refused(project, article, capsys):
    assert new_source(project, "x", "--from", str(article), "--url", "example.org") == 1
    assert "--url 'example.org' must be a web address" in capsys.readouterr().err


def test_a_missing_archive_folder_is_reported_at_the_briefing_line(project, article, capsys):
    project.write("content/briefing.yaml", project.read("content/briefing.yaml").replace(
        "archive: archive", "archive: ../elsewhere"), dedent=False)
    assert new_source(project, "x", "--from", str(article)) == 1
    assert "content/briefing.yaml:4: archive folder ../elsewhere does not exist" in capsys.readouterr().err
    assert not (project.root / "content/sources/x.yaml").exists()


def test_the_command_is_reachable_as_users_type_it(project, article):
    result = project.briefing("new", "source", "bridge-news", "--from", str(article))
    assert result.returncode == 0, result.stderr
    assert "Created content/sources/bridge-news.yaml" in result.stdout


# -- choosing the title and the example quote ------------------------------

def test_title_skips_lines_without_letters():
    assert scaffold.title_of("×\n \nMayor Hosts Envoy\nBody.") == "Mayor Hosts Envoy"


def test_example_quote_is_the_first_sentence_of_the_first_prose_line():
    text = "Menu\nOct 25, 2025|12 MIN.\nShare:Facebook\n\nThe peninsula is at a crossroads today, say many. More follows.\n"
    assert scaffold.first_sentence(text) == "The peninsula is at a crossroads today, say many."


def test_example_quote_keeps_a_closing_quotation_mark_and_stays_verbatim():
    text = "Title\nThe minister said “we will finish the bridge in two years.” Then he left the hall.\n"
    sentence = scaffold.first_sentence(text)
    assert sentence == "The minister said “we will finish the bridge in two years.”"


def test_a_very_long_first_sentence_is_cut_at_a_word_and_remains_a_substring():
    line = " ".join(f"word{i}" for i in range(200)) + "."
    sentence = scaffold.first_sentence("Title\n" + line)
    assert len(sentence) <= scaffold.QUOTE_MAX and line.startswith(sentence) and not sentence.endswith(" ")
