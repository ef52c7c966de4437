"""The report for 1,000 articles: how long it takes to build, and to open in a browser.

    .venv/bin/python bench/report.py [--articles 1000] [--keep DIR]

Writes ARTICLES made-up articles (about 2,000 characters each, every text distinct, with
direct, partial and indirect quotes), runs the plain pipeline over them (no Prefect; a few
minutes on one core: 206 s here), then times `build_report` (read the dataset, build the page) and
opening the page in headless Chromium (Debian's `chromium`, driven by Playwright) until
its `load` event, with a 390-px-wide viewport. Prints the seconds and the page's size.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from quoteflow.pipeline import run
from quoteflow.report import build_report
from quoteflow.settings import Settings

FIRST = ["Ada", "Bram", "Cora", "Dov", "Edda", "Finn", "Gala", "Hugo", "Ines", "Jory", "Kaia", "Lev", "Mira", "Nils"]
LAST = ["Abernet", "Brightwell", "Castellan", "Dunmore", "Everly", "Fairbank", "Garrow", "Holloway", "Ingram"]
ORGS = ["Harbour Works", "Northfield Council", "Veridian Transit", "Lakeside Water Board", "Oakmere College"]
ROLES = ["Mayor", "chief executive", "spokeswoman", "director of planning", "council member"]
PLACES = ["the river bridge", "the east depot", "the night bus line", "the reservoir", "the old library"]


def person(k: int) -> tuple[str, str]:
    return FIRST[k % len(FIRST)], LAST[(k // len(FIRST)) % len(LAST)]


def synthetic(k: int) -> str:
    """A made-up article of about 2,000 characters: distinct for every `k`."""
    (f1, l1), (f2, l2) = person(k), person(k * 7 + 3)
    org, role, place = ORGS[k % len(ORGS)], ROLES[k % len(ROLES)], PLACES[k % len(PLACES)]
    return (
        f"Plans For {place.title()} Move Ahead\n"
        f"{role.capitalize()} {f1} {l1} said on Monday that work on {place} would start in week {k % 52 + 1}, "
        f"after months of delay that had left residents waiting for {k % 17 + 2} years.\n"
        f"“We have waited long enough, and the money is finally in place,” {l1} said. "
        f"“Every household in the district will see the difference by the end of the year.”\n"
        f"{f2} {l2}, a spokesman for {org}, disagreed. “The figures do not add up,” he said, adding that "
        f"the budget of {k * 13 % 900 + 100} million was “a guess dressed up as a plan”.\n"
        f"According to {org}, the first phase alone would cost twice what the council expects, and the "
        f"second phase had not been costed at all. {l2} said the group would publish its own review.\n"
        f"Residents at a meeting on Tuesday were divided. Some welcomed the news; others said they had "
        f"heard the same promise before, in a report numbered {k}.\n"
        f"“I will believe it when I see the cranes,” said one resident, who asked not to be named.\n"
        f"{l1} told reporters that the contracts would be signed within a month and that {org} had been "
        f"invited to every planning session. “Our door is open,” {l1} said. “It always has been.”\n"
        f"The next meeting is set for the first Thursday of the month at the town hall.\n"
    )


def write_corpus(folder: Path, n: int) -> None:
    for k in range(n):
        path = folder / f"{k // 100:03d}" / f"a{k:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(synthetic(k), encoding="utf-8")


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


def open_times(page_file: Path, repeats: int) -> list[float]:
    """Seconds from navigation to the page's `load` event, in a fresh tab each time."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("no `chromium` on PATH (Debian: apt-get install chromium)")
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(repeats):
            page = browser.new_page(viewport={"width": 390, "height": 844})
            start = time.perf_counter()
            page.goto(page_file.as_uri(), wait_until="load")
            times.append(time.perf_counter() - start)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"the page scrolls sideways at 390 px ({width} px wide)"
            page.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the dataset here (reused if present)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="quoteflow-report-bench-"))
    out = root / "out"
    if not (out / ".quoteflow").exists():
        write_corpus(root / "in", args.articles)
        start = time.perf_counter()
        summary = run(str(root / "in"), str(out), Settings())
        print(f"dataset: {summary.new} articles, {summary.rows.get('quotes', 0)} quotes, "
              f"extracted in {time.perf_counter() - start:.0f} s")  # fmt: skip
    builds = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        html = build_report(out)
        builds.append(time.perf_counter() - start)
    page_file = root / "report.html"
    page_file.write_text(html, encoding="utf-8")
    opens = open_times(page_file, args.repeats)
    size = page_file.stat().st_size / 1e6
    print(f"report of {args.articles} articles: {size:.1f} MB")
    print(f"build (read the dataset, render the page): median {statistics.median(builds):.2f} s of {builds}")
    print(f"open in headless Chromium until `load`, 390 px wide: median {statistics.median(opens):.2f} s of {opens}")
    if args.keep is None:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
