"""HTML pages (`.html`, `.htm`, and `.txt` files that are HTML documents: `is_html_document`):
the article's main text and its metadata through trafilatura, which leaves out navigation,
cookie banners, related links, comments, scripts and footers.

    from_bytes(b"<!doctype html><html><head><title>Bridge Reopens</title>…", ReadOptions("a.html", 5_000_000))
    # -> Record(None, "Bridge Reopens\\nMayor Jane Roe said …", "utf-8",
    #           Metadata(title="Bridge Reopens", published_at=2024-03-05 18:30 UTC,
    #                    url="https://gazette.example/bridge", outlet="Springfield Gazette",
    #                    authors=("Jo Writer",)), "html", 5120)

The bytes are decoded by the decoding rule (so `encoding` means what it means for text);
the text stored is trafilatura's, paragraphs one per line, and every offset indexes into it.
`published_at` is trafilatura's day with the time and zone the page's metadata gives for it
(`published`). A page that cannot hold an article says why: nested deeper than the HTML
parser goes, or a JavaScript app shell whose text only scripts would write.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from ...schemas.vocab import InputFormat, RejectStage
from ..decode import decode
from .base import Item, Metadata, Problem, ReadOptions, Record, clean, split_authors
from .published import published_at

if TYPE_CHECKING:
    from lxml.html import HtmlElement


#: blank space and comments, which may come before and between a document's first tags
_GAP = r"(?:\s|<!--.*?-->)*"
#: how an HTML document starts: a doctype or an <html> tag (after an XML prolog, for XHTML),
#: then at once a tag that belongs at the top of a document, not a word
_DOCUMENT_START = re.compile(
    rf"^\ufeff?{_GAP}(?:<\?xml\b[^>]*>{_GAP})?"
    rf"(?:<!doctype\s+html\b[^>]*>{_GAP}(?:<html\b[^>]*>{_GAP})?|<html\b[^>]*>{_GAP})"
    r"<(?:head|body|title|meta|link|base|script|style|noscript)\b",
    re.IGNORECASE | re.DOTALL,
)
#: a document closes what it opened; prose that names a tag or two does not
_DOCUMENT_CLOSE = re.compile(r"</(?:head|title|body|html)\s*>", re.IGNORECASE)
#: a bare fragment wrapped whole in <html> … </html> ("<html><p>…</p></html>"): a tag at once
#: after the opening one, and the closing one ending the text
_WRAPPED_START = re.compile(rf"^\ufeff?{_GAP}<html\b[^>]*>{_GAP}<[a-z]", re.IGNORECASE | re.DOTALL)
_WRAPPED_END = re.compile(r"</html\s*>\s*$", re.IGNORECASE)


def is_html_document(text: str) -> bool:
    """Is `text` a whole HTML document (to be read as HTML), not prose that starts with a tag?

        is_html_document("<!doctype html><html><head><title>Pier</title></head><body>…</body></html>")  # True
        is_html_document("<html>\n<head>…</head><body>…</body></html>")                                  # True
        is_html_document("<html> is the root element of a web page, said the tutor.")                   # False

    A document starts with a doctype or an `<html>` tag followed by one of a document's first
    tags (`<head>`, `<body>`, `<title>`, `<meta>` …), and closes one of them somewhere; or it
    is wrapped whole in `<html>` … `</html>`, a tag right after the opening one."""
    if _DOCUMENT_START.match(text[:8192]) is not None and _DOCUMENT_CLOSE.search(text) is not None:
        return True
    return _WRAPPED_START.match(text[:8192]) is not None and _WRAPPED_END.search(text[-64:]) is not None


def records(fh: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    data = fh.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield Problem(None, RejectStage.READ, f"file is over the limit of {options.max_bytes:,} bytes")
        return
    yield from from_bytes(data, options)


def from_bytes(data: bytes, options: ReadOptions, key: str | None = None) -> Iterator[Item]:
    """The article of one HTML page's bytes (`key`: the record it is in a container)."""
    if not data.strip():
        yield Problem(key, RejectStage.DECODE, "empty file" if key is None else "empty HTML page")
        return
    decoded = decode(data)
    if isinstance(decoded, str):
        yield Problem(key, RejectStage.DECODE, decoded)
        return
    page, encoding = decoded
    extracted = extract(page)
    if isinstance(extracted, str):
        yield Problem(key, RejectStage.DECODE, extracted)
        return
    text, meta = extracted
    yield Record(key, text, encoding, meta, InputFormat.HTML, len(data))


NO_ARTICLE_TEXT = "no article text found in the HTML page (only navigation, links or boilerplate)"
#: libxml2 builds no element deeper than this with lxml's `huge_tree` (256 without it)
HUGE_DEPTH = 2048
TOO_DEEP = (
    f"the HTML page is nested too deeply to parse: its elements go more than {HUGE_DEPTH:,} levels deep, "
    "where the HTML parser (lxml/libxml2) stops, so its text cannot be read whole"
)


def extract(page: str) -> tuple[str, Metadata] | str:
    """(main text, metadata) of an HTML page, or the reason it holds no article text."""
    # trafilatura (and lxml with it) is imported here: a run over text files never loads it
    from trafilatura import bare_extraction

    tree, cut = _parse(page, huge=False)
    # past libxml2's default depth (256 levels) the rest of the page is silently dropped (the
    # story, often, with only the navigation left): such a page is read from a `huge_tree`
    document: str | HtmlElement = page
    if cut:
        tree, cut = _parse(page, huge=True)
        if cut or tree is None:
            return TOO_DEEP
        document = tree
    if tree is not None and (shell := _script_shell(tree)) is not None:
        return shell
    # trafilatura 2 returns a `Document` (a dict only with the deprecated as_dict=True)
    extracted = bare_extraction(document, with_metadata=True, include_comments=False, include_tables=False)
    if extracted is None:
        return NO_ARTICLE_TEXT
    doc = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = doc.get("text")
    if not isinstance(text, str) or not text.strip():
        return NO_ARTICLE_TEXT
    meta = Metadata(
        title=clean(doc.get("title")),
        published_at=published_at(tree, doc.get("date")),
        url=clean(doc.get("url")),
        outlet=clean(doc.get("sitename")),
        authors=split_authors(doc.get("author")),
    )
    return text, meta


#: text a browser shows only when scripts run (or, for <noscript>, only when they do not)
_NOT_SHOWN = "ancestor::script or ancestor::style or ancestor::template or ancestor::noscript"


def _script_shell(tree: HtmlElement) -> str | None:
    """The reason a page is a JavaScript app shell (scripts build its content in the browser:
    its body holds no text besides a <noscript> note), or None for any other page."""
    if not tree.xpath("//script | //noscript"):
        return None
    if tree.xpath(f"boolean(//body//text()[normalize-space()][not({_NOT_SHOWN})])"):
        return None
    note = " ".join(" ".join(tree.xpath("//body//noscript//text()")).split())
    if len(note) > 120:
        note = note[:119] + "…"
    shown = f"({note!r})" if note else "(scripts, and no text of its own)"
    return f"the page has no article text: only a script shell {shown}"


def _parse(page: str, *, huge: bool) -> tuple[HtmlElement | None, bool]:
    """(the page's tree as trafilatura's parser builds it, whether the depth limit cut it off)."""
    from lxml.etree import ParserError, XMLSyntaxError
    from lxml.html import HTMLParser, document_fromstring

    parser = HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True,
        huge_tree=huge,
    )  # fmt: skip
    try:
        tree = document_fromstring(page.encode("utf-8", "surrogatepass"), parser=parser)
    except (ParserError, XMLSyntaxError):  # no document at all: trafilatura says what it finds
        return None, False
    return tree, any("Excessive depth" in error.message for error in parser.error_log)
