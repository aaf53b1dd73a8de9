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


def test_an_index_left_alone_is_written(tmp_path, thread_errors):
    site = _site(tmp_path / "site", pages=20)
    background = preview._Background()
    background.start(str(site))
    assert background._thread is not None
    background._thread.join(timeout=60)
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert thread_errors == []
