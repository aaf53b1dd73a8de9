"""A second process for work that is per page: a forked copy of this one, talking back through a pipe.

The build forks once everything is worked out (the model, every page's context,
MkDocs' files and navigation), so the copy starts with all of it and no data is
sent to it. What comes back is small: which pages it has written, its log
records, the anchors each page holds. Messages are pickled, each prefixed
by its length.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import struct
import traceback
from typing import Any, TypeVar
from collections.abc import Callable, Iterator

_LENGTH = struct.Struct("!Q")
_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


def available() -> bool:
    """Whether this system can fork (not Windows)."""
    return hasattr(os, "fork")


class Channel:
    """The forked process's end: `send` a message to the process that forked it."""

    def __init__(self, fd: int):
        self._fd = fd

    def send(self, message: Any) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(_LENGTH.pack(len(data)) + data)
        while view:
            view = view[os.write(self._fd, view):]


class WorkerFailed(RuntimeError):
    """The forked process raised: the message is its traceback."""


class Worker:
    """Run `task(channel)` in a forked copy of this process; read what it sends with `poll` or `messages`."""

    def __init__(self, task: Callable[[Channel], None], before: Callable[[], None] | None = None):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy
            os.close(read)
            channel = Channel(write)
            code = 0
            try:
                if before is not None:
                    before()
                task(channel)
            except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent, as text
                code = 1
                try:
                    channel.send(("failed", type(exc).__name__, str(exc),
                                  "".join(traceback.format_exception(exc))))
                except OSError:
                    pass
            finally:
                os._exit(code)  # no atexit handlers, no flushing of the parent's buffers twice
        os.close(write)
        self.pid = pid
        self._fd = read
        # Appended to in place: a result of tens of megabytes arrives in pieces of 64 KB (a pipe's), and
        # `bytes += piece` would copy all that came before at each piece (10 GB copied for 35 MB).
        self._buffer = bytearray()
        self._eof = False
        self.status: int | None = None

    def _read(self, timeout: float | None) -> bool:
        """Read what is there (waiting up to `timeout`); False at end of stream."""
        if self._eof:
            return False
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return True
        chunk = os.read(self._fd, 1 << 20)
        if not chunk:
            self._eof = True
            return False
        self._buffer += chunk
        return True

    def _messages_buffered(self) -> Iterator[Any]:
        while len(self._buffer) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(self._buffer)
            if len(self._buffer) < _LENGTH.size + size:
                return
            with memoryview(self._buffer) as view, view[_LENGTH.size:_LENGTH.size + size] as data:
                message = pickle.loads(data)
            del self._buffer[:_LENGTH.size + size]  # from a bytearray's front: CPython mostly moves its start
            yield message

    def poll(self) -> list[Any]:
        """The messages that have arrived so far, without waiting."""
        while self._read(0) and select.select([self._fd], [], [], 0)[0]:
            pass
        return list(self._messages_buffered())

    def next(self) -> Any | None:
        """The next message, waiting for it; None once the process has sent everything."""
        while True:
            for message in self._messages_buffered():
                return message
            if not self._read(None):
                return next(self._messages_buffered(), None)

    def wait(self) -> int:
        """Wait for the process to end; its exit status."""
        if self.status is None:
            _, status = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(status)
            os.close(self._fd)
        return self.status

    def kill(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            self.wait()


processes = 0
"""How many processes work may be shared between; 0 until set (by `briefing build --jobs`): one per core, up to 2."""


def allowed() -> int:
    if not available():
        return 1
    return processes or max(1, min(os.cpu_count() or 1, 2))


def in_halves(work: Callable[[list[_Item]], _Result], items: list[_Item], at_least: int = 200) -> list[_Result]:
    """`work` applied to the first half of `items` here and to the second half in a forked copy, at once.

    The results come back in the order of the halves, so whoever joins them gets what one call on
    every item would have given. Fewer than `at_least` items, or one process allowed: one call here.
    """
    if len(items) < at_least or allowed() < 2:
        return [work(items)]
    half = (len(items) + 1) // 2
    worker = Worker(lambda channel: channel.send(("result", work(items[half:]))))
    try:
        first = work(items[:half])
        message = worker.next()
        if message is None or message[0] == "failed":
            detail = message[3] if message else "it ended without a result"
            raise WorkerFailed(f"a forked process failed:\n{detail}")
        worker.wait()
        return [first, message[1]]
    finally:
        worker.kill()


_building: list[bool] = []
"""While one_build runs: whether the collector was running before it (one item)."""


@contextlib.contextmanager
def one_build() -> Iterator[None]:
    """A build that ends with this process (`briefing build`, `briefing check`): Python's cyclic garbage
    collector is put aside while the briefing is read, checked and worked out (see briefing_prepared).

    Nearly everything made until then lasts until the build ends (the model, its checks, every page's
    context), and a full collection goes through every object there is: working 5000 sources out made 19 of
    them, 5.3 of its 18 CPU-seconds (1000 sources: 6, 0.29 s; 18 times as much for 5 times the briefing). The
    garbage left meanwhile is a few thousand objects. Once the build is over the collector is as it was,
    nothing frozen (a test may build many times in one process)."""
    collecting = gc.isenabled()
    gc.disable()
    _building[:] = [collecting]
    try:
        yield
    finally:
        _building.clear()
        gc.unfreeze()
        if collecting:
            gc.enable()
        else:
            gc.disable()


def briefing_prepared() -> None:
    """In one_build, once the briefing is worked out (and again before forking): what was made so far is
    frozen (gc.freeze), left out of every later collection, and a forked copy does not write to it, so
    shares its memory; the collector runs again, as it did before, for the garbage rendering the pages
    leaves. Elsewhere (the preview, which keeps running and makes a new site at each save) nothing changes."""
    if _building:
        gc.freeze()
        if _building[0]:
            gc.enable()
