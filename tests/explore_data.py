"""Made-up articles for the explore tests: feed records (one JSONL file per article, so --prune can
remove one), with outlets, dates and titles; a second batch that merges two names committed apart;
a third with unbreakable words, markup and URL characters in outlets, titles and texts."""

from __future__ import annotations

import json
from pathlib import Path

from quoteflow.pipeline import run
from quoteflow.settings import Settings


def record(key: str, text: str, outlet: str, day: str, title: str) -> str:
    return json.dumps(
        {"id": key, "text": text, "outlet": outlet, "published": f"{day}T09:00:00Z", "title": title,
         "url": f"https://{outlet}/{key}"}
    ) + "\n"  # fmt: skip


FIRST = {
    "a1": (
        "Harbor Gazette",
        "2026-01-05",
        "Lantern bridge to reopen",
        "Mayor Mara Quillfeather said on Monday that the lantern bridge would reopen in May.\n"
        "“We are ready for the lantern season,” Quillfeather said. “The steel is in place.”\n"
        "Tobias Wrenfield, a spokesman for the Harbor Lantern Council, disagreed. "
        "“It will take a year of work,” he said.\n",
    ),
    "a2": (
        "Harbor Gazette",
        "2026-01-14",
        "Ferry fares rise",
        "Ferry fares will rise next month, Tobias Wrenfield said on Tuesday.\n"
        "“The ferry cannot run on hope,” Wrenfield said. “Fares must rise.”\n"
        "Mayor Mara Quillfeather called the plan “a quiet betrayal of the harbor.”\n",
    ),
    "a3": (
        "Coastline Courier",
        "2026-01-20",
        "Council weighs lantern budget",
        "The HLC said in a statement that the lantern budget was exhausted.\n"
        "“Every lantern needs oil,” said Dan Brightwater, the treasurer of the HLC.\n"
        "Quillfeather said the city would pay for the lanterns.\n",
    ),
    "a4": (
        "Coastline Courier",
        "2026-02-03",
        "Storm closes harbor",
        "“The harbor stays closed until the storm passes,” said Ines Marrowby, the harbor master.\n"
        "Marrowby said the ferry would not run on Friday. A spokesman said the lanterns were safe.\n"
        "“We have never seen waves like these,” Mara Quillfeather told reporters.\n",
    ),
}
SECOND = {
    "b1": (
        "Harbor Gazette",
        "2026-02-10",
        "Lantern council names treasurer",
        "The Harbor Lantern Council (HLC) named Daniel Brightwater its treasurer on Monday.\n"
        "“The lanterns will shine again,” Daniel Brightwater said.\n"
        "Mayor Mara Quillfeather welcomed the news. “The steel and the oil are both ready,” she said.\n",
    ),
}


#: a third run's articles (the browser test's): an outlet and a title no line can break, an outlet
#: with URL characters, markup and a long URL in the texts (pages must fit a phone, show them as text)
THIRD = {
    "c1": (
        "Lighthouse-Quarterly-Extraordinarily-Long-Outlet-Name-Without-Any-Space-Whatsoever",
        "2026-02-12",
        "Keeper_registers_an_unbreakable_identifier_that_nobody_could_ever_wrap_on_a_small_screen",
        "Keeper Odile Fernsby said the <script>alert('keeper')</script> beacon log was full.\n"
        "“Read https://example.invalid/an/extremely/long/path/without/any/spaces/that/keeps/going/and/going.html "
        "before asking,” Fernsby said.\n",
    ),
    "c2": (
        "Tide & Current #7/?",
        "2026-02-13",
        "Buoys <b>moved</b> again",
        "Pilot Ravi Ostergaard said the buoys had drifted overnight.\n"
        "“The <img src=x onerror=alert(3)> buoys drift every spring,” Ostergaard said.\n",
    ),
}


def write(folder: Path, articles: dict[str, tuple[str, str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for key, (outlet, day, title, text) in articles.items():
        (folder / f"{key}.jsonl").write_text(record(key, text, outlet, day, title), encoding="utf-8")
    return folder


def build(tmp: Path, settings: Settings | None = None) -> tuple[Path, Path]:
    """SOURCE and OUT after two runs: FIRST, then FIRST and SECOND (OUT's second version on)."""
    src, out = tmp / "in", tmp / "out"
    settings = settings or Settings(batch_size=50)
    run(str(write(src, FIRST)), str(out), settings)
    run(str(write(src, SECOND)), str(out), settings)
    return src, out
