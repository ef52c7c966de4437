"""The report in a real browser: headless Chromium (Debian's `chromium`, driven by Playwright's
Python package; no browser is downloaded) opens the page for the seed and a few made-up
articles and checks what a reader sees.

Without a `chromium` on PATH the test skips, saying so (`make test` needs no root); CI's
`.ci/run` installs it, and CI fails on any skip.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from quoteflow.pipeline import run
from quoteflow.report import build_report, read_rows
from quoteflow.settings import Settings

from .conftest import SEEDS, write_articles

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MADE_UP = {
    "made-up/ferry.txt": (
        "Ferry Service Returns\n"
        "Harbour master Ida Quell said on Friday that the ferry would run again from June.\n"
        "“The boats are ready and so are the crews,” Quell said. “We only need the weather.”\n"
        "Lakeside Water Board chair Tom Brack said the plan was “a fine idea, badly timed”.\n"
    ),
    "made-up/hostile.txt": (
        "Mayor Jane Roe said the <script>console.error('injected')</script> levy would pass.\n"
        "“We have the <img src=x onerror=alert(1)> votes,” Roe said.\n"
    ),
    "made-up/long-word.txt": (
        "Engineer Bo Lind said the file was named "
        "extraordinarily_long_identifier_without_any_break_whatsoever_that_could_push_a_narrow_screen_sideways.\n"
        "“It happens,” Lind said.\n"
    ),
    "made-up/empty.txt": "",
}

#: per quote id on the page: its pieces' text joined, type, speaker, and whether it is drawn highlighted
READ_QUOTES = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const out = {};
  for (const el of document.querySelectorAll('mark[data-quote-id]')) {
    const id = el.dataset.quoteId;
    const style = getComputedStyle(el);
    const drawn = style.backgroundColor !== 'rgba(0, 0, 0, 0)' || style.borderBottomStyle !== 'none';
    const box = el.getBoundingClientRect();
    const q = out[id] || (out[id] = {text: '', type: el.dataset.quoteType, speaker: el.dataset.speaker,
                                     drawn: true, visible: false, article: el.closest('details').id});
    q.text += el.textContent;
    q.drawn = q.drawn && drawn;
    q.visible = q.visible || (box.width > 0 && box.height > 0);
  }
  return out;
}"""

#: every in-page link: its target id, and whether an element has that id
LINK_TARGETS = """() => [...document.querySelectorAll('a[href^="#"]')].map(a => {
  const id = a.getAttribute('href').slice(1);
  return [id, document.getElementById(id) !== null];
})"""


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[dict[str, Any]]]]:
    root = tmp_path_factory.mktemp("browser")
    src = write_articles(root / "in", MADE_UP)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, src / seed.name)
    run(str(src), str(root / "out"), Settings())
    page = root / "report.html"
    page.write_text(build_report(root / "out"), encoding="utf-8")
    return page, read_rows(root / "out")[1]


@pytest.mark.slow
def test_the_report_in_headless_chromium(report_file, tmp_path):
    if CHROMIUM is None:
        pytest.skip("no `chromium` on PATH: install Debian's chromium (`apt-get install chromium`; CI's .ci/run does)")
    from playwright.sync_api import sync_playwright

    page_file, rows = report_file
    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("dialog", lambda d: problems.append(f"a dialog opened: {d.message}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri(), wait_until="load")
            shown = page.evaluate(READ_QUOTES)  # every article opened, as a reader would
            width = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=str(tmp_path / "report-390px.png"), full_page=True)
            hostile = page.inner_text(
                "#a-" + next(a["article_id"] for a in rows["articles"] if "<script>" in a["text"])
            )
            links = page.evaluate(LINK_TARGETS)
            speaker_rows = page.evaluate(
                "() => Object.fromEntries([...document.querySelectorAll('tr[id]')]"
                ".map(tr => [tr.id, tr.querySelector('strong').textContent]))"
            )
        finally:
            browser.close()

    assert (tmp_path / "report-390px.png").stat().st_size > 10_000
    assert not problems, problems
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert width <= 390, f"the page scrolls sideways on a 390-px screen ({width} px wide)"
    assert "<script>console.error('injected')</script>" in hostile and "<img src=x" in hostile

    quoted = [q for q in rows["quotes"] if q["quote_type"] != "indirect"]
    assert len(quoted) >= 12 and {q["quote_type"] for q in quoted} == {"direct", "partial"}
    for q in quoted:
        seen = shown.get(q["quote_id"])
        assert seen is not None, f"quote not highlighted: {q['text']!r}"
        assert seen["text"] == q["text"] and seen["type"] == q["quote_type"], (seen, q)
        assert seen["drawn"] and seen["visible"], f"quote not drawn highlighted: {q['text']!r}"
        assert seen["article"] == f"a-{q['article_id']}"
        assert (seen["speaker"] or None) == q["speaker"], (seen, q)
        if q["speaker_id"]:  # the speaker's row in the people (or organizations) list names them
            assert speaker_rows[q["speaker_id"]] == q["speaker"]
    assert links and all(found for _, found in links), [h for h, found in links if not found]
