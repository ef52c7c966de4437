"""Gender labels against the annotation in tests/gender_gold.tsv (what each article states).

    .venv/bin/python -m tests.gender_eval --data /tmp/NAME-ed               # entity-dev output
    .venv/bin/python -m tests.gender_eval --data /tmp/own-out --set own     # the made-up set

prints precision of the female/male labels (system people matched to gold people by name or
alias within the article), the number labelled, and coverage beside the gold's: the share of
gold people the system gives a known gender versus the share the articles state, and the same
for quotations by a person (system: its quotes whose speaker has a known gender; gold: the gold
quotes, direct and reported, whose speaker's gender the article states).
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GOLD_TSV = Path(__file__).with_name("gender_gold.tsv")
OWN_GOLD = Path(__file__).with_name("entity_set") / "gold"


@dataclass(frozen=True)
class Labelled:
    """One system person of an article: names, the gender given, how many quotes it speaks."""

    name: str
    aliases: tuple[str, ...]
    gender: str
    quote_count: int


def _norm(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).replace("’", "'").split()).casefold()


def load_gold(set_name: str) -> dict[tuple[str, str], str]:
    """(article, person) -> female / male / unknown, for one set of the annotation."""
    out: dict[tuple[str, str], str] = {}
    for line in GOLD_TSV.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        s, article, person, gender, *_ = line.split("\t")
        if s == set_name:
            out[(article, person)] = gender
    return out


def figures(set_name: str, gold_dir: Path, system: Mapping[str, Iterable[Labelled]]) -> dict[str, Any]:
    """Precision and coverage of `system` (article name -> its people) against the annotation."""
    genders = load_gold(set_name)
    labelled = correct = unmatched_labelled = 0
    known_sys = known_gold = people = 0
    q_sys_known = q_sys = q_gold_known = q_gold = 0
    wrong: list[str] = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = path.stem
        gold_people = gold["people"]
        keys = [{_norm(p["name"]), *map(_norm, p["aliases"])} for p in gold_people]
        given: dict[str, str] = {}
        for row in system.get(article, []):
            if row.gender != "unknown":
                q_sys_known += row.quote_count
            q_sys += row.quote_count
            names = {_norm(row.name), *map(_norm, row.aliases)}
            i = next((i for i, k in enumerate(keys) if _norm(row.name) in k or k & names), None)
            if i is None or gold_people[i]["name"] in given:
                unmatched_labelled += row.gender != "unknown"
                continue
            person = gold_people[i]["name"]
            given[person] = row.gender
            if row.gender != "unknown":
                labelled += 1
                if genders[(article, person)] == row.gender:
                    correct += 1
                else:
                    wrong.append(
                        f"{article}: {person}: system {row.gender}, article states {genders[(article, person)]}"
                    )
        for p in gold_people:
            people += 1
            known_gold += genders[(article, p["name"])] != "unknown"
            known_sys += given.get(p["name"], "unknown") != "unknown"
        names = {p["name"] for p in gold_people}
        for q in [*gold["quotes"], *gold.get("indirect_quotes", [])]:
            if q.get("speaker") in names:
                q_gold += 1
                q_gold_known += genders[(article, q["speaker"])] != "unknown"
    return {
        "precision": correct / labelled if labelled else 1.0,
        "labelled": labelled,
        "wrong": wrong,
        "labelled_without_gold_person": unmatched_labelled,
        "people_coverage_system": known_sys / people if people else 0.0,
        "people_coverage_gold": known_gold / people if people else 0.0,
        "quote_coverage_system": q_sys_known / q_sys if q_sys else 0.0,
        "quote_coverage_gold": q_gold_known / q_gold if q_gold else 0.0,
        "people": people,
    }


def from_dataset(out: Path) -> dict[str, list[Labelled]]:
    """article name (its source's file stem) -> its people rows, from a quoteflow output."""
    from quoteflow.dataset.reader import open_dataset

    data = open_dataset(out)
    articles = data["articles"].to_table(columns=["article_id", "source"]).to_pylist()
    stem = {a["article_id"]: Path(str(a["source"]).replace("\\", "/")).stem for a in articles}
    rows = data["people"].to_table(columns=["article_id", "name", "aliases", "gender", "quote_count"]).to_pylist()
    system: dict[str, list[Labelled]] = {}
    for r in rows:
        label = Labelled(r["name"], tuple(r["aliases"]), r["gender"] or "unknown", r["quote_count"])
        system.setdefault(stem[r["article_id"]], []).append(label)
    return system


def report(f: Mapping[str, Any]) -> str:
    lines = [
        f"precision {f['precision']:.3f} ({f['labelled']} people labelled female/male and matched to gold people; "
        f"{f['labelled_without_gold_person']} labelled rows match no gold person)",
        f"people with a known gender: system {f['people_coverage_system']:.1%}, "
        f"the articles state {f['people_coverage_gold']:.1%} (of {f['people']} gold people)",
        f"quotes whose speaker has a known gender: system {f['quote_coverage_system']:.1%}, "
        f"gold {f['quote_coverage_gold']:.1%}",
    ]
    return "\n".join(lines + [f"  wrong: {w}" for w in f["wrong"]])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="a quoteflow output folder")
    ap.add_argument("--set", choices=("entity-dev", "own"), default="entity-dev")
    ap.add_argument("--gold-dir", type=Path, default=None, help="entity-dev: ../shared/eval/entity-dev/gold")
    a = ap.parse_args()
    root = Path(__file__).resolve().parents[1]
    gold_dir = a.gold_dir or (OWN_GOLD if a.set == "own" else root.parent / "shared" / "eval" / "entity-dev" / "gold")
    print(report(figures(a.set, gold_dir, from_dataset(a.data))))


if __name__ == "__main__":
    main()
