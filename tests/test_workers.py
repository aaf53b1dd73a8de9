"""Work shared with a forked copy of the process (builder/model/workers.py): what it sends comes back whole."""

from __future__ import annotations

import time

import pytest

from builder.model import workers

pytestmark = pytest.mark.skipif(not workers.available(), reason="this system cannot fork")


def _sizes_sent(sizes: list[int]) -> list[str]:
    return [chr(ord("a") + n % 26) * size for n, size in enumerate(sizes)]


def test_messages_of_any_size_arrive_whole_and_in_the_order_they_were_sent():
    # A pipe hands over at most 64 KB at a time: the large ones arrive in many pieces, the small ones several
    # to a piece.
    sizes = [1, 5_000_000, 0, 3, 200_000, 65_536, 65_535, 12_000_000, 7]
    sent = _sizes_sent(sizes)
    worker = workers.Worker(lambda channel: [channel.send(("part", text)) for text in sent])
    received = []
    while (message := worker.next()) is not None:
        received.append(message[1])
    assert worker.wait() == 0
    assert [len(text) for text in received] == sizes
    assert received == sent


def test_messages_taken_as_they_arrive_are_the_messages_sent():
    sent = _sizes_sent([300_000, 10, 2_000_000, 1])
    worker = workers.Worker(lambda channel: [channel.send(text) for text in sent])
    received: list[str] = []
    give_up = time.monotonic() + 60  # not a measure: a guard against a copy that never sends them all
    while len(received) < len(sent) and time.monotonic() < give_up:
        received += worker.poll()
    assert worker.wait() == 0
    assert received == sent


def test_half_the_work_done_by_a_forked_copy_gives_what_one_call_gives(monkeypatch):
    monkeypatch.setattr(workers, "processes", 2)
    items = list(range(400))

    def work(part: list[int]) -> list[str]:
        return [f"{n}:" + "x" * (n * 97 % 50_000) for n in part]  # about 10 MB in all

    halves = workers.in_halves(work, items)
    assert len(halves) == 2, "the work was not shared"
    assert halves[0] + halves[1] == work(items)


def test_a_forked_half_that_raises_fails_the_call_with_its_traceback(monkeypatch):
    monkeypatch.setattr(workers, "processes", 2)

    def work(part: list[int]) -> list[int]:
        if part[0] >= 200:
            raise ValueError("the second half is bad")
        return part

    with pytest.raises(workers.WorkerFailed, match="ValueError: the second half is bad"):
        workers.in_halves(work, list(range(400)))
