"""An input's name as stored in the tables: its path under SOURCE, always valid UTF-8, reversibly.

File names are bytes; most are UTF-8, some are not (an old Latin-1 name, a name cut in the
middle of a character). Parquet and Arrow strings must be UTF-8, so a name is stored in one
reversible form, percent-encoding as URLs do:

    a byte that is not part of valid UTF-8   ->  %XX (its hex value, upper case)
    the character "%" itself                 ->  %25
    everything else                          ->  unchanged; folders are joined with "/"

    source_name("caf\\udce9/r%sum\\u00e9.txt")   # Python's name for b"caf\\xe9/r%sum\\xc3\\xa9.txt"
    # -> "caf%E9/r%25sumé.txt"
    name_bytes("caf%E9/r%25sumé.txt")          # -> b"caf\\xe9/r%sum\\xc3\\xa9.txt"
"""

from __future__ import annotations

import os
import re

_ESCAPED = re.compile(r"%([0-9A-F]{2})")
_SURROGATE_LOW, _SURROGATE_HIGH = 0xDC80, 0xDCFF  # how Python decodes bytes that are not UTF-8


def source_name(relative: str) -> str:
    """The stored form of a path relative to SOURCE, as Python decodes it (surrogate escapes)."""
    relative = relative.replace(os.sep, "/")
    if relative.isascii() and "%" not in relative:
        return relative  # the common case, 50x faster than the loop below
    out = []
    for ch in relative:
        code = ord(ch)
        if _SURROGATE_LOW <= code <= _SURROGATE_HIGH:
            out.append(f"%{code - 0xDC00:02X}")
        elif ch == "%":
            out.append("%25")
        else:
            out.append(ch)
    return "".join(out)


def name_bytes(source: str) -> bytes:
    """The file name (bytes, "/"-separated) a stored name stands for: `source_name` reversed."""
    out = bytearray()
    pos = 0
    for m in _ESCAPED.finditer(source):
        out += source[pos : m.start()].encode("utf-8")
        out.append(int(m[1], 16))
        pos = m.end()
    out += source[pos:].encode("utf-8")
    return bytes(out)
