"""Closed word classes the extraction rules use: general English, never names of anything.

Each set is a linguistic category (honorifics, reporting verbs, organisation head
nouns ...), the kind of list a grammar of news English would print. None holds a
person, outlet or phrase from any article.
"""

# Honorifics: part of how a person is addressed, not a role.
HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. miss mx mx. dr dr. prof prof. sir dame rev rev. fr fr. messrs messrs.".split()
)
MALE_HONORIFICS = frozenset({"mr", "mr.", "sir", "messrs", "messrs."})
FEMALE_HONORIFICS = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame"})

# Titles that stand before a name and are the person's role ("Mayor Jane Roe").
TITLE_WORDS = frozenset(
    """
    president vice-president vp senator sen sen. representative rep rep. congressman congresswoman
    congressmember governor gov gov. lieutenant lt lt. mayor judge justice chief general gen gen.
    colonel col col. major maj maj. captain capt capt. sergeant sgt sgt. admiral adm adm. commander
    secretary minister premier chancellor speaker chairman chairwoman chair chairperson commissioner
    councilman councilwoman councilmember councillor councilor council member assemblyman
    assemblywoman assemblymember alderman attorney sheriff officer detective inspector director
    ceo cfo coo cto founder co-founder executive manager king queen prince princess pope bishop
    cardinal rabbi imam pastor ambassador coach host anchor correspondent reporter editor
    spokesman spokeswoman spokesperson professor economist analyst candidate nominee leader
    deputy assistant acting former state house senate majority minority whip treasurer
    comptroller auditor superintendent principal dean provost trustee delegate
    """.split()
)

# Head nouns that make a proper-noun phrase an organisation ("... Council", "... Union").
ORG_HEADS = frozenset(
    """
    council union department dept agency administration association authority bank board bureau
    caucus center centre church coalition college commission committee company conference
    congress corporation corp corp. court foundation fund group institute institution
    league ministry network office organization organisation parliament party police
    press senate service services society school team trust university academy assembly
    federation alliance cooperative inc inc. llc ltd ltd. co co. plc gmbh partners
    laboratory laboratories labs times post journal tribune herald gazette news magazine
    """.split()
)

# Measurements that organisations publish ("a Widgetwatch poll").
POLL_NOUNS = frozenset({"poll", "survey", "index", "ranking", "rankings", "forecast"})

# A proper noun compounded with these heads names the person who leads them ("the X administration").
LEADER_HEADS = frozenset({"administration", "campaign", "presidency", "camp"})

# Verbs that name a thing rather than report speech ("a product called 'X'").
NAMING_VERBS = frozenset({"call", "name", "dub", "title", "entitle", "nickname", "label", "brand", "term"})

# Name particles that start a surname ("de la Cruz", "van der Berg").
NAME_PARTICLES = frozenset("de da di del della der den van von le la du dos das bin ibn al el ben ter st. st".split())
NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv v phd ph.d. md m.d. esq esq.".split())

# Reporting verbs (lemmas): speech, writing, and the stance verbs news uses to attribute.
SPEECH_VERBS = frozenset(
    """
    say tell ask add respond reply answer write argue claim state explain note insist warn
    declare announce report suggest acknowledge admit contend maintain predict recall remark
    comment continue concede emphasize emphasise stress tweet post conclude complain urge vow
    promise threaten testify assert boast joke quip muse shout yell scream whisper mutter
    exclaim observe reiterate repeat recount reveal disclose confirm deny counter retort
    rebut lament estimate allege charge accuse caution advise inform assure concur agree
    disagree object protest plead pledge predict proclaim recommend reason speculate
    summarize summarise tout cite mention describe characterize characterise point indicate
    show find learn hear read blog text email telegraph signal wonder demand question
    criticize criticise praise thank apologize apologise brag grumble scoff sneer snap
    fume gush rave rant chide scold mock insist interject interrupt begin
    call blame attack slam blast condemn decry denounce dismiss hail refer deride lambaste
    compare ridicule rip hammer chastise rebuke applaud laud commend defend dispute deem
    label brand dub term cheer chant sing recite quote
    """.split()
)
# Reporting verbs whose direct object is the person addressed, not what was said ("told CNN").
ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "remind", "notify", "thank", "urge", "advise"})
# Stance verbs: attribute a belief; used for indirect speech only, never as the cue of a quote
# unless nothing else is there.
STANCE_VERBS = frozenset({"believe", "think", "feel", "hope", "fear", "expect", "worry", "know", "contend"})

# Nouns that carry speech ("in a statement", "his remarks") when a document or utterance is the subject.
DOCUMENT_NOUNS = frozenset(
    """
    article report story statement study survey poll analysis memo letter book editorial
    column release filing lawsuit complaint ruling opinion paper tweet post email document
    audit review investigation assessment estimate data research brief report op-ed
    """.split()
)

# Verbs that report a stance, a demand or an intention through an object or an infinitive
# rather than a clause ("urged lawmakers to act", "called for an inquiry", "cited the report").
# They give `indirect` rows only, never the cue of a quotation.
REPORTED_OBJECT_VERBS = frozenset(
    """
    cite mention discuss propose demand urge call criticize criticise praise blame accuse attack
    endorse support oppose reject deny acknowledge admit announce promise pledge vow refuse
    decline threaten warn suggest recommend request ask seek want plan intend hope expect agree
    insist push argue advocate defend back favor favour question dispute describe characterize
    characterise condemn denounce applaud welcome credit dismiss reveal confirm predict
    """.split()
)
# Prepositions that carry what such a verb reports ("called for", "warned of", "spoke about").
REPORTED_OBJECT_PREPOSITIONS = frozenset({"for", "of", "about", "on", "against", "to"})
# "described the plan as a failure": the "as" phrase belongs to what is reported, wherever it sits.
REPORTED_AS = "as"

# Nouns that report speech when someone owns them ("Roe's claim that …", "her remark that “…”").
SPEECH_NOUNS = frozenset(
    """
    claim statement assertion remark comment suggestion argument contention warning promise
    pledge vow insistence description characterization accusation allegation charge prediction
    boast words quote question answer reply response tweet message testimony announcement
    admission denial complaint criticism plea demand call
    """.split()
)

# Descriptions that may refer back to an organisation ("the company said").
ORG_DESCRIPTIONS = frozenset(
    """
    company firm agency group organization organisation newspaper paper outlet network station
    campaign department ministry union council committee commission bank retailer giant
    startup university school court party administration government board office website site
    """.split()
)

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
ORG_PRONOUNS = frozenset({"it", "its"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Pronouns that name a speaker whatever their gender ("they said", "we said").
UNGENDERED_SPEAKER_PRONOUNS = frozenset({"i", "we", "they"})
# Subject pronouns that can be the subject of a verb of speech.
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we"})
