"""Where the JSON values of a feed begin and end, found in its bytes chunk by chunk: a feed
is never held whole, and a value that is too large, malformed or cut short costs only itself.

    spans(io.BytesIO(b'[{"id": "a1", "text": "Mayor Jane Roe said …"},\\n {"id": "a2", "te'), 5_000_000)
    # -> Span(1, "the array element at line 1", b'{"id": "a1", "text": "Mayor Jane Roe said …"}', 47)
    #    Span(2, "the array element at line 2", None, 16, "is cut short: the feed ends inside it")

A feed is laid out one of three ways, told apart by its first bytes (`layout`):

- an array (`[` first): its elements, split at the commas between them;
- objects written over several lines (`{` first, and the first object is valid JSON that
  spans lines: a pretty-printed `.json`): each object from its `{` to the `}` that closes it;
- JSON Lines (anything else): each line that is not blank. A first line cut or malformed
  stays one bad line: the objects layout needs a first object that is whole and valid, so
  one broken line never swallows the lines after it.

Strings and brackets are followed byte by byte (UTF-8 never puts an ASCII byte inside a
multi-byte character), so a `,` or `}` inside a string never splits a value. A value over
`max_bytes` is passed over, counted but not kept (`data` None).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from enum import Enum
from typing import BinaryIO, NamedTuple

_CHUNK = 1 << 16
_BOM = b"\xef\xbb\xbf"
_NOT_SPACE = re.compile(rb"[^ \t\r\n]")
#: what matters outside strings: a whole string (passed over in one step), a bracket or comma,
#: or a `"` whose string goes on in the next chunk
_STRUCTURE = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},"]', re.S)
_STRING_END = re.compile(rb'["\\]')  # what matters inside a string
_NEWLINE = re.compile(rb"\n")
_COMMA, _QUOTE, _OPEN_ARRAY, _CLOSE_ARRAY, _OPEN_OBJECT = (ord(c) for c in ',"[]{')
_OPENING, _CLOSING = b"[{", b"]}"


class Layout(Enum):
    ARRAY = "array"
    OBJECTS = "objects"  # pretty-printed, one after another
    LINES = "lines"


class Span(NamedTuple):
    """One value's place in the feed and its bytes."""

    line: int  # 1-based line of its first byte
    where: str  # how a message names it: "line 3", "the array element at line 3"
    data: bytes | None  # None when it is over `max_bytes` (passed over) or is no value (see `problem`)
    size: int  # bytes it took
    problem: str | None = None  # why it is no whole value, said after `where` ("is cut short: …")


class _Cursor:
    """A read position in a feed's bytes, which holds one chunk and knows its line number."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self.buf = b""
        self.pos = 0
        self.line = 1
        while len(self.buf) < len(_BOM) and self.more():  # a read may return fewer bytes than asked
            pass
        if self.buf.startswith(_BOM):
            self.pos = len(_BOM)

    def more(self) -> bool:
        """Keep what is left of the chunk and read the next one; False at the end of the input."""
        chunk = self._fh.read(_CHUNK)
        if not chunk:
            return False
        self.buf, self.pos = self.buf[self.pos :] + chunk, 0
        return True

    def move(self, to: int) -> None:
        self.line += self.buf.count(b"\n", self.pos, to)
        self.pos = to

    def next_byte(self) -> int | None:
        """The next byte that is not blank space (passing the space), or None at the end."""
        while True:
            m = _NOT_SPACE.search(self.buf, self.pos)
            if m is not None:
                self.move(m.start())
                return self.buf[self.pos]
            self.move(len(self.buf))
            if not self.more():
                return None


def layout(fh: BinaryIO, max_bytes: int) -> Layout:
    """How the feed is laid out, from its first value; the file is left where it was."""
    start = fh.tell()
    cur = _Cursor(fh)
    first = cur.next_byte()
    kind = Layout.LINES
    if first == _OPEN_ARRAY:
        kind = Layout.ARRAY
    elif first == _OPEN_OBJECT:
        span = _value(cur, max_bytes, "", in_array=False)
        if span.problem is None and cur.line > span.line and (span.data is None or _is_json(span.data)):
            kind = Layout.OBJECTS
    fh.seek(start)
    return kind


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except (ValueError, RecursionError):
        return False
    return True


def spans(fh: BinaryIO, max_bytes: int) -> Iterator[Span]:
    """Every value of the feed, in order, by its layout."""
    kind = layout(fh, max_bytes)
    cur = _Cursor(fh)
    if kind is Layout.ARRAY:
        yield from _array(cur, max_bytes)
        return
    while (first := cur.next_byte()) is not None:
        if kind is Layout.OBJECTS and first in _OPENING:
            yield _value(cur, max_bytes, f"the value at line {cur.line}", in_array=False)
        else:  # a line of JSON Lines, or what stands between objects
            yield _line(cur, max_bytes)


def _array(cur: _Cursor, max_bytes: int) -> Iterator[Span]:
    cur.next_byte()  # the `[`, after any blank space
    cur.move(cur.pos + 1)
    while True:
        first = cur.next_byte()
        if first is None:
            yield Span(cur.line, f"line {cur.line}", None, 0, "ends the feed inside the JSON array (no closing ])")
            return
        if first == _COMMA:  # between elements, or an empty one (`[,` `,,`): nothing to read
            cur.move(cur.pos + 1)
            continue
        if first == _CLOSE_ARRAY:
            cur.move(cur.pos + 1)
            break
        span = _value(cur, max_bytes, f"the array element at line {cur.line}", in_array=True)
        yield span
        if span.problem is not None:
            return
    if cur.next_byte() is not None:  # the array is closed: anything after it is not read
        line = cur.line
        size = _rest(cur)
        yield Span(line, f"line {line}", None, size, "comes after the JSON array's closing ] and is not read")


def _value(cur: _Cursor, max_bytes: int, where: str, *, in_array: bool) -> Span:
    """The value at the cursor, to its end: in an array, up to (not with) the `,` or `]` that
    follows it outside strings and brackets; else up to the bracket that closes its first."""
    line = cur.line
    parts: list[bytes] = []
    size = depth = 0
    in_string = escaped = False
    while True:
        buf, i, end = cur.buf, cur.pos, -1
        while i < len(buf) and end < 0:
            if escaped:  # the byte after a backslash in a string is taken as it is
                i, escaped = i + 1, False
                continue
            m = (_STRING_END if in_string else _STRUCTURE).search(buf, i)
            if m is None:
                break
            i, byte = m.end(), buf[m.start()]
            if in_string:
                in_string, escaped = byte != _QUOTE, byte != _QUOTE
            elif byte == _QUOTE:
                in_string = m.end() - m.start() == 1  # else the whole string was passed over
            elif byte in _OPENING:
                depth += 1
            elif depth > 0 and byte in _CLOSING:
                depth -= 1
                end = i if depth == 0 and not in_array else end
            elif depth == 0 and in_array and byte in (_CLOSE_ARRAY, _COMMA):
                end = m.start()
        stop = len(buf) if end < 0 else end
        size += stop - cur.pos
        if size <= max_bytes:
            parts.append(buf[cur.pos : stop])
        cur.move(stop)
        if end >= 0:
            break
        if not cur.more():
            return Span(line, where, None, size, "is cut short: the feed ends inside it")
    data = b"".join(parts).rstrip() if size <= max_bytes else None
    return Span(line, where, data, len(data) if data is not None else size)


def _line(cur: _Cursor, max_bytes: int) -> Span:
    """The rest of the line at the cursor, without its line break."""
    line = cur.line
    parts: list[bytes] = []
    size = 0
    while True:
        m = _NEWLINE.search(cur.buf, cur.pos)
        stop = len(cur.buf) if m is None else m.start()
        size += stop - cur.pos
        if size <= max_bytes:
            parts.append(cur.buf[cur.pos : stop])
        cur.move(stop)
        if m is not None or not cur.more():
            break
    data = b"".join(parts).rstrip() if size <= max_bytes else None
    return Span(line, f"line {line}", data, len(data) if data is not None else size)


def _rest(cur: _Cursor) -> int:
    """Pass over the rest of the input; how many bytes it held."""
    size = len(cur.buf) - cur.pos
    cur.move(len(cur.buf))
    while cur.more():
        size += len(cur.buf)
        cur.move(len(cur.buf))
    return size
