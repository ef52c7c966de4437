"""Bytes to text by one rule (documented in data/README.md), or the reason they are not text.

1. a UTF-8 or UTF-16 byte-order mark decides the encoding (the mark is not kept);
2. otherwise a NUL byte means a binary file (rejected);
3. otherwise strict UTF-8;
4. otherwise strict Windows-1252 (which includes Latin-1 text), when the result has
   no control characters besides tab, newline, carriage return and form feed;
5. otherwise the input is rejected as undecodable.
The decoded text is stored exactly; every offset in every table indexes into it.

    decode("café “déjà vu”".encode("cp1252"))   # -> ("café “déjà vu”", "cp1252")
    decode(b"\\x89PNG\\r\\n\\x1a\\n\\x00")            # -> "binary file (contains NUL bytes), not text"
"""

from __future__ import annotations

import unicodedata

from ..schemas.vocab import Encoding

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}


def decode(data: bytes) -> tuple[str, Encoding] | str:
    """(text, encoding) by the module's decoding rule, or the reason it cannot be decoded."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return _checked(data.decode("utf-8-sig"), Encoding.UTF8_SIG)
        except UnicodeDecodeError as exc:
            return f"has a UTF-8 byte-order mark but invalid UTF-8 at byte {exc.start}"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16"), Encoding.UTF16)
        except UnicodeDecodeError as exc:
            return f"has a UTF-16 byte-order mark but invalid UTF-16 at byte {exc.start}"
    if b"\x00" in data:
        return "binary file (contains NUL bytes), not text"
    try:
        return _checked(data.decode("utf-8"), Encoding.UTF8)
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return f"not UTF-8 (invalid byte at {utf8_error.start}) and not Windows-1252 text"
        result = _checked(text, Encoding.CP1252)
        if isinstance(result, str):
            return f"not UTF-8 (invalid byte at {utf8_error.start}); as Windows-1252 it {result}"
        return result


def _checked(text: str, encoding: Encoding) -> tuple[str, Encoding] | str:
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    if bad and (encoding is Encoding.CP1252 or bad > max(8, len(text) // 100)):
        return f"contains {bad} control characters: binary data, not text"
    return text, encoding
