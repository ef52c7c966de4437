"""Build quoteflow's own evaluation set: 14 MADE-UP news articles, hand-annotated (people, organizations, quotes).

    python3 tests/entity_set/make_gold.py            # writes text/NAME.txt and gold/NAME.json beside this file
    python3 tests/entity_set/make_gold.py --table    # checks only, then prints the size table of README.md

Every person, company, outlet, team, party, product, work and event in these articles is invented (common
country and city names are used as places).  Same JSON format and conventions as the shared entity-dev gold
(../shared/eval/entity-dev: README.md, CONVENTIONS.md); the few decisions they leave open are listed in
README.md here and commented next to the spans concerned.  Each article is one function holding its text (a
string literal) and its annotation, in one of three formats:

  curly     headline on the first line, one paragraph per line, curly marks (“…”, ‘…’, ’)
  straight  headline on the first line, one paragraph per line, straight marks only
  bbc       one line: the headline run into the first sentence, no paragraph breaks, straight marks only

Offsets are Python str offsets.  Every span is located by its literal text (and occurrence number / a search
start), so a typo fails loudly.  Checks made, for every article, before anything is written:
  * the format holds (marks, line breaks) and the text has 1,500-5,000 characters;
  * every quote / not_quote / indirect span slices the text to its stored string;
  * every stretch inside double quotation marks is exactly one quote or not_quote entry (curly and straight:
    an unclosed stretch runs to the end of its paragraph, as in a quote that goes on into the next paragraph;
    bbc: a mark is OPENING when preceded by space/"(" and followed by non-space, and an opening mark while a
    quote is open ends the open stretch).  A stretch whose closing mark is missing may be covered by an entry
    that starts where it starts and ends earlier; entries outside double marks must sit inside single marks
    (‘…’ or '…'), e.g. headline quotes and titles;
  * every alias (and every optional / not_* string, every speaker_mention) occurs literally;
  * not_people / not_organizations name no gold entity / optional organization;
  * every quote and indirect speaker is the canonical name of a gold person or organization (quotes may also
    have None); a quote is explicit exactly when it has a cue or a speaker mention.
Standard library only.
"""

import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
ARTICLES = {}
FORMATS = ("curly", "straight", "bbc")
MIN_CHARS, MAX_CHARS = 1500, 5000


def article(name, fmt):
    assert fmt in FORMATS and name not in ARTICLES, (name, fmt)

    def reg(fn):
        ARTICLES[name] = (fmt, fn)
        return fn

    return reg


def segments_lines(t):
    """(start, end, closed) inside double marks (curly or straight); an unclosed one runs to the end of its
    paragraph."""
    out, start = [], None
    for i, ch in enumerate(t):
        if ch == "“" or (ch == '"' and start is None):
            if start is not None:
                out.append((start, i, False))
            start = i + 1
        elif ch == "”" or (ch == '"' and start is not None):
            if start is not None:
                out.append((start, i, True))
                start = None
        elif ch == "\n" and start is not None:
            out.append((start, i, False))
            start = None
    if start is not None:
        out.append((start, len(t.rstrip()), False))
    return out


def segments_bbc(t):
    """(start, end, closed) inside straight double marks (see module doc)."""
    out, start = [], None
    for i, ch in enumerate(t):
        if ch != '"':
            continue
        p = t[i - 1] if i else " "
        n = t[i + 1] if i + 1 < len(t) else " "
        opening = (p.isspace() or p == "(") and not n.isspace()
        closing = (not p.isspace()) and (n.isspace() or n in ".,;:)?!" or i + 1 == len(t))
        if opening == closing:
            sys.exit(f"ambiguous quotation mark at {i}: {t[i - 15 : i + 15]!r}")
        if opening:
            if start is not None:
                out.append((start, i, False))
            start = i + 1
        else:
            if start is None:
                sys.exit(f"closing mark with no open quote at {i}: {t[i - 15 : i + 15]!r}")
            out.append((start, i, True))
            start = None
    if start is not None:
        out.append((start, len(t.rstrip()), False))
    return out


class A:
    def __init__(self, name, fmt, text):
        self.name, self.fmt, self.text = name, fmt, text
        self.quotes, self.not_quotes, self.indirect = [], [], []

    def span(self, s, nth=1, after=0):
        i = after - 1
        for _ in range(nth):
            i = self.text.find(s, i + 1)
            if i < 0:
                sys.exit(f"{self.name}: not found: {s!r} (occurrence {nth} after {after})")
        return [i, i + len(s)]

    def q(self, opening, closing, speaker, cue, qtype, attribution, mention=None, nth=1, after=0):
        """A quote whose content runs from `opening` to `closing` (both inside the marks)."""
        a = self.span(opening, nth, after)[0]
        b = self.span(closing, 1, a)[1]
        assert qtype in ("direct", "partial") and attribution in ("explicit", "continuation"), (opening, qtype)
        assert (attribution == "continuation") == (cue is None and mention is None), (opening, cue, mention)
        self.quotes.append(
            {
                "text": self.text[a:b],
                "start_char": a,
                "end_char": b,
                "speaker": speaker,
                "quote_type": qtype,
                "attribution": attribution,
                "cue": cue,
                "speaker_mention": mention,
            }
        )

    def nq(self, s, nth=1, after=0):
        a, b = self.span(s, nth, after)
        self.not_quotes.append({"start_char": a, "end_char": b, "text": s})

    def ind(self, speaker, cue, content, nth=1, after=0):
        a, b = self.span(content, nth, after)
        self.indirect.append({"speaker": speaker, "cue": cue, "content": content, "start_char": a, "end_char": b})


def person(name, aliases, role=None, org=None):
    return {"name": name, "aliases": aliases, "role": role, "organization": org}


def org(name, aliases=None):
    return {"name": name, "aliases": aliases or [name]}


def check_format(a):
    t, errs = a.text, []
    if not MIN_CHARS <= len(t) <= MAX_CHARS:
        errs.append(f"{len(t)} characters, not {MIN_CHARS}-{MAX_CHARS}")
    if "  " in t or " \n" in t or "\t" in t or "\r" in t:
        errs.append("double space, trailing space, tab or carriage return")
    curly = [c for c in "“”‘’" if c in t]
    if a.fmt == "curly":
        if '"' in t or "\n" not in t.rstrip("\n"):
            errs.append("curly format: straight double marks, or no paragraph breaks")
    elif curly:
        errs.append(f"{a.fmt} format: curly marks {curly}")
    if a.fmt == "bbc" and "\n" in t:
        errs.append("bbc format: a line break")
    if a.fmt == "straight" and "\n" not in t.rstrip("\n"):
        errs.append("straight format: no paragraph breaks")
    return errs


def check(a, g):
    t, errs = a.text, check_format(a)
    for p in g["people"] + g["organizations"]:
        if p["name"] not in p["aliases"]:
            errs.append(f"name not among aliases: {p['name']!r}")
        errs += [f"alias not in text: {x!r}" for x in p["aliases"] if x not in t]
        if len(set(p["aliases"])) != len(p["aliases"]):
            errs.append(f"duplicate alias: {p['aliases']}")
    names = [p["name"] for p in g["people"] + g["organizations"]]
    if len(set(names)) != len(names):
        errs.append(f"duplicate names: {sorted(n for n in names if names.count(n) > 1)}")
    for key in ("optional_organizations", "not_people", "not_organizations"):
        errs += [f"{key} not in text: {x!r}" for x in g[key] if x not in t]
        if len(set(g[key])) != len(g[key]):
            errs.append(f"duplicate in {key}")
    people = {n for p in g["people"] for n in p["aliases"]}
    gold_orgs = {n for o in g["organizations"] for n in o["aliases"]}
    orgs = gold_orgs | set(g["optional_organizations"])
    errs += [f"not_people names a gold person: {x!r}" for x in g["not_people"] if x in people]
    errs += [f"not_organizations names a gold/optional org: {x!r}" for x in g["not_organizations"] if x in orgs]
    errs += [f"optional org is a gold org alias: {x!r}" for x in g["optional_organizations"] if x in gold_orgs]
    errs += [f"alias of a person and an organization: {x!r}" for x in people & gold_orgs]
    known = set(names)
    for q in g["quotes"]:
        if q["speaker"] is not None and q["speaker"] not in known:
            errs.append(f"unknown speaker {q['speaker']!r}")
        if q["speaker_mention"] is not None and q["speaker_mention"] not in t:
            errs.append(f"speaker_mention not in text {q['speaker_mention']!r}")
    for q in g["indirect_quotes"]:
        if q["speaker"] not in known:
            errs.append(f"unknown indirect speaker {q['speaker']!r}")
    for x in g["quotes"] + g["not_quotes"] + g["indirect_quotes"]:
        if t[x["start_char"] : x["end_char"]] != x.get("text", x.get("content")):
            errs.append(f"bad slice {x}")
    entries = sorted((x["start_char"], x["end_char"]) for x in g["quotes"] + g["not_quotes"])
    if len(set(entries)) != len(entries):
        errs.append("duplicate quote entries")
    segs = {}
    for a0, b0, closed in (segments_bbc if a.fmt == "bbc" else segments_lines)(t):
        while b0 > a0 and t[b0 - 1].isspace():  # trailing spaces inside the marks are not part of an entry
            b0 -= 1
        segs[(a0, b0)] = closed
    covered = set()
    for e in entries:
        if e in segs:
            covered.add(e)
            continue
        short = [s for s, closed in segs.items() if not closed and s[0] == e[0] and e[1] < s[1]]
        if short:  # an unclosed stretch: the quote ends before the writer's text that follows it
            covered.add(short[0])
            continue
        if not (t[e[0] - 1] in "‘'" and t[e[1]] in "’'"):
            errs.append(f"entry not a quoted stretch: {e} {t[e[0] : e[1]]!r}")
    for s in sorted(set(segs) - covered):
        errs.append(f"quoted stretch not covered: {s} {t[s[0] : s[1]]!r}")
    return errs


def build():
    """{name: (article text, gold dict)} for every article; exits, writing nothing, when a check fails."""
    built, failed = {}, []
    for name, (fmt, fn) in ARTICLES.items():
        a, d = fn(name, fmt)
        g = {
            "article": name + ".txt",
            "people": d["people"],
            "organizations": d["organizations"],
            "optional_organizations": d["optional_organizations"],
            "not_people": d["not_people"],
            "not_organizations": d["not_organizations"],
            "quotes": a.quotes,
            "not_quotes": a.not_quotes,
            "indirect_quotes": a.indirect,
        }
        errs = check(a, g)
        if errs:
            failed.append(f"{name}:\n  " + "\n  ".join(errs))
        built[name] = (a.text, g)
    if failed:
        sys.exit("\n".join(failed) + "\nnothing written")
    return built


def sizes(name, text, g):
    direct = sum(q["quote_type"] == "direct" for q in g["quotes"])
    return (name, len(text), len(g["people"]), len(g["organizations"]), len(g["quotes"]), direct,
            len(g["quotes"]) - direct, len(g["not_quotes"]), len(g["indirect_quotes"]))  # fmt: skip


def table(built):
    rows = [sizes(name, *built[name]) for name in sorted(built)]
    tot = [sum(r[i] for r in rows) for i in range(1, 9)]
    print("| article | format | chars | people | orgs | quotes | not_quotes | indirect |")
    print("|---|---|---|---|---|---|---|---|")
    for n, c, p, o, q, d, pa, nq, ind in rows:
        print(f"| {n} | {ARTICLES[n][0]} | {c:,} | {p} | {o} | {q} ({d} direct, {pa} partial) | {nq} | {ind} |")
    c, p, o, q, d, pa, nq, ind = tot
    print(f"| **total ({len(rows)})** | | {c:,} | {p} | {o} | {q} ({d} direct, {pa} partial) | {nq} | {ind} |")


def main():
    built = build()
    if "--table" in sys.argv[1:]:
        table(built)
        return
    text_dir, gold_dir = HERE / "text", HERE / "gold"
    text_dir.mkdir(exist_ok=True)
    gold_dir.mkdir(exist_ok=True)
    for stale in [*text_dir.glob("*.txt"), *gold_dir.glob("*.json")]:
        if stale.stem not in built:
            stale.unlink()
    for name, (text, g) in built.items():
        (text_dir / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
        (gold_dir / f"{name}.json").write_text(json.dumps(g, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _, c, p, o, q, d, pa, nq, ind = sizes(name, text, g)
        print(f"{name}: {c} chars, {p} people, {o} orgs, {q} quotes ({d} direct, {pa} partial), {nq} not_quotes, "
              f"{ind} indirect")  # fmt: skip


# ---------------------------------------------------------------------------------------------
# local politics
@article("own_local_politics_1", "curly")
def _(name, fmt):
    text = (
        "Brackenford council leader calls quayside critics ‘scaremongers’\n"
        "QUAYSIDE VOTE PUSHED BACK TO MARCH\n"
        "By Hollis Wrenfield, Local Democracy Reporter\n"
        "Brackenford City Council has postponed a vote on the £140m redevelopment of Tanner’s Quay, the "
        "derelict dock on the edge of the city centre, after more than 2,000 residents signed a petition "
        "against the scheme.\n"
        "The council leader, Desmond Ashworth-Kaye, said the delay was “a matter of weeks, not months” "
        "and insisted the plan would still go ahead.\n"
        "“There are people in this city who will tell you that every new building is the end of the "
        "world,” said Mr Ashworth-Kaye, 58, who has led the ruling Civic Renewal group since 2019. “They "
        "are scaremongers, and I think most residents can see that.”\n"
        "The leader of the opposition, Councillor Petra Holmgaard, called the scheme “a giveaway to a "
        "developer who has never built anything in this city”. She said the council had failed to "
        "publish the full viability study and that no vote should be held until it had done so.\n"
        "Her deputy, Rhodri Vance, said the petition showed “how badly the council has misjudged the "
        "mood”.\n"
        "The developer, Carrow Hale Homes, takes its name from the two families that founded it in 1968. "
        "It has promised 300 flats, a public square and a new ferry stop. A spokeswoman for Carrow Hale "
        "said the company remained “fully committed to Brackenford”.\n"
        "The company said in a statement that it had already spent £4m on surveys and design work. “We "
        "have listened to residents at every stage, and the scheme has changed as a result,” the "
        "statement said.\n"
        "Mr Ashworth-Kaye met the firm’s chairman, Everard Carrow, on Tuesday. He said afterwards that "
        "the two men had agreed to hold three more public meetings before the vote.\n"
        "“If people want to come and shout at me, they can,” he said. “I would rather they came and "
        "asked questions.\n"
        "“But I am not going to let a petition decide what happens to the biggest empty site in the "
        "north of England.”\n"
        "The 58-year-old has said he will not stand again in May, whichever way the vote goes.\n"
        "Asked whether the council would publish the viability study, a council spokesman said it would "
        "do so “once commercially sensitive figures have been removed”. The council said it expected "
        "that to happen before the end of February. “We want residents to have the full picture before "
        "anyone votes,” it said.\n"
        "Ms Holmgaard said that was not good enough. “We have been promised this document since the "
        "summer,” she said. “Every time we ask for it, the date moves.”\n"
        "Critics of the scheme have also questioned its “brownfield first” status, which allows the "
        "council to fast-track the planning application.\n"
        "Corin Maddox, who presents the breakfast show on Wharf FM and first reported the petition, said "
        "on air that the station had received more messages about the quay than about any other story "
        "this year. The radio host described the delay as “the first sign the council is actually "
        "listening”.\n"
        "Carrow Hale declined to comment on the timing of the vote.\n"
        "Additional reporting by Sunniva Orr\n"
    )
    a = A(name, fmt, text)
    DAK, PH, RV, CM = "Desmond Ashworth-Kaye", "Petra Holmgaard", "Rhodri Vance", "Corin Maddox"
    BCC, CHH = "Brackenford City Council", "Carrow Hale Homes"
    # headline quote in single marks with a cue of its own ("council leader calls ... ‘…’")
    a.q("scaremongers", "scaremongers", DAK, "calls", "partial", "explicit", "council leader")
    a.q("a matter of weeks", "not months", DAK, "said", "partial", "explicit", DAK)
    a.q("There are people in this city", "end of the world,", DAK, "said", "direct", "explicit", "Mr Ashworth-Kaye")
    a.q("They are scaremongers", "can see that.", DAK, None, "direct", "continuation")
    a.q("a giveaway to a developer", "in this city", PH, "called", "partial", "explicit", PH)
    # "Her deputy, Rhodri Vance, said": the apposition names the speaker
    a.q("how badly the council", "misjudged the mood", RV, "said", "partial", "explicit", RV)
    # an unnamed spokeswoman for the company speaks for the company
    a.q("fully committed to Brackenford", "Brackenford", CHH, "said", "partial", "explicit",
        "A spokeswoman for Carrow Hale")  # fmt: skip
    # a statement speaks for its issuer (the company, named in the sentence before)
    a.q("We have listened to residents", "as a result,", CHH, "said", "direct", "explicit", "the statement")
    # "he" opens the paragraph right after the chairman Everard Carrow (an object) was named: the running
    # subject and speaker, Ashworth-Kaye
    a.q("If people want to come", "they can,", DAK, "said", "direct", "explicit", "he")
    # no closing mark: the quote goes on into the next paragraph
    a.q("I would rather they came", "asked questions.", DAK, None, "direct", "continuation")
    a.q("But I am not going to let", "north of England.", DAK, None, "direct", "continuation")
    # "Asked whether ...": the question is not reported speech; the spokesman's answer is the council's
    a.q("once commercially sensitive", "been removed", BCC, "said", "partial", "explicit", "a council spokesman")
    a.q("We want residents to have", "anyone votes,", BCC, "said", "direct", "explicit", "it")  # "it" = the council
    a.q("We have been promised", "since the summer,", PH, "said", "direct", "explicit", "she")
    a.q("Every time we ask for it", "the date moves.", PH, None, "direct", "continuation")
    a.nq("brownfield first")  # a planning status, not speech
    # "The radio host" = Corin Maddox, who presents the breakfast show on Wharf FM
    a.q("the first sign the council", "actually listening", CM, "described", "partial", "explicit", "The radio host")
    a.ind(DAK, "said", "the delay was “a matter of weeks, not months”")
    a.ind(DAK, "insisted", "the plan would still go ahead")
    a.ind(PH, "said", "the council had failed to publish the full viability study and that no vote should be held "
          "until it had done so")  # fmt: skip
    a.ind(RV, "said", "the petition showed “how badly the council has misjudged the mood”")
    a.ind(CHH, "said", "the company remained “fully committed to Brackenford”")
    a.ind(CHH, "said", "that it had already spent £4m on surveys and design work")
    a.ind(DAK, "said", "that the two men had agreed to hold three more public meetings before the vote")
    a.ind(DAK, "has said", "he will not stand again in May, whichever way the vote goes")  # "The 58-year-old"
    a.ind(BCC, "said", "it would do so “once commercially sensitive figures have been removed”")
    a.ind(BCC, "said", "it expected that to happen before the end of February")
    a.ind(PH, "said", "that was not good enough")
    a.ind(CM, "said", "that the station had received more messages about the quay than about any other story this year")
    # "Carrow Hale declined to comment": not reported speech
    return a, dict(
        people=[
            person(DAK, [DAK, "Ashworth-Kaye"], "council leader", BCC),
            person(PH, [PH, "Holmgaard"], "leader of the opposition", BCC),
            person(RV, [RV], "deputy"),
            person("Everard Carrow", ["Everard Carrow"], "chairman", CHH),
            person(CM, [CM], "radio host", "Wharf FM"),
        ],
        organizations=[org(BCC), org("Civic Renewal"), org(CHH, [CHH, "Carrow Hale"]), org("Wharf FM")],
        optional_organizations=[],
        # byline, credit line, the all-caps second headline, a company named after two families
        not_people=["Hollis Wrenfield", "Local Democracy Reporter", "Sunniva Orr", "QUAYSIDE VOTE PUSHED BACK TO MARCH",
                    "MARCH", "Carrow Hale", "Tanner’s Quay", "Brackenford", "England", "Critics"],
        not_organizations=["Hollis Wrenfield", "Local Democracy Reporter", "Sunniva Orr",
                           "QUAYSIDE VOTE PUSHED BACK TO MARCH", "MARCH", "Tanner’s Quay", "Brackenford", "England",
                           "Everard Carrow", DAK],
    )  # fmt: skip


@article("own_local_politics_2", "straight")
def _(name, fmt):
    text = (
        "Quint campaign sues elections board over petition rules\n"
        "CALLOWAY FALLS, Ohio - The campaign of former governor Adelaide Quint sued the Tressler County "
        "Board of Elections on Monday, arguing that new rules for nominating petitions were written to "
        "keep her off the ballot in this year's mayoral race.\n"
        'The lawsuit, filed in Tressler County Common Pleas Court, says the rules "impose burdens on one '
        'candidate that no other candidate has been asked to bear." It asks a judge to suspend them '
        "before petitions are due on Aug. 4.\n"
        "Quint, 64, served one term as governor before losing the Heartland Unity Party's nomination to "
        "Gov. Russell Pembury in a bitter primary. The former governor left the party last year and is "
        "running for mayor as an independent.\n"
        '"I have been on more ballots than anyone in this state," Quint said at a news conference '
        'outside the courthouse, "and I have never seen anything like this. They changed the rules in '
        'May, at a meeting nobody was told about, and they think we will not notice."\n'
        "Officials at the Board of Elections said the changes applied to every candidate and were needed "
        "after an audit found more than 300 forged signatures on petitions in the 2021 race. The board "
        'said it would defend the rules "vigorously."\n'
        "Under the new rules, each signature must be matched against the county's voter roll within 48 "
        "hours of a petition being filed, and candidates must collect at least 40 signatures in each of "
        "the city's nine wards.\n"
        'Board chairman Wendell Osei said his members had acted "in good faith and in public." He noted '
        "that the May meeting had been advertised in the Calloway Falls Courier, the city's daily "
        "newspaper.\n"
        "The Courier said on Tuesday that it could find no record of the notice in its print edition. "
        'The daily called the notice, which ran only in a weekly shopping supplement, "practically '
        'invisible."\n'
        "The former governor said the newspaper's findings showed that the board had \"hidden the meeting "
        'in plain sight."\n'
        "Quint's main rival is Ohio developer Bram Keswick, the Heartland Unity candidate, who has put "
        "$2 million of his own money into the race.\n"
        '"Adelaide is doing what Adelaide always does, which is blame somebody else," said his '
        'spokesman, Theo Marchetti. "The rules are the rules, and they are the same for everybody."\n'
        "Asked on Tuesday whether he had known about the May meeting, the Ohio developer said he had "
        '"read about it in the paper like everybody else." The Keswick campaign said in a statement that '
        'it would "welcome a fair fight under whatever rules the court sets."\n'
        'An email the Heartland Unity Party sent to supporters on Tuesday evening called the lawsuit "a '
        'stunt by a candidate who knows she cannot win."\n'
        "Quint's lawyer, Gideon Achterberg, said he expected a hearing within two weeks. \"This is not "
        'complicated," he said. "A rule that lands on one person is not a neutral rule."\n'
        "Imani Tuckwell, who managed both of Quint's campaigns for governor and is now her campaign "
        "manager, said volunteers had already collected about 4,000 signatures. Osei has said the board "
        "will check each of them by hand.\n"
        '"We will hand in every one of them on the first morning," she said.\n'
        "The Quint campaign said in a statement late Tuesday that it would appeal any ruling that went "
        "against it.\n"
        "Follow Marguerite Dallow on Twitter: @mdallow\n"
    )
    a = A(name, fmt, text)
    AQ, WO, BK, TM = "Adelaide Quint", "Wendell Osei", "Bram Keswick", "Theo Marchetti"
    GA, IT = "Gideon Achterberg", "Imani Tuckwell"
    QC, KC, BOE = "Quint campaign", "Keswick campaign", "Tressler County Board of Elections"
    CFC, HUP = "Calloway Falls Courier", "Heartland Unity Party"
    # the campaign's lawsuit speaks for the campaign (an organization; never the person Quint)
    a.q("impose burdens on one candidate", "asked to bear.", QC, "says", "partial", "explicit", "The lawsuit")
    a.q("I have been on more ballots", "in this state,", AQ, "said", "direct", "explicit", "Quint")
    # the second half of the sentence split by the cue: same cue, explicit
    a.q("and I have never seen anything", "will not notice.", AQ, "said", "direct", "explicit", "Quint")
    a.q("vigorously.", "vigorously.", BOE, "said", "partial", "explicit", "The board")
    a.q("in good faith and in public.", "in public.", WO, "said", "partial", "explicit", WO)
    # "The daily" = the Calloway Falls Courier, "the city's daily newspaper"
    a.q("practically invisible.", "invisible.", CFC, "called", "partial", "explicit", "The daily")
    a.q("hidden the meeting in plain sight.", "sight.", AQ, "said", "partial", "explicit", "The former governor")
    # "said his spokesman, Theo Marchetti": the named spokesman is the speaker; "Adelaide" is Quint
    a.q("Adelaide is doing what", "somebody else,", TM, "said", "direct", "explicit", TM)
    a.q("The rules are the rules", "same for everybody.", TM, None, "direct", "continuation")
    # "Asked whether ...": no reported speech; "the Ohio developer" = Bram Keswick
    a.q("read about it in the paper", "everybody else.", BK, "said", "partial", "explicit", "the Ohio developer")
    a.q("welcome a fair fight", "the court sets.", KC, "said", "partial", "explicit", "The Keswick campaign")
    # an email the party sent: its issuer, the party
    a.q("a stunt by a candidate", "cannot win.", HUP, "called", "partial", "explicit", "An email")
    a.q("This is not complicated,", "complicated,", GA, "said", "direct", "explicit", "he")
    a.q("A rule that lands on one person", "neutral rule.", GA, None, "direct", "continuation")
    # "she": Osei (a man) was named last; the woman of the paragraph before is Tuckwell
    a.q("We will hand in every one", "first morning,", IT, "said", "direct", "explicit", "she")
    a.ind(QC, "arguing", "that new rules for nominating petitions were written to keep her off the ballot in this "
          "year's mayoral race")  # fmt: skip
    a.ind(QC, "says", 'the rules "impose burdens on one candidate that no other candidate has been asked to bear."')
    # "Officials at the Board of Elections" = the board
    a.ind(BOE, "said", "the changes applied to every candidate and were needed after an audit found more than 300 "
          "forged signatures on petitions in the 2021 race")  # fmt: skip
    a.ind(BOE, "said", 'it would defend the rules "vigorously."')
    a.ind(WO, "said", 'his members had acted "in good faith and in public."')
    a.ind(WO, "noted", "that the May meeting had been advertised in the Calloway Falls Courier, the city's daily "
          "newspaper")  # fmt: skip
    a.ind(CFC, "said", "that it could find no record of the notice in its print edition")
    a.ind(AQ, "said", 'the newspaper\'s findings showed that the board had "hidden the meeting in plain sight."')
    a.ind(BK, "said", 'he had "read about it in the paper like everybody else."')
    a.ind(KC, "said", 'that it would "welcome a fair fight under whatever rules the court sets."')
    a.ind(GA, "said", "he expected a hearing within two weeks")
    a.ind(IT, "said", "volunteers had already collected about 4,000 signatures")
    a.ind(WO, "has said", "the board will check each of them by hand")
    a.ind(QC, "said", "that it would appeal any ruling that went against it")
    return a, dict(
        people=[
            person(AQ, [AQ, "Quint", "Adelaide"], "former governor"),
            person("Russell Pembury", ["Russell Pembury"], "Gov."),
            person(WO, [WO, "Osei"], "chairman", BOE),
            # "Keswick" alone only modifies "campaign": not an alias
            person(BK, [BK], "developer", HUP),
            person(TM, [TM], "spokesman"),
            person(GA, [GA], "lawyer"),
            person(IT, [IT], "campaign manager", QC),
        ],
        organizations=[
            org(QC), org(KC), org(BOE, [BOE, "Board of Elections"]), org("Tressler County Common Pleas Court"),
            org(HUP, [HUP, "Heartland Unity"]), org(CFC, [CFC, "Courier"]),
        ],
        optional_organizations=[],
        # the dateline in capitals and the reporter's "Follow ... on Twitter" line
        not_people=["Marguerite Dallow", "CALLOWAY FALLS", "Calloway Falls", "Tressler County", "Ohio"],
        not_organizations=["Marguerite Dallow", "CALLOWAY FALLS", "Calloway Falls", "Tressler County", "Ohio", AQ,
                           "Quint", BK],
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# business
@article("own_business_1", "curly")
def _(name, fmt):
    text = (
        "Penhallow shares slump after ‘brutal’ Christmas\n"
        "Shares in the retailer Penhallow fell by almost a fifth on Thursday after it warned that annual "
        "profits would be well below expectations following what its chief executive called “the most "
        "brutal Christmas trading period in a generation”.\n"
        "The department store chain, which was founded in Truro in 1911 and now has 212 stores across "
        "Britain and Ireland, said like-for-like sales fell 6.4% in the six weeks to 4 January. It now "
        "expects a pre-tax profit of between £38m and £44m, down from £71m a year earlier.\n"
        "Chief executive Harriet Oyelaran said shoppers had “simply stopped buying anything they did not "
        "need”.\n"
        "“We went into December with the right ranges and the right prices, and it was not enough,” she "
        "said. “I am not going to pretend otherwise.”\n"
        "Ms Oyelaran, who joined Penhallow from the supermarket group Tully’s Larder in 2021, said the "
        "company would close 14 stores and review “every pound of spending that does not face a "
        "customer”. A relaunch of its own-brand homeware, known inside the business as “Project "
        "Kittiwake”, will be brought forward to the spring.\n"
        "Analysts were unimpressed. “This is the third warning in 18 months, and each one has been worse "
        "than the last,” said Fenwick Adebayo, retail analyst at the broker Ostrander & Vale. He said "
        "the chain had been slow to respond when the online rival Brightmoor, which is run by the former "
        "Penhallow buyer Nikolai Strand, cut its delivery charges in October.\n"
        "“They let Brightmoor take their younger customers without a fight,” he said. “Now they are "
        "closing shops to pay for it.”\n"
        "Mr Adebayo’s colleague at Ostrander & Vale, Celestine Marr, said the balance sheet could “take "
        "one more bad year, but not two”.\n"
        "The company’s largest lender, Greyfriars Bank, said it continued to support the business. In a "
        "statement, the bank said it had “every confidence in the management team”, but it declined to "
        "say whether it would extend a £150m credit facility that expires next year.\n"
        "Aurelio Penhallow, 88, a grandson of the founder, still owns 9% of the shares. He told the "
        "Western Ledger that he had “never seen a board so frightened of its own shops”, and said he "
        "would vote against the closures at the annual meeting in June.\n"
        "“They are closing the wrong shops for the wrong reasons,” the 88-year-old told the newspaper. "
        "“The shops are not the problem. The people running them from London are.”\n"
        "The newspaper reported last month that two of the company’s nine directors had argued for a "
        "sale of the business to a private equity firm. Penhallow said at the time that it did not "
        "comment on “market speculation”.\n"
        "Penhallow shares closed 18.7% lower at 41.2p.\n"
    )
    a = A(name, fmt, text)
    HO, FA, CMa, AP = "Harriet Oyelaran", "Fenwick Adebayo", "Celestine Marr", "Aurelio Penhallow"
    P, OV, GB, WL = "Penhallow", "Ostrander & Vale", "Greyfriars Bank", "Western Ledger"
    # headline quote, no cue: the chief executive's “the most brutal ...” in the first sentence
    a.q("brutal", "brutal", HO, None, "partial", "continuation")
    # "its chief executive" = Harriet Oyelaran, named in the next paragraph
    a.q("the most brutal Christmas", "in a generation", HO, "called", "partial", "explicit", "its chief executive")
    a.q("simply stopped buying", "did not need", HO, "said", "partial", "explicit", HO)
    a.q("We went into December", "not enough,", HO, "said", "direct", "explicit", "she")
    a.q("I am not going to pretend otherwise.", "otherwise.", HO, None, "direct", "continuation")
    a.q("every pound of spending", "face a customer", HO, "said", "partial", "explicit", "Ms Oyelaran")
    a.nq("Project Kittiwake")  # the name of a project
    a.q("This is the third warning", "worse than the last,", FA, "said", "direct", "explicit", FA)
    # "he" opens the paragraph after Nikolai Strand was named inside Adebayo's reported clause: Adebayo
    a.q("They let Brightmoor take", "without a fight,", FA, "said", "direct", "explicit", "he")
    a.q("Now they are closing shops", "pay for it.", FA, None, "direct", "continuation")
    # "Mr Adebayo’s colleague at Ostrander & Vale, Celestine Marr, said"
    a.q("take one more bad year", "not two", CMa, "said", "partial", "explicit", CMa)
    # "the bank" = Greyfriars Bank; "declined to say whether ..." is not reported speech
    a.q("every confidence in the management team", "management team", GB, "said", "partial", "explicit", "the bank")
    a.q("never seen a board so frightened", "its own shops", AP, "told", "partial", "explicit", "He")
    # "the 88-year-old" = Aurelio Penhallow, 88; "the newspaper" = the Western Ledger
    a.q("They are closing the wrong shops", "wrong reasons,", AP, "told", "direct", "explicit", "the 88-year-old")
    a.q("The shops are not the problem.", "from London are.", AP, None, "direct", "continuation")
    a.q("market speculation", "speculation", P, "said", "partial", "explicit", "Penhallow")  # the company
    a.ind(P, "warned", "that annual profits would be well below expectations following what its chief executive "
          "called “the most brutal Christmas trading period in a generation”")  # fmt: skip
    a.ind(P, "said", "like-for-like sales fell 6.4% in the six weeks to 4 January")  # "The department store chain"
    a.ind(HO, "said", "shoppers had “simply stopped buying anything they did not need”")
    a.ind(HO, "said", "the company would close 14 stores and review “every pound of spending that does not face a "
          "customer”")  # fmt: skip
    a.ind(FA, "said", "the chain had been slow to respond when the online rival Brightmoor, which is run by the former "
          "Penhallow buyer Nikolai Strand, cut its delivery charges in October")  # fmt: skip
    a.ind(CMa, "said", "the balance sheet could “take one more bad year, but not two”")
    a.ind(GB, "said", "it continued to support the business")
    a.ind(GB, "said", "it had “every confidence in the management team”")
    a.ind(AP, "told", "that he had “never seen a board so frightened of its own shops”")
    a.ind(AP, "said", "he would vote against the closures at the annual meeting in June")
    a.ind(WL, "reported", "that two of the company’s nine directors had argued for a sale of the business to a private "
          "equity firm")  # fmt: skip
    a.ind(P, "said", "that it did not comment on “market speculation”")
    return a, dict(
        people=[
            person(HO, [HO, "Oyelaran"], "chief executive", P),
            person(FA, [FA, "Adebayo"], "retail analyst", OV),
            person("Nikolai Strand", ["Nikolai Strand"], None, "Brightmoor"),
            person(CMa, [CMa], None, OV),
            # the founder's grandson: never "Penhallow" alone (that is the company)
            person(AP, [AP], None, None),
        ],
        organizations=[org(P), org("Tully’s Larder"), org(OV), org("Brightmoor"), org(GB), org(WL)],
        optional_organizations=[],
        # a retailer, a grocer and a broker named like people
        not_people=["Penhallow", "Tully’s Larder", "Ostrander & Vale", "Truro", "Britain", "Ireland", "London",
                    "Project Kittiwake", "Christmas", "Analysts"],
        not_organizations=["Truro", "Britain", "Ireland", "London", "Project Kittiwake", "Christmas", AP, HO],
    )  # fmt: skip


@article("own_business_2", "bbc")
def _(name, fmt):
    text = (
        "Jewellers fear engagement ring rise Britain's independent jewellers have warned that a new "
        "import duty on polished diamonds could add as much as 10% to the price of an engagement ring. "
        "The 14% duty, which takes effect on 1 April, follows a complaint from the Northfleet Gem "
        "Company, the country's last large diamond-cutting business, that Canadian rivals were selling "
        'stones below cost. Canada said it would "examine every option" to protect its cutters, '
        "including a formal challenge. Jeweller Ottilie Brackwood, who runs three shops in Bath and "
        'Bristol, said the duty was "a tax on people getting married". "Most of my customers have saved '
        "for a year or more for the ring. They are not going to be happy when I tell them the stone they "
        'picked in January now costs another £300," she said. The Guild of Independent Jewellers, which '
        "represents about 1,100 shops, said in a submission to the Import Fairness Board that the duty "
        'would "punish shops for a problem they did not create". The board, an agency set up in 2021 to '
        'investigate unfair trade, said it had found clear evidence of dumping. "Our findings are based '
        'on three years of pricing data and are not a judgement on any individual business," the agency '
        'said. Northfleet chief executive Barnaby Quayle described the duty as "a lifeline" for the 400 '
        "people who work at its cutting rooms in Kent. He said that without it the company would have "
        'closed its Gravesend workshop by the summer. "We were losing money on every stone we cut. '
        "Nobody can run a business like that for long,\" he told the Kent Evening Mercury. Mr Quayle's "
        "finance director, Ruth Egwuatu, said the firm would now hire 60 more cutters. The UK's largest "
        "jewellery chain, Kestrel Point, said it would not pass the duty on to customers before the "
        'summer. "We have bought enough stock to see us through the spring," it said, adding that it '
        "would review prices in July. Asked whether prices would then rise, a spokesman for the chain "
        'said it was "too early to say". Diamonds cut in Belgium and India are not affected by the duty. '
        "Ottawa has until the end of March to lodge an appeal."
    )
    a = A(name, fmt, text)
    OB, BQ = "Ottilie Brackwood", "Barnaby Quayle"
    NGC, GIJ = "Northfleet Gem Company", "Guild of Independent Jewellers"
    IFB, KP = "Import Fairness Board", "Kestrel Point"
    # a country that speaks (its government) is an organization
    a.q("examine every option", "option", "Canada", "said", "partial", "explicit", "Canada")
    # "Jeweller Ottilie Brackwood": the occupation is not part of the name
    a.q("a tax on people getting married", "married", OB, "said", "partial", "explicit", OB)
    a.q("Most of my customers", "another £300,", OB, "said", "direct", "explicit", "she")
    # the guild's submission: its issuer
    a.q("punish shops for a problem", "did not create", GIJ, "said", "partial", "explicit",
        "The Guild of Independent Jewellers")  # fmt: skip
    # "the agency" = the Import Fairness Board ("The board, an agency set up in 2021")
    a.q("Our findings are based", "individual business,", IFB, "said", "direct", "explicit", "the agency")
    a.q("a lifeline", "a lifeline", BQ, "described", "partial", "explicit", BQ)
    a.q("We were losing money", "for long,", BQ, "told", "direct", "explicit", "he")
    # "it" = the chain Kestrel Point
    a.q("We have bought enough stock", "the spring,", KP, "said", "direct", "explicit", "it")
    # "Asked whether ...": not reported speech; an unnamed spokesman for the chain = the chain
    a.q("too early to say", "to say", KP, "said", "partial", "explicit", "a spokesman for the chain")
    a.ind(NGC, "complaint", "that Canadian rivals were selling stones below cost")  # "a complaint from ... that"
    a.ind("Canada", "said", 'it would "examine every option" to protect its cutters, including a formal challenge')
    a.ind(OB, "said", 'the duty was "a tax on people getting married"')
    a.ind(GIJ, "said", 'that the duty would "punish shops for a problem they did not create"')
    a.ind(IFB, "said", "it had found clear evidence of dumping")
    a.ind(BQ, "said", "that without it the company would have closed its Gravesend workshop by the summer")
    a.ind("Ruth Egwuatu", "said", "the firm would now hire 60 more cutters")  # "Mr Quayle's finance director, ..."
    a.ind(KP, "said", "it would not pass the duty on to customers before the summer")
    a.ind(KP, "adding", "that it would review prices in July")
    a.ind(KP, "said", 'it was "too early to say"')
    return a, dict(
        people=[
            person(OB, [OB], "jeweller"),
            # "Northfleet chief executive Barnaby Quayle": the organization is Northfleet
            person(BQ, [BQ, "Quayle"], "chief executive", NGC),
            person("Ruth Egwuatu", ["Ruth Egwuatu"], "finance director", NGC),
        ],
        organizations=[org(NGC, [NGC, "Northfleet"]), org("Canada"), org(GIJ), org(IFB), org("Kent Evening Mercury"),
                       org(KP)],
        # a capital used for its government, not speaking
        optional_organizations=["Ottawa"],
        # companies named like places
        not_people=["Jeweller Ottilie Brackwood", "Kestrel Point", "Northfleet", "Britain", "Bath", "Bristol", "Kent",
                    "Gravesend", "Belgium", "India"],
        not_organizations=["Britain", "UK", "Canadian", "Bath", "Bristol", "Kent", "Gravesend", "Belgium", "India", OB,
                           BQ],
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# sport
@article("own_sport_1", "bbc")
def _(name, fmt):
    text = (
        "Brannagh: 'We let Norway off the hook' Wales manager Siobhan Brannagh said her side had only "
        "themselves to blame after Norway came from behind to win 2-1 in their Atlantic Nations Cup "
        "qualifier in Cardiff. Ffion Aldred gave Wales a 27th-minute lead, but two goals in four minutes "
        'from substitute Marit Solheimsvik turned the game around. "We had chances to put the game to '
        'bed," said Brannagh, "and we did not take them. At this level you get punished for that." '
        "Aldred, 24, who plays her club football for Ravensholm United, hit the post with a header in "
        'stoppage time. The 24-year-old was named player of the match but said she took "no pleasure at '
        'all" from the award. Norway coach Halvard Tveit described the win as "the most important result '
        'this group has had in two years". "Wales are a very good side and for an hour they were the '
        'better team," he told Nordkyst Radio. "But we have players who do not give up, and Marit showed '
        'that today." Solheimsvik, 19, only joined Fjellvik IF from the Danish club Aarhusgaard in '
        "January. Tveit said he had planned to give her 20 minutes at most. Brannagh, who took charge of "
        'Wales in 2022, refused to criticise her goalkeeper, Carys Tudwal, for the second goal. "Carys '
        'has saved us in plenty of games this year. I am not going to hang anybody out to dry," she '
        'said. Wales captain Nia Garrow-Price said the dressing room was "hurting" but that the campaign '
        'was "far from over". "We still control our own destiny. Win our last two games and we are '
        'there," she added. The defeat leaves Wales third in their group, two points behind Norway with '
        "two matches to play. Wales play Iceland on Tuesday, while Norway host Portugal in Bergen."
    )
    a = A(name, fmt, text)
    SB, FAl, MS, HT = "Siobhan Brannagh", "Ffion Aldred", "Marit Solheimsvik", "Halvard Tveit"
    CT, NGP = "Carys Tudwal", "Nia Garrow-Price"
    # "Name: '...'" headline: the name before the colon is the speaker (cue ":")
    a.q("We let Norway off the hook", "off the hook", SB, ":", "direct", "explicit", "Brannagh")
    a.q("We had chances to put the game to bed,", "to bed,", SB, "said", "direct", "explicit", "Brannagh")
    # the second half of the sentence split by the cue: same cue, explicit
    a.q("and we did not take them.", "punished for that.", SB, "said", "direct", "explicit", "Brannagh")
    # "The 24-year-old" = Ffion Aldred ("Aldred, 24, ...")
    a.q("no pleasure at all", "at all", FAl, "said", "partial", "explicit", "The 24-year-old")
    a.q("the most important result", "in two years", HT, "described", "partial", "explicit", HT)
    a.q("Wales are a very good side", "better team,", HT, "told", "direct", "explicit", "he")
    a.q("But we have players", "showed that today.", HT, None, "direct", "continuation")
    # "she": the goalkeeper Carys Tudwal is named last, as the object; the speaker is the subject, Brannagh
    a.q("Carys has saved us", "out to dry,", SB, "said", "direct", "explicit", "she")
    a.q("hurting", "hurting", NGP, "said", "partial", "explicit", NGP)
    a.q("far from over", "from over", NGP, "said", "partial", "explicit", NGP)
    a.q("We still control our own destiny.", "we are there,", NGP, "added", "direct", "explicit", "she")
    a.ind(SB, "said", "her side had only themselves to blame after Norway came from behind to win 2-1 in their "
          "Atlantic Nations Cup qualifier in Cardiff")  # fmt: skip
    a.ind(FAl, "said", 'she took "no pleasure at all" from the award')
    a.ind(HT, "said", "he had planned to give her 20 minutes at most")
    a.ind(NGP, "said", 'the dressing room was "hurting" but that the campaign was "far from over"')
    return a, dict(
        people=[
            person(SB, [SB, "Brannagh"], "manager", "Wales"),
            person(FAl, [FAl, "Aldred"], None, "Ravensholm United"),
            person(MS, [MS, "Solheimsvik", "Marit"], "substitute", "Fjellvik IF"),
            person(HT, [HT, "Tveit"], "coach", "Norway"),
            person(CT, [CT, "Carys"], "goalkeeper", "Wales"),
            person(NGP, [NGP], "captain", "Wales"),
        ],
        # national teams and clubs in a sport report are organizations
        organizations=[org("Wales"), org("Norway"), org("Iceland"), org("Portugal"), org("Ravensholm United"),
                       org("Fjellvik IF"), org("Aarhusgaard"), org("Nordkyst Radio")],
        optional_organizations=[],
        not_people=["Atlantic Nations Cup", "Cardiff", "Bergen", "Danish"],
        not_organizations=["Atlantic Nations Cup", "Cardiff", "Bergen", "Danish", SB, HT],
    )  # fmt: skip


@article("own_sport_2", "curly")
def _(name, fmt):
    text = (
        "Petrakis hails ‘fearless’ Kirkholme after last-gasp win\n"
        "Kirkholme Wanderers 24-22 Ashby Vale\n"
        "By Jonah Ferriday at Marsh Lane\n"
        "Kirkholme Wanderers went top of the table on Saturday after replacement fly-half Tiago "
        "Ferreira-Lunn, 20, kicked a penalty with the last action of the game.\n"
        "Kirkholme coach Duane Petrakis described the performance as “the bravest I have seen from this "
        "group” and said his players had shown they could win ugly.\n"
        "“We were not at our best for long spells, but nobody stopped working,” said Petrakis. “That is "
        "the difference between this season and last.”\n"
        "Ashby Vale had led 22-14 with 12 minutes left after two tries from their winger, Keanu "
        "Doughty-Mensah. Kirkholme captain Joel Amankwah then forced his way over from close range, and "
        "Ferreira-Lunn converted before landing the winning penalty.\n"
        "The 20-year-old, who joined on loan from Harbury Saints in November, admitted his legs had been "
        "shaking. “I just tried to hit it like I do in training,” he said. “The lads told me afterwards "
        "that they had not dared to watch.”\n"
        "Amankwah praised the youngster’s nerve. Asked whether he had thought about kicking for the "
        "corner instead, the captain said it had been “never in doubt” that Ferreira-Lunn would go for "
        "goal.\n"
        "Petrakis was less happy with his side’s first-half discipline, when they gave away nine "
        "penalties. “We cannot keep doing that,” he said. “Against the better teams we will be punished.”\n"
        "Ashby Vale director of rugby Maeve Oduya called the decision to award the final penalty “harsh” "
        "but refused to blame the referee, Oskar Lindmark. She said her side had “let a game slip that "
        "was ours to win”.\n"
        "“We have to learn to close games out,” she said. “The players know that, and they are hurting.”\n"
        "Doughty-Mensah, 27, will find out this week whether he has been picked for the national squad. "
        "Oduya said he was “playing the best rugby of his career”.\n"
        "Kirkholme travel to Ellerby Park next Saturday to face Castlemoor Rangers.\n"
        "Additional reporting by Priya Quennell\n"
    )
    a = A(name, fmt, text)
    DP, TFL, KDM = "Duane Petrakis", "Tiago Ferreira-Lunn", "Keanu Doughty-Mensah"
    JA, MO = "Joel Amankwah", "Maeve Oduya"
    KW, AV = "Kirkholme Wanderers", "Ashby Vale"
    a.q("fearless", "fearless", DP, "hails", "partial", "explicit", "Petrakis")  # headline, cue "hails"
    # "Kirkholme coach Duane Petrakis": described the performance as "…"
    a.q("the bravest I have seen", "from this group", DP, "described", "partial", "explicit", DP)
    a.q("We were not at our best", "stopped working,", DP, "said", "direct", "explicit", "Petrakis")
    a.q("That is the difference", "and last.", DP, None, "direct", "continuation")
    # "The 20-year-old" = Ferreira-Lunn, 20; "he" = the same subject
    a.q("I just tried to hit it", "in training,", TFL, "said", "direct", "explicit", "he")
    a.q("The lads told me", "dared to watch.", TFL, None, "direct", "continuation")
    # "Asked whether ...": not reported speech; "the captain" = Joel Amankwah
    a.q("never in doubt", "in doubt", JA, "said", "partial", "explicit", "the captain")
    a.q("We cannot keep doing that,", "doing that,", DP, "said", "direct", "explicit", "he")
    a.q("Against the better teams", "be punished.", DP, None, "direct", "continuation")
    a.q("harsh", "harsh", MO, "called", "partial", "explicit", MO)
    a.q("let a game slip", "ours to win", MO, "said", "partial", "explicit", "She")
    # "she": the referee Oskar Lindmark (a man) was named last
    a.q("We have to learn to close", "games out,", MO, "said", "direct", "explicit", "she")
    a.q("The players know that", "they are hurting.", MO, None, "direct", "continuation")
    a.q("playing the best rugby", "of his career", MO, "said", "partial", "explicit", "Oduya")
    a.ind(DP, "said", "his players had shown they could win ugly")
    a.ind(TFL, "admitted", "his legs had been shaking")
    a.ind(JA, "said", "it had been “never in doubt” that Ferreira-Lunn would go for goal")
    a.ind(MO, "said", "her side had “let a game slip that was ours to win”")
    a.ind(MO, "said", "he was “playing the best rugby of his career”")
    return a, dict(
        people=[
            # "Kirkholme coach Duane Petrakis": the organization is Kirkholme (Wanderers)
            person(DP, [DP, "Petrakis"], "coach", KW),
            person(TFL, [TFL, "Ferreira-Lunn"], "fly-half", KW),
            person(KDM, [KDM, "Doughty-Mensah"], "winger", AV),
            person(JA, [JA, "Amankwah"], "captain", KW),
            person(MO, [MO, "Oduya"], "director of rugby", AV),
            person("Oskar Lindmark", ["Oskar Lindmark"], "referee"),
        ],
        organizations=[org(KW, [KW, "Kirkholme"]), org(AV), org("Harbury Saints"), org("Castlemoor Rangers")],
        optional_organizations=[],
        # byline and credit line; grounds are venues
        not_people=["Jonah Ferriday", "Priya Quennell", "Marsh Lane", "Ellerby Park", AV],
        not_organizations=["Jonah Ferriday", "Priya Quennell", "Marsh Lane", "Ellerby Park", DP, MO],
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# courts
@article("own_courts_1", "curly")
def _(name, fmt):
    text = (
        "Radio host tells libel trial: ‘I never said he took a bribe’\n"
        "A radio host being sued for libel by a property developer told Westhaven Civil Court on "
        "Wednesday that she had “never once” accused him of taking a bribe.\n"
        "Delphine Arkwright, who presents the weekday phone-in on Harbour Talk 94, is being sued by "
        "Crispin Vallance over a broadcast in March last year in which a caller linked him to the "
        "approval of a casino licence.\n"
        "Mr Vallance, 67, says the programme left listeners with the impression that he had paid a "
        "councillor to support the licence. He is seeking £400,000 in damages from Ms Arkwright and the "
        "station’s owner, Saltmarsh Media.\n"
        "Giving evidence, the radio host said she had cut the caller off as soon as she realised where "
        "the conversation was going. “I have done this job for 22 years,” she told the court. “I know "
        "what a bribe is, and I know what an allegation is, and I did not make one.”\n"
        "The court heard a recording of the exchange, which a clerk then read from the transcript:\n"
        "CALLER: “Everyone knows how that licence got through. Everyone knows who got paid.”\n"
        "ARKWRIGHT: “Careful. I’m not having that on my show.”\n"
        "Cross-examining her, Mr Vallance’s barrister, Isidore Fenchurch KC, suggested that her tone had "
        "given the caller’s claim credibility. “You laughed, Ms Arkwright,” he said. “Listeners heard "
        "you laugh.”\n"
        "She replied: “I laughed because it was ridiculous. That is not the same as agreeing with it.”\n"
        "In its written defence, the company says the broadcast was “a fair and accurate account of a "
        "live conversation” and that Ms Arkwright acted “promptly and responsibly”.\n"
        "Mr Vallance gave evidence on Tuesday. He told the court that the broadcast had cost him two "
        "contracts and that friends had stopped returning his calls.\n"
        "“For a year I could not walk into a restaurant in this town without people looking at me,” he "
        "said. “My grandchildren were asked at school whether their grandfather was a criminal.\n"
        "“I have built houses in Westhaven for forty years. I did not deserve this.”\n"
        "Judge Rosalind Okafor-Bright, who is hearing the case without a jury, said at the start of the "
        "trial that it turned on what an ordinary listener would have understood. She said Ms "
        "Arkwright’s fame should play no part in that judgement.\n"
        "The Westhaven Gazette, which first reported the complaint, was criticised by Mr Fenchurch for "
        "describing his client as “the casino developer”. The newspaper said in a statement that the "
        "phrase was “accurate and fairly used”.\n"
        "The trial continues.\n"
    )
    a = A(name, fmt, text)
    DA, CV, IF, ROB = "Delphine Arkwright", "Crispin Vallance", "Isidore Fenchurch", "Rosalind Okafor-Bright"
    SM, WG = "Saltmarsh Media", "Westhaven Gazette"
    a.q("I never said he took a bribe", "took a bribe", DA, "tells", "direct", "explicit", "Radio host")  # headline
    a.q("never once", "never once", DA, "told", "partial", "explicit", "A radio host")
    a.q("I have done this job", "for 22 years,", DA, "told", "direct", "explicit", "she")
    a.q("I know what a bribe is", "did not make one.", DA, None, "direct", "continuation")
    # transcript labels name the speaker (cue ":"); the caller is not named
    a.q("Everyone knows how", "who got paid.", None, ":", "direct", "explicit", "CALLER")
    a.q("Careful.", "on my show.", DA, ":", "direct", "explicit", "ARKWRIGHT")
    # "Mr Vallance’s barrister, Isidore Fenchurch KC, suggested ...": the named barrister
    a.q("You laughed, Ms Arkwright,", "Ms Arkwright,", IF, "said", "direct", "explicit", "he")
    a.q("Listeners heard you laugh.", "laugh.", IF, None, "direct", "continuation")
    # "She": Arkwright ("Cross-examining her"), not the barrister
    a.q("I laughed because", "agreeing with it.", DA, "replied", "direct", "explicit", "She")
    # its written defence: "the company" = Saltmarsh Media, the station's owner
    a.q("a fair and accurate account", "live conversation", SM, "says", "partial", "explicit", "the company")
    a.q("promptly and responsibly", "responsibly", SM, "says", "partial", "explicit", "the company")
    a.q("For a year I could not", "looking at me,", CV, "said", "direct", "explicit", "he")
    # no closing mark: the quote goes on into the next paragraph
    a.q("My grandchildren were asked", "was a criminal.", CV, None, "direct", "continuation")
    a.q("I have built houses", "deserve this.", CV, None, "direct", "continuation")
    # the newspaper's own phrase
    a.q("the casino developer", "casino developer", WG, "describing", "partial", "explicit", "The Westhaven Gazette")
    a.q("accurate and fairly used", "fairly used", WG, "said", "partial", "explicit", "The newspaper")  # its statement
    a.ind(DA, "told", "that she had “never once” accused him of taking a bribe")
    a.ind(CV, "says", "the programme left listeners with the impression that he had paid a councillor to support the "
          "licence")  # fmt: skip
    a.ind(DA, "said", "she had cut the caller off as soon as she realised where the conversation was going")
    a.ind(IF, "suggested", "that her tone had given the caller’s claim credibility")
    a.ind(SM, "says", "the broadcast was “a fair and accurate account of a live conversation” and that Ms Arkwright "
          "acted “promptly and responsibly”")  # fmt: skip
    a.ind(CV, "told", "that the broadcast had cost him two contracts and that friends had stopped returning his calls")
    a.ind(ROB, "said", "that it turned on what an ordinary listener would have understood")
    a.ind(ROB, "said", "Ms Arkwright’s fame should play no part in that judgement")
    a.ind(WG, "said", "that the phrase was “accurate and fairly used”")
    return a, dict(
        people=[
            person(DA, [DA, "Arkwright", "ARKWRIGHT"], "radio host", "Harbour Talk 94"),
            person(CV, [CV, "Vallance"], "property developer"),
            person(IF, [IF, "Isidore Fenchurch KC", "Fenchurch"], "barrister"),
            person(ROB, [ROB], "Judge", "Westhaven Civil Court"),
        ],
        organizations=[org("Westhaven Civil Court"), org("Harbour Talk 94"), org(SM), org(WG)],
        optional_organizations=[],
        not_people=["CALLER", "Westhaven", "KC"],
        not_organizations=["CALLER", "ARKWRIGHT", "Westhaven", DA, CV],
    )  # fmt: skip


@article("own_courts_2", "bbc")
def _(name, fmt):
    text = (
        "Builder jailed over pension scheme A builder who persuaded more than 80 pensioners to invest in "
        "homes that were never built has been jailed for seven years. Gareth Pellow-Dunne, 59, of "
        "Hessleford, took £3.2m through his company, Pellow Dunne Developments, between 2016 and 2020, "
        'Millbridge Crown Court heard. Judge Anselm Okwuosa said the 59-year-old had shown "breathtaking '
        'contempt" for people who had trusted him with their savings. "You knew from the start that '
        "these houses would never exist. You spent their money on yourself, on your racehorses and on "
        'your lawyers," the judge told him. Prosecutor Verity Klein said the company had sent investors '
        "glossy brochures showing 40 homes on a field near Hessleford. The brochures promised returns of "
        '"at least 9% a year, guaranteed". In mitigation, his barrister, Howell Imrie, said his client '
        'was "deeply ashamed" and had been suffering from depression. "He does not ask for sympathy. He '
        'asks the court to accept that he did not set out to steal," Mr Imrie said. In a victim '
        "statement read to the court, retired teacher Margery Colquhoun, 81, said she had lost her "
        'entire savings of £62,000. "I used to sleep well. Now I lie awake working out what I can afford '
        'to eat," she wrote. Her husband, Lorne, died last year. The Severnside Fraud Taskforce, which '
        'investigated the case, said in a statement that most of the money had now been traced. "We will '
        'use every power available to us to get it back for the victims," the taskforce said. In a court '
        "filing, the administrators of Pellow Dunne Developments, Sandford Ridley LLP, said creditors "
        "were likely to recover no more than 12p in the pound. Hessleford Parish Council, which sold the "
        "field to the company in 2017, declined to comment. Pellow-Dunne's wife, who was not charged, "
        "was in court for the sentencing."
    )
    a = A(name, fmt, text)
    GPD, AO, VK, HI, MC = "Gareth Pellow-Dunne", "Anselm Okwuosa", "Verity Klein", "Howell Imrie", "Margery Colquhoun"
    PDD, SFT, SR = "Pellow Dunne Developments", "Severnside Fraud Taskforce", "Sandford Ridley LLP"
    a.q("breathtaking contempt", "contempt", AO, "said", "partial", "explicit", AO)
    a.q("You knew from the start", "on your lawyers,", AO, "told", "direct", "explicit", "the judge")
    # the brochures the company sent (Verity Klein: "the company had sent investors glossy brochures")
    a.q("at least 9% a year", "guaranteed", PDD, "promised", "partial", "explicit", "The brochures")
    # "his barrister, Howell Imrie, said"
    a.q("deeply ashamed", "ashamed", HI, "said", "partial", "explicit", HI)
    a.q("He does not ask for sympathy.", "set out to steal,", HI, "said", "direct", "explicit", "Mr Imrie")
    # her victim statement: its issuer, named ("retired teacher Margery Colquhoun")
    a.q("I used to sleep well.", "afford to eat,", MC, "wrote", "direct", "explicit", "she")
    a.q("We will use every power", "for the victims,", SFT, "said", "direct", "explicit", "the taskforce")
    # "Millbridge Crown Court heard": the court hears, it does not speak, and the speaker is not named
    a.ind(AO, "said", 'the 59-year-old had shown "breathtaking contempt" for people who had trusted him with their '
          "savings")  # fmt: skip
    a.ind(VK, "said", "the company had sent investors glossy brochures showing 40 homes on a field near Hessleford")
    a.ind(HI, "said", 'his client was "deeply ashamed" and had been suffering from depression')
    a.ind(MC, "said", "she had lost her entire savings of £62,000")
    a.ind(SFT, "said", "that most of the money had now been traced")
    a.ind(SR, "said", "creditors were likely to recover no more than 12p in the pound")  # its court filing
    # "Hessleford Parish Council ... declined to comment": not reported speech
    return a, dict(
        people=[
            person(GPD, [GPD, "Pellow-Dunne"], "builder"),
            person(AO, [AO], "Judge", "Millbridge Crown Court"),
            person(VK, [VK], "Prosecutor"),
            person(HI, [HI, "Imrie"], "barrister"),
            person(MC, [MC], "retired teacher"),
            person("Lorne", ["Lorne"]),
        ],
        organizations=[org(PDD), org("Millbridge Crown Court"), org(SFT), org(SR, [SR, "Sandford Ridley"]),
                       org("Hessleford Parish Council")],
        optional_organizations=[],
        # firms named like people
        not_people=[PDD, SR, "Hessleford"],
        not_organizations=["Hessleford", GPD, MC, AO],
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# culture
@article("own_culture_1", "curly")
def _(name, fmt):
    text = (
        "Marchbank wins Fellgate Prize with ‘The Ballad of Wren Castell’\n"
        "Crime writer Ysolde Marchbank, 72, has won the Fellgate Prize for fiction with “The Ballad of "
        "Wren Castell”, a novel she says she “nearly threw in the bin” three times.\n"
        "The 72-year-old, who published her first book at 58, said she had been “absolutely certain” "
        "that she would not win when she arrived at the ceremony in York on Thursday night.\n"
        "The book follows Wren Castell, a ferry pilot on a Scottish sea loch who investigates the "
        "disappearance of her brother. The chair of the judges, the poet Ibrahima Restrepo-Keane, called "
        "it “a thriller with the patience of a great nineteenth-century novel”.\n"
        "“Every one of us came back to it,” he said, “and every one of us found something we had missed. "
        "Wren Castell will stay with readers for a very long time.”\n"
        "Marchbank beat five other shortlisted writers, including the former war reporter Idris "
        "Kettleby, whose debut “A Small Country of Smoke” had been the bookmakers’ favourite.\n"
        "Accepting the £25,000 prize, she thanked her publisher, Lanternfield Books, and her editor, "
        "Noor Haverstock, for “refusing to let me give up”.\n"
        "“I wrote most of this book at the kitchen table between midnight and three in the morning,” she "
        "told the audience. “There were many nights when I thought Wren was going to be the death of me.”\n"
        "Lanternfield said it would reprint 40,000 copies this month. The independent publisher, which "
        "has six staff, said the prize was “the best news we have had in twenty years”.\n"
        "Haverstock, who has edited all nine of Marchbank’s novels, said she had never doubted the book. "
        "She added that Inspector Fergal Dunnock, the detective who appears in Marchbank’s earlier "
        "series, would not be returning.\n"
        "The television network Corvane is already adapting the novel as a six-part drama. The network "
        "said filming would begin in Argyll in the spring, with Hebe Llanwarne in the title role.\n"
        "Asked whether she would watch it, Marchbank laughed. “Only if they let me write the ending,” "
        "she said.\n"
    )
    a = A(name, fmt, text)
    YM, IRK, NH, LB = "Ysolde Marchbank", "Ibrahima Restrepo-Keane", "Noor Haverstock", "Lanternfield Books"
    a.nq("The Ballad of Wren Castell")  # headline: a title in single marks, not speech
    a.nq("The Ballad of Wren Castell", 2)
    a.q("nearly threw in the bin", "in the bin", YM, "says", "partial", "explicit", "she")
    # "The 72-year-old" = Ysolde Marchbank, 72
    a.q("absolutely certain", "certain", YM, "said", "partial", "explicit", "The 72-year-old")
    a.q("a thriller with the patience", "century novel", IRK, "called", "partial", "explicit", IRK)
    a.q("Every one of us came back to it,", "back to it,", IRK, "said", "direct", "explicit", "he")
    a.q("and every one of us found", "a very long time.", IRK, "said", "direct", "explicit", "he")
    a.nq("A Small Country of Smoke")  # a title
    a.q("refusing to let me give up", "give up", YM, "thanked", "partial", "explicit", "she")
    # "she": her editor Noor Haverstock (a woman, an object) was named last; the speaker is the subject
    a.q("I wrote most of this book", "in the morning,", YM, "told", "direct", "explicit", "she")
    a.q("There were many nights", "death of me.", YM, None, "direct", "continuation")
    a.q("the best news we have had", "twenty years", LB, "said", "partial", "explicit", "The independent publisher")
    # "Asked whether ...": not reported speech
    a.q("Only if they let me write", "the ending,", YM, "said", "direct", "explicit", "she")
    a.ind(YM, "says", "she “nearly threw in the bin” three times")
    a.ind(YM, "said", "she had been “absolutely certain” that she would not win when she arrived at the ceremony in "
          "York on Thursday night")  # fmt: skip
    a.ind(LB, "said", "it would reprint 40,000 copies this month")
    a.ind(LB, "said", "the prize was “the best news we have had in twenty years”")
    a.ind(NH, "said", "she had never doubted the book")
    a.ind(NH, "added", "that Inspector Fergal Dunnock, the detective who appears in Marchbank’s earlier series, would "
          "not be returning")  # fmt: skip
    a.ind("Corvane", "said", "filming would begin in Argyll in the spring, with Hebe Llanwarne in the title role")
    return a, dict(
        people=[
            person(YM, [YM, "Marchbank"], "crime writer"),
            person(IRK, [IRK], "chair of the judges"),
            person("Idris Kettleby", ["Idris Kettleby"], "former war reporter"),
            person(NH, [NH, "Haverstock"], "editor", LB),
            person("Hebe Llanwarne", ["Hebe Llanwarne"]),
        ],
        organizations=[org(LB, [LB, "Lanternfield"]), org("Corvane")],
        optional_organizations=[],
        # fictional characters, titles, an award, places
        not_people=["Wren Castell", "Wren", "Inspector Fergal Dunnock", "Fergal Dunnock", "The Ballad of Wren Castell",
                    "A Small Country of Smoke", "Fellgate Prize", "York", "Argyll", "Scottish"],
        not_organizations=["Fellgate Prize", "The Ballad of Wren Castell", "A Small Country of Smoke", "York", "Argyll",
                           "Scottish", YM, NH],
    )  # fmt: skip


@article("own_culture_2", "straight")
def _(name, fmt):
    text = (
        "Vasquez-Lind: 'I wrote it for my mother'\n"
        "Composer Teodora Vasquez-Lind, 45, has said her first opera, which opens in Salford next month, "
        "began as a lullaby she wrote for her mother.\n"
        '"She used to sing to me in a language I never learned," the 45-year-old told the arts programme '
        'Nightlight on Eastwold Television. "When she got ill, I wanted to give something back to her in '
        'my own language, which is music."\n'
        'Her mother, Rosario Vasquez, was diagnosed with dementia in 2019 and died two years later. "By '
        'the end she did not know my name, but she knew the tune," Vasquez-Lind said.\n'
        'The opera, "Lullaby for Agnes Thwaite", follows a midwife in a Lancashire mill town through the '
        'winter of 1926. Agnes Thwaite is invented, the composer said, but "every woman in the story is '
        'somebody I met."\n'
        "It will be staged by the touring company Ropewalk Stage at the Corran Street Playhouse, with "
        "soprano Ines Carraway in the title role and the Halloran Chamber Orchestra in the pit.\n"
        'Ropewalk\'s artistic director, Callum Osterby, said the company had taken "a real risk" on a new '
        'work by a composer best known for film scores. "We do not have a big subsidy," he said. "If '
        'this does not sell, we will feel it for years."\n'
        'Carraway, who has sung with the company since 2015, said she had been "terrified and thrilled '
        'in equal measure" when she first saw the score. "Teodora writes music that sits right at the '
        'edge of what a voice can do," she said.\n'
        "Eastwold Television, which commissioned the opera, will broadcast the opening night. The "
        'network said it hoped to show a full recording at Christmas and called the work "the most '
        'ambitious thing we have ever put our name to."\n'
        "The folk trio Rookhill, who played on Vasquez-Lind's score for the 2021 film \"The Drowned "
        'Orchard", will perform a short set before each show.\n'
        "Tickets for the four-week run went on sale on Friday. A spokeswoman for Ropewalk Stage said the "
        "first week had almost sold out.\n"
        "Photograph: Lise Dunmore\n"
    )
    a = A(name, fmt, text)
    TVL, IC, CO = "Teodora Vasquez-Lind", "Ines Carraway", "Callum Osterby"
    ET, RS = "Eastwold Television", "Ropewalk Stage"
    # "Name: '...'" headline: the name before the colon is the speaker (cue ":")
    a.q("I wrote it for my mother", "my mother", TVL, ":", "direct", "explicit", "Vasquez-Lind")
    a.q("She used to sing to me", "never learned,", TVL, "told", "direct", "explicit", "the 45-year-old")
    a.q("When she got ill", "which is music.", TVL, None, "direct", "continuation")
    a.q("By the end she did not know", "knew the tune,", TVL, "said", "direct", "explicit", "Vasquez-Lind")
    a.nq("Lullaby for Agnes Thwaite")  # a title
    # a clause inside the writer's sentence ("..., the composer said, but "...""): partial
    a.q("every woman in the story", "somebody I met.", TVL, "said", "partial", "explicit", "the composer")
    a.q("a real risk", "real risk", CO, "said", "partial", "explicit", CO)
    a.q("We do not have a big subsidy,", "subsidy,", CO, "said", "direct", "explicit", "he")
    a.q("If this does not sell", "for years.", CO, None, "direct", "continuation")
    a.q("terrified and thrilled", "equal measure", IC, "said", "partial", "explicit", "Carraway")
    a.q("Teodora writes music", "a voice can do,", IC, "said", "direct", "explicit", "she")
    # "The network" = Eastwold Television
    a.q("the most ambitious thing", "our name to.", ET, "called", "partial", "explicit", "The network")
    a.nq("The Drowned Orchard")  # a title
    a.ind(TVL, "has said", "her first opera, which opens in Salford next month, began as a lullaby she wrote for her "
          "mother")  # fmt: skip
    a.ind(TVL, "said", "Agnes Thwaite is invented")
    a.ind(CO, "said", 'the company had taken "a real risk" on a new work by a composer best known for film scores')
    a.ind(IC, "said", 'she had been "terrified and thrilled in equal measure" when she first saw the score')
    a.ind(ET, "said", "it hoped to show a full recording at Christmas")
    a.ind(RS, "said", "the first week had almost sold out")  # "A spokeswoman for Ropewalk Stage"
    return a, dict(
        people=[
            person(TVL, [TVL, "Vasquez-Lind", "Teodora"], "composer"),
            person("Rosario Vasquez", ["Rosario Vasquez"]),
            person(IC, [IC, "Carraway"], "soprano", RS),
            person(CO, [CO], "artistic director", RS),
        ],
        organizations=[org(ET), org(RS, [RS, "Ropewalk"])],
        # a programme, an orchestra, a band
        optional_organizations=["Nightlight", "Halloran Chamber Orchestra", "Rookhill"],
        # a fictional character, titles, a venue, the photo credit
        not_people=["Agnes Thwaite", "Lullaby for Agnes Thwaite", "The Drowned Orchard", "Lise Dunmore",
                    "Corran Street Playhouse", "Rookhill", "Nightlight", "Salford", "Lancashire", "Christmas"],
        not_organizations=["Agnes Thwaite", "Lullaby for Agnes Thwaite", "The Drowned Orchard", "Lise Dunmore",
                           "Corran Street Playhouse", "Salford", "Lancashire", TVL],
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# science
@article("own_science_1", "curly")
def _(name, fmt):
    text = (
        "Seagrass meadows recovering faster than expected, survey finds\n"
        "By Anwen Castellanos, Science Correspondent\n"
        "Seagrass meadows off the coast of south-west England have grown by almost a third in five "
        "years, according to a survey published on Monday, in what scientists called “the clearest good "
        "news for our coastal waters in a generation”.\n"
        "The survey, carried out by the Pellinor Marine Institute in Plymouth, mapped 1,140 hectares of "
        "seagrass between Falmouth and Salcombe, up from 870 hectares in 2019.\n"
        "The institute’s lead author, Dr Kasimir Oduwole, said the recovery was “far faster than any of "
        "our models predicted”. He said cleaner water and new moorings that do not scrape the seabed "
        "were the most likely explanations.\n"
        "“When I started diving here in 2009,” said Dr Oduwole, “you could swim for ten minutes and see "
        "nothing but mud. Now there are places where the meadow goes on further than you can see.\n"
        "“It is not a miracle. It is what happens when you stop damaging something and give it time.”\n"
        "The report found that meadows near the mouths of rivers had grown the least. According to the "
        "report, run-off from farmland remains “a serious and unresolved pressure” on those sites.\n"
        "The Coastal Waters Agency, which paid for part of the survey, welcomed the findings. In a "
        "statement, the agency said the results showed that “targeted, local action works”, and that it "
        "would extend its mooring programme to six more harbours.\n"
        "France, whose fishing boats work the same waters, said it would carry out a similar survey off "
        "the coast of Brittany next year.\n"
        "Not everyone is convinced the recovery will last. Professor Hanne Brødsgaard-Ames of the "
        "University of Eastwick, who was not involved in the survey, said the figures covered only five "
        "summers and that a single hot year could undo much of the progress. She pointed to a heatwave "
        "in 2018 that killed off meadows in the Baltic.\n"
        "“I would love this to be the start of a long recovery,” she said. “But the honest answer is "
        "that we do not know yet.”\n"
        "Her colleague at Eastwick, Dr Tobiah Nwankwo-Reyes, said the survey’s methods were “excellent” "
        "but that the institute should publish its raw data. Dr Oduwole said the data would be released "
        "in the spring.\n"
        "Boat owners have also been sceptical of the new moorings, which cost about £3,000 each. Silas "
        "Trenwith, who chairs the Lowen Harbour Boat Owners’ Association, said members had been promised "
        "grants that never arrived.\n"
        "“They are happy to take the credit,” he said of the agency. “They were less happy to pay the "
        "bill.”\n"
        "Anwen Castellanos is science correspondent at the West Country Herald.\n"
    )
    a = A(name, fmt, text)
    KO, HBA, TNR, ST = "Kasimir Oduwole", "Hanne Brødsgaard-Ames", "Tobiah Nwankwo-Reyes", "Silas Trenwith"
    PMI, CWA, UE = "Pellinor Marine Institute", "Coastal Waters Agency", "University of Eastwick"
    # "scientists": an unnamed group
    a.q("the clearest good news", "in a generation", None, "called", "partial", "explicit", "scientists")
    a.q("far faster than any", "models predicted", KO, "said", "partial", "explicit", KO)
    a.q("When I started diving here in 2009,", "in 2009,", KO, "said", "direct", "explicit", "Dr Oduwole")
    # the second half, after the cue; no closing mark: the quote goes on into the next paragraph
    a.q("you could swim for ten minutes", "further than you can see.", KO, "said", "direct", "explicit", "Dr Oduwole")
    a.q("It is not a miracle.", "give it time.", KO, None, "direct", "continuation")
    # the report: its issuer, the institute that carried out the survey
    a.q("a serious and unresolved pressure", "pressure", PMI, "According to", "partial", "explicit", "the report")
    # the agency's statement
    a.q("targeted, local action works", "works", CWA, "said", "partial", "explicit", "the agency")
    a.q("I would love this", "long recovery,", HBA, "said", "direct", "explicit", "she")
    a.q("But the honest answer", "do not know yet.", HBA, None, "direct", "continuation")
    # "Her colleague at Eastwick, Dr Tobiah Nwankwo-Reyes, said"
    a.q("excellent", "excellent", TNR, "said", "partial", "explicit", TNR)
    a.q("They are happy to take the credit,", "the credit,", ST, "said", "direct", "explicit", "he")
    a.q("They were less happy", "pay the bill.", ST, None, "direct", "continuation")
    # "according to a survey ...": carried out by the institute (named in the next sentence)
    a.ind(PMI, "according to", "Seagrass meadows off the coast of south-west England have grown by almost a third in "
          "five years")  # fmt: skip
    a.ind(KO, "said", "the recovery was “far faster than any of our models predicted”")
    a.ind(KO, "said", "cleaner water and new moorings that do not scrape the seabed were the most likely explanations")
    a.ind(PMI, "found", "that meadows near the mouths of rivers had grown the least")  # "The report found"
    a.ind(PMI, "According to", "run-off from farmland remains “a serious and unresolved pressure” on those sites")
    a.ind(CWA, "said", "the results showed that “targeted, local action works”, and that it would extend its mooring "
          "programme to six more harbours")  # fmt: skip
    a.ind("France", "said", "it would carry out a similar survey off the coast of Brittany next year")
    a.ind(HBA, "said", "the figures covered only five summers and that a single hot year could undo much of the "
          "progress")  # fmt: skip
    a.ind(TNR, "said", "the survey’s methods were “excellent” but that the institute should publish its raw data")
    a.ind(KO, "said", "the data would be released in the spring")
    a.ind(ST, "said", "members had been promised grants that never arrived")
    return a, dict(
        people=[
            person(KO, [KO, "Oduwole"], "lead author", PMI),
            person(HBA, [HBA], "Professor", UE),
            person(TNR, [TNR], "Dr", UE),
            person(ST, [ST], "chair", "Lowen Harbour Boat Owners’ Association"),
        ],
        # a country that speaks is an organization
        organizations=[org(PMI), org(CWA), org(UE, [UE, "Eastwick"]), org("Lowen Harbour Boat Owners’ Association"),
                       org("France")],
        # named only in the author's closing credit line
        optional_organizations=["West Country Herald"],
        # byline and the author's closing line
        not_people=["Anwen Castellanos", "Science Correspondent", "England", "Plymouth", "Falmouth", "Salcombe",
                    "Brittany", "Baltic"],
        not_organizations=["Anwen Castellanos", "England", "Plymouth", "Falmouth", "Salcombe", "Brittany", "Baltic",
                           KO, HBA],
    )  # fmt: skip


@article("own_science_2", "bbc")
def _(name, fmt):
    text = (
        "Comet lander 'beyond saving' Engineers have given up trying to contact the Skerry comet lander, "
        "six weeks after it bounced off the surface of the comet and fell silent. The Halvorsen Space "
        'Agency said on Tuesday that the lander was "beyond saving" and that its team would now '
        "concentrate on the orbiter, which is still working normally. The lander, known to the public as "
        '"Little Puffin", was built by the Estonian firm Kaldmaa Avionics and launched in 2019. Mission '
        'manager Dr Yusra Belkacem said the decision had been "heartbreaking but unavoidable". "We sent '
        "more than 4,000 commands. We listened every time it might have had sunlight on its panels. "
        'There has been nothing," she told reporters in Tromso. She said the most likely explanation was '
        "that the lander had come to rest in a crater where its solar panels could not charge. The "
        "agency's director general, Piet van Oosterhuis, described the mission as \"a partial success and "
        'a complete education". He said the orbiter had already returned more data than planned. Japan '
        "said it would share images from its own comet probe, Tsubaki-3, to help the team find the "
        'lander. The agency said it was "grateful" for the offer. Kaldmaa Avionics said in a statement '
        'that it was "proud of every gram" of the lander. Its chief engineer, Rein Tammsaar, said the '
        'company would study the landing data "for years". Professor Oluwadamilare Finch, a planetary '
        "scientist at the Institute of Cometary Studies in Leiden who was not involved in the mission, "
        'said the lander\'s first bounce had been "spectacular". "A bounce that big tells you the surface '
        'is much harder than we assumed. That is a result in itself," he said. The orbiter will stay '
        "with the comet until its fuel runs out in 2027."
    )
    a = A(name, fmt, text)
    YB, PvO, RT, OF = "Yusra Belkacem", "Piet van Oosterhuis", "Rein Tammsaar", "Oluwadamilare Finch"
    HSA, KAv, ICS = "Halvorsen Space Agency", "Kaldmaa Avionics", "Institute of Cometary Studies"
    # headline quote, no cue: the agency's words in the body
    a.q("beyond saving", "beyond saving", HSA, None, "partial", "continuation")
    a.q("beyond saving", "beyond saving", HSA, "said", "partial", "explicit", "The Halvorsen Space Agency", 2)
    a.nq("Little Puffin")  # a nickname
    a.q("heartbreaking but unavoidable", "unavoidable", YB, "said", "partial", "explicit", YB)
    a.q("We sent more than 4,000 commands.", "There has been nothing,", YB, "told", "direct", "explicit", "she")
    a.q("a partial success", "complete education", PvO, "described", "partial", "explicit", PvO)
    a.q("grateful", "grateful", HSA, "said", "partial", "explicit", "The agency")
    a.q("proud of every gram", "every gram", KAv, "said", "partial", "explicit", KAv)  # its statement
    # "Its chief engineer, Rein Tammsaar": Kaldmaa's
    a.q("for years", "for years", RT, "said", "partial", "explicit", RT)
    a.q("spectacular", "spectacular", OF, "said", "partial", "explicit", OF)
    a.q("A bounce that big", "result in itself,", OF, "said", "direct", "explicit", "he")
    a.ind(HSA, "said", 'that the lander was "beyond saving" and that its team would now concentrate on the orbiter, '
          "which is still working normally")  # fmt: skip
    a.ind(YB, "said", 'the decision had been "heartbreaking but unavoidable"')
    a.ind(YB, "said", "the most likely explanation was that the lander had come to rest in a crater where its solar "
          "panels could not charge")  # fmt: skip
    a.ind(PvO, "said", "the orbiter had already returned more data than planned")
    a.ind("Japan", "said", "it would share images from its own comet probe, Tsubaki-3, to help the team find the "
          "lander")  # fmt: skip
    a.ind(HSA, "said", 'it was "grateful" for the offer')
    a.ind(KAv, "said", 'that it was "proud of every gram" of the lander')
    a.ind(RT, "said", 'the company would study the landing data "for years"')
    a.ind(OF, "said", 'the lander\'s first bounce had been "spectacular"')
    return a, dict(
        people=[
            person(YB, [YB], "Mission manager"),
            person(PvO, [PvO], "director general", HSA),
            person(RT, [RT], "chief engineer", KAv),
            person(OF, [OF], "planetary scientist", ICS),
        ],
        # a country that speaks is an organization
        organizations=[org(HSA), org(KAv), org("Japan"), org(ICS)],
        optional_organizations=[],
        # an agency named like a person; the comet, the lander's nickname, another probe
        not_people=["Halvorsen", "Skerry", "Little Puffin", "Tsubaki-3", "Tromso", "Leiden", "Estonian"],
        not_organizations=["Skerry", "Little Puffin", "Tsubaki-3", "Tromso", "Leiden", "Estonian", YB, PvO],
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# media
@article("own_media_1", "curly")
def _(name, fmt):
    text = (
        "Halberd One axes ‘Nightwatch Live’ after ratings slide\n"
        "HALBERD SHAKE-UP\n"
        "The broadcaster Halberd One is to cancel its late-evening news programme, “Nightwatch Live”, "
        "after nine years on air, the network said on Monday.\n"
        "The channel said the 30-minute programme had lost almost half its audience since 2021 and that "
        "the money would be spent on its streaming service, Halberd Now, which launched in September.\n"
        "Leontyne Abara, who has presented the show since its first night, said she had learned of the "
        "decision “about ten minutes before everybody else”.\n"
        "“I am sad, obviously, but I am not bitter,” the veteran presenter wrote in a post on social "
        "media. “Nine years is a long run for anything on television.”\n"
        "The decision was first reported by the media news agency Scrollwire, which said on Sunday that "
        "up to 40 jobs would go. The agency said the network’s board had approved the plan at a meeting "
        "last Thursday.\n"
        "Halberd One’s chief executive, Magnus Etheridge-Fox, said the channel had to “follow the "
        "audience, not wait for it to come back”. In an email to staff, he said the company had held "
        "talks with the former newsreader Gilbert Ansah-Hume, who now runs the rival channel Verity 24, "
        "about a joint late bulletin, but that no deal had been reached.\n"
        "“We looked at every option before we made this call,” he wrote. “None of them kept the "
        "programme on air without cutting something else that our viewers value more.”\n"
        "Mr Etheridge-Fox did not say what role, if any, Ms Abara would have at Halberd Now. “Leontyne "
        "will have a big part to play in whatever we do next,” said his spokesman, Dara Quill.\n"
        "Officials at the Media Workers’ Alliance, which represents most of the programme’s staff, said "
        "they would oppose any compulsory redundancies. “These are people who have kept a nightly news "
        "service going through a pandemic and two elections,” they said. “They deserve better than a "
        "press release.”\n"
        "The Morning Clarion, which has run a campaign against cuts to local news, said in an editorial "
        "that the decision was “a retreat from serious journalism”. The paper also called on the "
        "regulator to review the channel’s licence conditions.\n"
        "Asked whether Halberd One would ever return the late slot to news, a spokeswoman for the "
        "network declined to comment.\n"
        "Tamsin Greaves-Okoro writes about television for the Sunday Courant.\n"
    )
    a = A(name, fmt, text)
    LA, MEF, DQ = "Leontyne Abara", "Magnus Etheridge-Fox", "Dara Quill"
    HO1, SW, MWA, MCl = "Halberd One", "Scrollwire", "Media Workers’ Alliance", "Morning Clarion"
    a.nq("Nightwatch Live")  # headline: a programme's title in single marks, not speech
    a.nq("Nightwatch Live", 2)
    a.q("about ten minutes before", "everybody else", LA, "said", "partial", "explicit", LA)
    # "the veteran presenter" = Leontyne Abara
    a.q("I am sad, obviously", "not bitter,", LA, "wrote", "direct", "explicit", "the veteran presenter")
    a.q("Nine years is a long run", "on television.", LA, None, "direct", "continuation")
    a.q("follow the audience", "come back", MEF, "said", "partial", "explicit", MEF)
    # his email; "he" opens the paragraph after Gilbert Ansah-Hume was named inside his reported clause
    a.q("We looked at every option", "made this call,", MEF, "wrote", "direct", "explicit", "he")
    a.q("None of them kept", "value more.", MEF, None, "direct", "continuation")
    # "said his spokesman, Dara Quill": the named spokesman; "Leontyne" is Abara
    a.q("Leontyne will have a big part", "we do next,", DQ, "said", "direct", "explicit", DQ)
    # "they" = officials at the union = the union
    a.q("These are people who", "two elections,", MWA, "said", "direct", "explicit", "they")
    a.q("They deserve better", "press release.", MWA, None, "direct", "continuation")
    a.q("a retreat from serious journalism", "journalism", MCl, "said", "partial", "explicit", "The Morning Clarion")
    # "the network said": the clause before the cue
    a.ind(HO1, "said", "The broadcaster Halberd One is to cancel its late-evening news programme, “Nightwatch Live”, "
          "after nine years on air")  # fmt: skip
    a.ind(HO1, "said", "the 30-minute programme had lost almost half its audience since 2021 and that the money would "
          "be spent on its streaming service, Halberd Now, which launched in September")  # fmt: skip
    a.ind(LA, "said", "she had learned of the decision “about ten minutes before everybody else”")
    a.ind(SW, "said", "that up to 40 jobs would go")
    a.ind(SW, "said", "the network’s board had approved the plan at a meeting last Thursday")  # "The agency"
    a.ind(MEF, "said", "the channel had to “follow the audience, not wait for it to come back”")
    a.ind(MEF, "said", "the company had held talks with the former newsreader Gilbert Ansah-Hume, who now runs the "
          "rival channel Verity 24, about a joint late bulletin, but that no deal had been reached")  # fmt: skip
    a.ind(MWA, "said", "they would oppose any compulsory redundancies")
    a.ind(MCl, "said", "that the decision was “a retreat from serious journalism”")  # its editorial
    a.ind(MCl, "called on", "the regulator to review the channel’s licence conditions")  # "The paper"
    # "Asked whether ..., a spokeswoman for the network declined to comment": not reported speech
    return a, dict(
        people=[
            person(LA, [LA, "Abara", "Leontyne"], "presenter", HO1),
            person(MEF, [MEF, "Etheridge-Fox"], "chief executive", HO1),
            person("Gilbert Ansah-Hume", ["Gilbert Ansah-Hume"], "former newsreader", "Verity 24"),
            person(DQ, [DQ], "spokesman"),
        ],
        organizations=[org(HO1), org(SW), org("Verity 24"), org(MWA), org(MCl)],
        # named only in the author's closing line
        optional_organizations=["Sunday Courant"],
        # a programme, a streaming service (a product), the all-caps kicker, the author's closing line
        not_people=["Nightwatch Live", "Halberd Now", "HALBERD SHAKE-UP", "Tamsin Greaves-Okoro", "Verity 24"],
        not_organizations=["Nightwatch Live", "Halberd Now", "HALBERD SHAKE-UP", "Tamsin Greaves-Okoro", LA, MEF],
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# transport
@article("own_transport_1", "curly")
def _(name, fmt):
    text = (
        "Rail strike called off after ‘improved’ pay offer\n"
        "\n"
        "Train drivers on the Sallowmere Valley line have called off a strike planned for Friday after "
        "their union accepted what it described as “a genuinely improved offer” from the operator.\n"
        "\n"
        "The Associated Union of Rail Drivers said its members would vote on the deal over the next "
        "fortnight. Its general secretary, Fintan Mulcahy-Rowe, said the offer was “not everything we "
        "asked for, but a lot closer than where we started”.\n"
        "\n"
        "Mr Mulcahy-Rowe said drivers had been “pushed to the edge” by long shifts and cancelled rest "
        "days. He said he had met Sallowline’s managing director, Ambrose Keel, three times in the past "
        "week.\n"
        "\n"
        "“Nobody wants a strike, least of all drivers who lose a day’s pay,” he said. “But we were not "
        "going to be taken for granted.”\n"
        "\n"
        "Sallowline, which runs the line under a contract with Sallowmere County Council, said the deal "
        "would give drivers a 6.5% rise this year and a further 4% next year. It said fares would not "
        "rise as a result.\n"
        "\n"
        "“This has been a difficult few weeks for everyone, and most of all for our passengers,” the "
        "operator said. “We are glad that common sense has prevailed.”\n"
        "\n"
        "Officials at the union said they would recommend that members accept. “It is a fair deal and we "
        "will say so,” they said.\n"
        "\n"
        "The council, which subsidises the line by about £11m a year, said it had played no part in the "
        "talks but was “relieved” that services would run normally.\n"
        "\n"
        "The Sallowmere Independents, the largest opposition group on the council, said the dispute "
        "should never have been allowed to get so close to a strike. Their transport spokesman, Oswin "
        "Baptiste, called the deal “a sticking plaster on a line that needs surgery”.\n"
        "\n"
        "Lavinia Stroud-Harcourt, a former transport minister who now chairs the campaign group Save Our "
        "Valley Trains, said passengers had been “treated as an afterthought” throughout the dispute. "
        "The former minister said she would write to Mr Keel to ask for compensation for season ticket "
        "holders.\n"
        "\n"
        "The last strike on the line, in 2019, lasted four days.\n"
    )
    a = A(name, fmt, text)
    FMR, OBp, LSH = "Fintan Mulcahy-Rowe", "Oswin Baptiste", "Lavinia Stroud-Harcourt"
    AURD, SL = "Associated Union of Rail Drivers", "Sallowline"
    SCC, SI = "Sallowmere County Council", "Sallowmere Independents"
    # headline quote, no cue: the union's “a genuinely improved offer”
    a.q("improved", "improved", AURD, None, "partial", "continuation")
    # "it" = their union, named in the next paragraph
    a.q("a genuinely improved offer", "improved offer", AURD, "described", "partial", "explicit", "it")
    a.q("not everything we asked for", "where we started", FMR, "said", "partial", "explicit", FMR)
    a.q("pushed to the edge", "the edge", FMR, "said", "partial", "explicit", "Mr Mulcahy-Rowe")
    # "he" opens the paragraph after Ambrose Keel was named inside his reported clause: Mulcahy-Rowe
    a.q("Nobody wants a strike", "a day’s pay,", FMR, "said", "direct", "explicit", "he")
    a.q("But we were not going", "for granted.", FMR, None, "direct", "continuation")
    a.q("This has been a difficult", "our passengers,", SL, "said", "direct", "explicit", "the operator")
    a.q("We are glad that common sense", "has prevailed.", SL, None, "direct", "continuation")
    # "they" = officials at the union = the union
    a.q("It is a fair deal", "say so,", AURD, "said", "direct", "explicit", "they")
    a.q("relieved", "relieved", SCC, "said", "partial", "explicit", "The council")
    # "Their transport spokesman, Oswin Baptiste" (the Sallowmere Independents)
    a.q("a sticking plaster", "needs surgery", OBp, "called", "partial", "explicit", OBp)
    a.q("treated as an afterthought", "afterthought", LSH, "said", "partial", "explicit", LSH)
    a.ind(AURD, "said", "its members would vote on the deal over the next fortnight")
    a.ind(FMR, "said", "the offer was “not everything we asked for, but a lot closer than where we started”")
    a.ind(FMR, "said", "drivers had been “pushed to the edge” by long shifts and cancelled rest days")
    a.ind(FMR, "said", "he had met Sallowline’s managing director, Ambrose Keel, three times in the past week")
    a.ind(SL, "said", "the deal would give drivers a 6.5% rise this year and a further 4% next year")
    a.ind(SL, "said", "fares would not rise as a result")  # "It said"
    a.ind(AURD, "said", "they would recommend that members accept")
    a.ind(SCC, "said", "it had played no part in the talks but was “relieved” that services would run normally")
    a.ind(SI, "said", "the dispute should never have been allowed to get so close to a strike")  # a party as actor
    a.ind(LSH, "said", "passengers had been “treated as an afterthought” throughout the dispute")
    # "The former minister" = Lavinia Stroud-Harcourt, "a former transport minister"
    a.ind(LSH, "said", "she would write to Mr Keel to ask for compensation for season ticket holders")
    return a, dict(
        people=[
            person(FMR, [FMR, "Mulcahy-Rowe"], "general secretary", AURD),
            person("Ambrose Keel", ["Ambrose Keel", "Keel"], "managing director", SL),
            person(OBp, [OBp], "transport spokesman", SI),
            person(LSH, [LSH], "former transport minister", "Save Our Valley Trains"),
        ],
        organizations=[org(AURD), org(SL), org(SCC), org(SI), org("Save Our Valley Trains")],
        optional_organizations=[],
        not_people=["Sallowmere Valley", "Sallowmere", SL],
        not_organizations=["Sallowmere Valley", "Sallowmere", FMR, "Ambrose Keel"],
    )  # fmt: skip


if __name__ == "__main__":
    main()
