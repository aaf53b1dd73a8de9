"""JSON written with sorted keys and one space of indentation, the same bytes on every build, fast.

briefing.json and the JSON blocks of pages hold the whole briefing: `json.dumps(indent=1)` uses the
standard library's slow pure-Python encoder whenever it indents, so this writes the same layout with
its C string encoder.
"""

from __future__ import annotations

import json
from typing import Any


def json_text(value: Any) -> str:
    """json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1), to the byte, several times faster.

    The standard library only uses its C encoder without indentation; this writes the same layout
    with the C string encoder (tests/test_render_cache.py compares the two on generated data).
    """
    out = _Pieces()
    _encode(value, out, "\n")
    return "".join([*out.done, *out])


class _Pieces(list):
    """The pieces written so far, joined into a chunk every CHUNK pieces: a large document (briefing.json is tens
    of megabytes at a few thousand sources) as millions of small strings would take seven times its size."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []


CHUNK = 65_536


_encode_string = json.encoder.encode_basestring  # the C function when the C accelerator is there
_float_repr = float.__repr__


def _encode(value: Any, out: _Pieces, newline: str) -> None:
    if isinstance(value, str):
        out.append(_encode_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(json.dumps(value))  # NaN, Infinity and the float's repr, as json writes them
    elif isinstance(value, dict):
        def key_and_value(pair: tuple, inner: str) -> None:
            out.append(_encode_string(_json_key(pair[0])))
            out.append(": ")
            _encode(pair[1], out, inner)

        # json sorts by the keys as they are
        _encode_items("{", "}", sorted(value.items(), key=_first), key_and_value, out, newline)
    elif isinstance(value, list | tuple):
        _encode_items("[", "]", value, lambda item, inner: _encode(item, out, inner), out, newline)
    else:
        out.append(json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1))  # raises as json does


def _encode_items(opening: str, closing: str, items, encode_one, out: _Pieces, newline: str) -> None:
    """A JSON object's or array's items, one per line one space further in, as json.dumps(indent=1) writes them."""
    if not items:
        out.append(opening + closing)
        return
    inner = newline + " "
    out.append(opening)
    for number, item in enumerate(items):
        out.append("," + inner if number else inner)
        encode_one(item, inner)
        if len(out) > CHUNK:
            out.done.append("".join(out))
            out.clear()
    out.append(newline + closing)


def _first(pair: tuple) -> Any:
    return pair[0]


def _json_key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int | float):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
