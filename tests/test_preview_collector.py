"""The preview keeps Python's cyclic garbage collector from running during a save, and collects once it rests."""

from __future__ import annotations

import gc
import threading
import time

import pytest

from builder.publish import preview


@pytest.fixture
def collector():
    was_on = gc.isenabled()
    gc.enable()
    made = preview._Collector(idle=0.05)
    yield made
    made.release_now()
    if was_on:
        gc.enable()
    else:
        gc.disable()


def _until(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_the_collector_is_off_during_a_save_and_on_again_once_the_preview_rests(collector):
    collector.hold()
    assert not gc.isenabled()
    collector.release_when_idle()
    assert not gc.isenabled()  # not at once: the preview has not rested yet
    assert _until(gc.isenabled)


def test_a_save_before_the_preview_rests_puts_the_collection_off(collector):
    collector.hold()
    collector.release_when_idle()
    collector.hold()  # the next save, at once
    time.sleep(0.2)
    assert not gc.isenabled(), "the collector came on again during the second save"
    collector.release_when_idle()
    assert _until(gc.isenabled)


def test_the_collection_waits_for_the_saves_data_files(collector):
    data_files_written = threading.Event()
    writing = threading.Thread(target=data_files_written.wait, args=(5,))
    writing.start()
    collector.hold()
    collector.release_when_idle(after=writing)
    time.sleep(0.2)
    assert not gc.isenabled(), "the collector came on while the data files were being written"
    data_files_written.set()
    assert _until(gc.isenabled)


def test_saves_without_rest_collect_every_so_often(collector):
    collections = []

    def count(phase: str, info: dict) -> None:
        if phase == "stop":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        for _ in range(preview.MOST_SAVES_UNCOLLECTED):
            collector.hold()
        assert collections == [] and not gc.isenabled()
        collector.hold()
        assert collections == [1] and not gc.isenabled()
    finally:
        gc.callbacks.remove(count)


def test_a_collector_turned_off_elsewhere_stays_off(collector):
    gc.disable()
    collector.hold()
    collector.release_when_idle()
    time.sleep(0.2)
    assert not gc.isenabled()
    collector.release_now()
    assert not gc.isenabled()
