"""Is an article in the spaCy pipeline's language? Answered from the words it is written with:
their script, and the share of them that are the language's stop words (spaCy's own lists,
`nlp.Defaults.stop_words` and `spacy.lang.<code>.stop_words`: no extra model).

    off_language("Der Bürgermeister sagte am Montag, dass die Brücke …", "en", STOP_WORDS)
    # -> "not in the pipeline's language (en): 4% of its 45 words are en stop words, 58% are de stop words"
    off_language("Harbour City 2 Eastfield 1; Norton 0 Lakeside 3; …", "en", STOP_WORDS)   # -> None
    off_language("Mayor Jane Roe said on Monday that the bridge …", "en", STOP_WORDS)   # -> None

Only words are read: the letters of tokens that hold no digit, not a number, a score, a
time or a measure ("2-1", "06:12", "19C", "$81.20"). English news runs at 35-55%
stop words (the lowest of the evaluation articles is 36%); German, French, Spanish, Dutch
and Italian text at 2-15% by the English list, and at 50-65% by its own. A text with few
of the pipeline's stop words is rejected only when it shows another language: most of its
words in another script, or at least `MIN_FOREIGN_SHARE` of them stop words of one other
language. A results table, a market round-up, a tide table or a list of candidates is
mostly names and numbers: few stop words of any language, so it is kept. A text shorter
than `MIN_WORDS` is never rejected: too few words to judge.
"""

from __future__ import annotations

import functools
import re
import runpy
import unicodedata
from collections import Counter
from collections.abc import Set
from pathlib import Path

#: fewer words than this: not judged (a headline, a brief)
MIN_WORDS = 40
#: a text in the pipeline's language has at least this share of its stop words
MIN_STOP_WORD_SHARE = 0.22
#: a text is in another language when at least this share of its words are that language's
#: stop words (English news by another language's list: 20% at most; other languages by
#: their own: 50% and more)
MIN_FOREIGN_SHARE = 0.3
#: words looked at, at most (the start of a long article decides as well as all of it)
MAX_WORDS = 5000

_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def off_language(text: str, lang: str, stop_words: Set[str]) -> str | None:
    """Why `text` is not in the language `lang` (whose stop words are given), or None if it is
    (or is too short to tell, shows no other language, or `lang` has no stop word list)."""
    if not stop_words:
        return None
    words = _words(text)
    if len(words) < MIN_WORDS:
        return None
    script, own_script = _script(words), _script(stop_words)
    if script != own_script:
        return f"not in the pipeline's language ({lang}): most of its {len(words)} words are in {script.lower()} script"
    share = _share(words, stop_words)
    if share >= MIN_STOP_WORD_SHARE:
        return None
    other, other_share = max(
        ((code, _share(words, words_of)) for code, words_of in _other_stop_words(lang).items()),
        key=lambda found: found[1],
        default=("", 0.0),
    )
    if other_share < MIN_FOREIGN_SHARE or other_share <= share:
        return None  # names and numbers (a table, a round-up): no language to tell it is not `lang`
    return (
        f"not in the pipeline's language ({lang}): {share:.0%} of its {len(words)} words are {lang} stop words, "
        f"{other_share:.0%} are {other} stop words"
    )


def _words(text: str) -> list[str]:
    """The first `MAX_WORDS` words, lower-cased: the runs of letters of every token that
    holds no digit ("19C", "2-1", "06:12" and "$81.20" are measures, not words)."""
    words: list[str] = []
    for token in _TOKEN.finditer(text):
        if any(c.isdigit() for c in token.group()):
            continue
        for m in _WORD.finditer(token.group()):
            words.append(m.group().lower())
        if len(words) >= MAX_WORDS:
            return words[:MAX_WORDS]
    return words


def _share(words: list[str], stop_words: Set[str]) -> float:
    return sum(w in stop_words for w in words) / len(words)


def _script(words: Set[str] | list[str]) -> str:
    """The script most of the words start in: the first word of its letters' Unicode names
    ("LATIN", "CYRILLIC", "GREEK", "CJK", "ARABIC" …)."""
    counts = Counter(unicodedata.name(w[0], "UNKNOWN").split(" ")[0] for w in words if w)
    return counts.most_common(1)[0][0] if counts else "UNKNOWN"


@functools.cache
def _other_stop_words(lang: str) -> dict[str, frozenset[str]]:
    """Every other language's stop words that spaCy ships (`spacy/lang/<code>/stop_words.py`,
    a plain set), read once, and only when a text has too few of the pipeline's own. The
    files are read alone: importing a language's package would build its tokenizer rules."""
    import spacy.lang

    out: dict[str, frozenset[str]] = {}
    for folder in spacy.lang.__path__:
        for path in sorted(Path(folder).glob("*/stop_words.py")):
            code = path.parent.name
            if code in {lang, "xx"}:
                continue
            stop_words = runpy.run_path(str(path)).get("STOP_WORDS")
            if isinstance(stop_words, set | frozenset):
                out[code] = frozenset(str(w).lower() for w in stop_words)
    return out
