"""The language check (extraction/language.py): English news briefs made of names and numbers
are kept, paragraphs in other languages and other scripts are rejected, and no English text
at hand (seeds, the own set, the shared evaluation sets) is taken for another language."""

from __future__ import annotations

import pytest

from quoteflow.extraction.language import off_language

from .conftest import EVAL_DIR, REPO

# English briefs that are mostly names and numbers (made up)
BRIEFS = {
    "sports-results-table": (
        "Results: Harbour City 2 Eastfield 1; Norton 0 Lakeside 3; Brackwell 1 Dunmere 1; Fenwick Rovers 4 "
        "Oldcastle 2; Tamsford 0 Kelby Town 0; Marlow Athletic 2 Pennick 3; Westbury 1 Greyhaven 0; Corrick "
        "United 5 Ashdale 1; Halvern 2 Stoneleigh 2; Rydal Park 0 Furnace Vale 1. Table: Lakeside 34 pts, "
        "Harbour City 33, Fenwick Rovers 31, Corrick United 30, Pennick 28, Westbury 27, Brackwell 25, Dunmere "
        "24, Halvern 22, Eastfield 21, Norton 18, Kelby Town 15, Oldcastle 14, Ashdale 9."
    ),
    "market-round-up": (
        "Markets: FTSE 100 up 0.4% at 7,412; FTSE 250 -0.2% 19,118; Dow Jones +0.3% 34,210; Nasdaq +0.9% "
        "14,305; Nikkei -0.6% 32,550; DAX +0.1% 15,870. Brent crude $81.20, WTI $77.45; gold $1,932, silver "
        "$23.10; sterling $1.2715, €1.1630; euro $1.0934; yen 148.20. Risers: Kelmar Group +6.1%, Dunmore "
        "Mining +4.2%, Ostley Foods +3.9%, Varn Homes +2.7%, Pellow Retail +2.2%. Fallers: Caskell Bank -5.3%, "
        "Tarnby Energy -3.1%, Quill Media -2.8%, Brenna Telecom -2.4%, Hollin Steel -1.9%. Copper $8,410; "
        "aluminium $2,215; wheat 612 cents; coffee 164 cents."
    ),
    "weather-and-tides": (
        "Tides: Portmere high water 06:12 (4.8m), 18:37 (4.6m); low water 00:05 (1.1m), 12:24 (1.3m). Kelby "
        "Bay high 06:40, 19:02; low 00:31, 12:50. Sunrise 06:58, sunset 19:44. Forecast: Monday sunny "
        "intervals, max 19C, min 11C, wind SW 12mph; Tuesday showers, max 17C, min 10C, wind W 18mph; "
        "Wednesday rain, max 15C, min 9C, wind NW 24mph; Thursday cloudy, max 16C; Friday bright, max 18C. "
        "Pollen high. UV index 4. Sea temperature 14C. Rainfall last 24 hours 3mm."
    ),
    "election-results": (
        "Ward results: Abbeyfield - Mara Tolland (Lab) 1,204; Jos Penry (Con) 987; Ula Fenn (LD) 412; "
        "turnout 31%. Brookside - Dev Aster (Con) 1,532; Nell Quarry (Lab) 1,310; Ivo Marsh (Green) 288; "
        "turnout 35%. Castle Hill - Rhea Lunn (LD) 2,011; Tom Breck (Con) 1,045; Saffi Dale (Lab) 690; "
        "turnout 38%. Dockside - Pim Rask (Lab) 1,877; Orla Vey (Ind) 502; turnout 27%. Elm Park - Bea "
        "Corrin (Green) 1,410; Sol Hart (Lab) 1,399; recount held; turnout 41%. Fairholm - Kit Vane (Con) "
        "1,760; Ada Lisk (Lab) 1,102; turnout 33%."
    ),
}
# The same made-up news paragraph in other languages and scripts
FOREIGN = {
    "german": (
        "Der Bürgermeister der Stadt sagte am Montag, dass die Brücke über den Fluss im Mai wieder geöffnet "
        "werden soll. Die Arbeiten an der alten Brücke hatten sich wegen des schlechten Wetters im Winter um "
        "mehrere Wochen verzögert. Viele Pendler müssen seit dem Herbst einen langen Umweg fahren, und die "
        "Geschäfte in der Innenstadt klagen über weniger Kunden."
    ),
    "french": (
        "Le maire de la ville a déclaré lundi que le pont sur la rivière serait rouvert au mois de mai. Les "
        "travaux sur le vieux pont avaient pris plusieurs semaines de retard à cause du mauvais temps pendant "
        "l'hiver. Depuis l'automne, de nombreux habitants doivent faire un long détour pour aller au travail."
    ),
    "spanish": (
        "El alcalde de la ciudad dijo el lunes que el puente sobre el río volverá a abrirse en mayo. Las obras "
        "en el viejo puente se habían retrasado varias semanas por el mal tiempo durante el invierno. Desde el "
        "otoño muchos vecinos tienen que dar un largo rodeo para ir al trabajo."
    ),
    "italian": (
        "Il sindaco della città ha detto lunedì che il ponte sul fiume sarà riaperto a maggio. I lavori sul "
        "vecchio ponte erano stati rallentati di diverse settimane a causa del maltempo durante l'inverno. "
        "Dall'autunno molti abitanti devono fare una lunga deviazione per andare al lavoro."
    ),
    "dutch": (
        "De burgemeester van de stad zei maandag dat de brug over de rivier in mei weer open gaat. De "
        "werkzaamheden aan de oude brug liepen door het slechte weer in de winter enkele weken vertraging op. "
        "Sinds de herfst moeten veel inwoners een lange omweg maken om naar hun werk te gaan."
    ),
    "russian": "Мэр города заявил в понедельник, что мост через реку снова откроется в мае. " * 5,
    "greek": "Ο δήμαρχος της πόλης δήλωσε τη Δευτέρα ότι η γέφυρα θα ανοίξει ξανά τον Μάιο. " * 5,
    "chinese": "市长周一表示，横跨河流的大桥将于五月重新开放。" * 30,
}
ENGLISH = (
    "Mayor Ilsa Varn said on Monday that the bridge over the river would reopen in May. Work on the old "
    "bridge had been held up for several weeks by the bad weather in the winter, and since the autumn many "
    "people have had to take a long way round to get to work. Shops in the centre say they have fewer customers."
)


def rejected(nlp, text: str) -> bool:
    return off_language(text, str(nlp.lang), nlp.Defaults.stop_words) is not None


@pytest.mark.parametrize("text", BRIEFS.values(), ids=BRIEFS.keys())
def test_an_english_brief_of_names_and_numbers_is_kept(nlp, text):
    assert not rejected(nlp, text)


@pytest.mark.parametrize("text", FOREIGN.values(), ids=FOREIGN.keys())
def test_another_language_is_rejected(nlp, text):
    assert rejected(nlp, text)


def test_the_reason_names_the_language_found(nlp):
    reason = off_language(FOREIGN["dutch"], str(nlp.lang), nlp.Defaults.stop_words)
    assert reason is not None and "are nl stop words" in reason


@pytest.mark.parametrize(
    "text", [ENGLISH, FOREIGN["german"][:150], "Kurz."], ids=["english-prose", "short-german", "one-word"]
)
def test_english_and_too_short_texts_are_kept(nlp, text):
    assert not rejected(nlp, text)


def test_no_english_text_at_hand_is_rejected(nlp):
    folders = [REPO / "seeds", REPO / "tests" / "entity_set" / "text"]
    folders += [EVAL_DIR / name / "text" for name in ("entity-dev", "polnear-dev", "polnear-train")]
    texts = [p for folder in folders for p in sorted(folder.glob("*.txt"))]
    assert len(texts) >= 15
    assert [p.name for p in texts if rejected(nlp, p.read_text(encoding="utf-8"))] == []
