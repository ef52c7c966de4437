"""Closed word classes the extraction rules use: general English, never names of anything.

Each set is a linguistic category (honorifics, reporting verbs, organisation head
nouns ...), the kind of list a grammar of news English would print. None holds a
person, outlet or phrase from any article.
"""

# Honorifics: part of how a person is addressed, not a role.
MALE_HONORIFICS = frozenset({"mr", "mr.", "sir", "messrs", "messrs."})
FEMALE_HONORIFICS = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame"})
HONORIFICS = MALE_HONORIFICS | FEMALE_HONORIFICS | frozenset("mx mx. dr dr. prof prof. rev rev. fr fr.".split())

# Nouns for one who speaks for an organisation ("a spokeswoman for Acme").
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople"})
# ... of them, the ones that name one person's post (a plural is no one's title)
_SPOKESPERSON_TITLES = SPOKESPEOPLE - {"spokespeople"}
# Abbreviated titles and the title each stands for ("Sen. Roe" is the senator).
ROLE_ABBREVIATIONS = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "capt": "captain",
    "pres": "president",
}
# ... written before a name, with or without the full stop ("Gov. Roe", "Lt Doe"); "pres" is
# read only as a description ("the pres."), never taken for a title before a name
_TITLE_ABBREVIATIONS = frozenset(a + dot for a in ROLE_ABBREVIATIONS if a != "pres" for dot in ("", "."))

# Titles that stand before a name and are the person's role ("Mayor Jane Roe").
TITLE_WORDS = (
    frozenset(
        """
    president vice-president vp senator representative congressman congresswoman
    congressmember governor lieutenant mayor judge justice chief general
    colonel col col. major maj maj. captain sergeant admiral adm adm. commander
    secretary minister premier chancellor speaker chairman chairwoman chair chairperson commissioner
    councilman councilwoman councilmember councillor councilor council member assemblyman
    assemblywoman assemblymember alderman attorney sheriff officer detective inspector director
    ceo cfo coo cto founder co-founder executive manager king queen prince princess pope bishop
    cardinal rabbi imam pastor ambassador coach host anchor correspondent reporter editor
    professor economist analyst candidate nominee leader
    deputy assistant acting former state house senate majority minority whip treasurer
    comptroller auditor superintendent principal dean provost trustee delegate
    mp mep msp mla
    """.split()
    )
    | _TITLE_ABBREVIATIONS
    | _SPOKESPERSON_TITLES
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
    holdings industries enterprises associates media books records homes developments properties
    airlines airways motors technologies systems solutions capital ventures studios entertainment
    publishing communications pharmaceuticals insurance investments securities logistics brands
    television radio broadcasting taskforce llp ag nv fc afc
    courier ledger clarion courant chronicle telegraph observer examiner enquirer inquirer
    dispatch bulletin sentinel house force army navy guard corps club
    """.split()
)
# Title words that also open names of organizations ("Senate Committee", "Harbour Department").
ORG_OPENING_TITLES = frozenset({"state", "house", "senate", "majority", "minority", "general", "chief", "executive"})
# Legal-form and club abbreviations written after a company or club name ("Acme Ltd", "Widget FC").
ORG_SUFFIXES = frozenset("inc inc. ltd ltd. llc llp plc corp corp. co. gmbh ag sa nv bv fc afc".split())

# Measurements that organisations publish ("a Widgetwatch poll").
POLL_NOUNS = frozenset({"poll", "survey", "index", "ranking", "rankings", "forecast"})

# A proper noun compounded with these heads names the person who leads them ("the X presidency").
LEADER_HEADS = frozenset({"presidency", "camp"})
# Bodies named after the person who leads them: "the X campaign" is an organization named
# "X campaign" (and "the X administration" one named "X administration"), not the person X.
NAMED_BODIES = frozenset({"campaign", "administration"})

# Verbs that name a thing rather than report speech ("a product called 'X'").
NAMING_VERBS = frozenset({"call", "name", "dub", "title", "entitle", "nickname", "label", "brand", "term"})

# Name particles that start a surname ("de la Cruz", "van der Berg").
NAME_PARTICLES = frozenset("de da di del della der den van von le la du dos das bin ibn al el ben ter st. st".split())
NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv v phd ph.d. md m.d. esq esq.".split())
# Letters after a person's name that are not part of it ("Jo Doe KC", "Jo Doe MP").
POST_NOMINALS = frozenset("kc qc mp mep msp obe mbe cbe frs".split())

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
# Reporting verbs whose direct object is the person addressed, not what was said ("told KXYZ").
ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "remind", "notify", "thank", "urge", "advise"})
# Verbs of listening: their subject heard the words, someone unnamed said them ("the court heard").
LISTENING_VERBS = frozenset({"hear"})
# reporting verbs that go on with the speaker before them ("“…,” he added")
CONTINUING_VERBS = frozenset({"add", "continue"})

# Stance verbs: attribute a belief; used for indirect speech only, never as the cue of a quote
# unless nothing else is there.
STANCE_VERBS = frozenset({"believe", "think", "feel", "hope", "fear", "expect", "worry", "know", "contend"})

# Documents that report findings: "the report" after "a survey by Acme" is that survey.
FINDINGS_DOCUMENTS = frozenset("report study survey poll analysis research review audit assessment paper".split())
# Nouns that carry speech ("in a statement", "his remarks") when a document or utterance is the subject.
DOCUMENT_NOUNS = FINDINGS_DOCUMENTS | frozenset(
    """
    article story statement memo letter book editorial
    column release filing lawsuit complaint ruling opinion tweet post email document
    investigation estimate data brief op-ed
    brochure leaflet prospectus pamphlet manifesto submission motion indictment judgment
    poster advert advertisement billboard flyer petition suit
    video clip message resolution sign banner placard ad website
    """.split()
)
# Last words of a place's name: "Harrow Street said" is a government speaking, never a person.
STREET_HEADS = frozenset("street road avenue square lane boulevard".split())
# Verbs of issuing a text: whatever was "lodged by Roe" or "signed by Roe" speaks for Roe
# ("The grievance, lodged by Roe, says …").
ISSUING_VERBS = frozenset(
    "file lodge bring sign issue send write post publish release submit start launch draft author table pen".split()
)
# Name heads of institutions a generic description ("the company") does not refer to.
INSTITUTION_HEADS = frozenset(
    """
    court council committee commission university college school party government administration
    department ministry union board office police parliament assembly senate house congress
    """.split()
)
# The verb a document is derived from: "Roe sued the board … The lawsuit says" (Roe's lawsuit).
DOCUMENT_VERBS = {
    "lawsuit": frozenset({"sue"}),
    "suit": frozenset({"sue"}),
    "complaint": frozenset({"complain"}),
    "statement": frozenset({"state"}),
    "ruling": frozenset({"rule"}),
    "judgment": frozenset({"rule", "judge"}),
    "report": frozenset({"report"}),
    "study": frozenset({"study"}),
    "survey": frozenset({"survey"}),
    "review": frozenset({"review"}),
    "audit": frozenset({"audit"}),
    "analysis": frozenset({"analyse", "analyze"}),
    "assessment": frozenset({"assess"}),
    "investigation": frozenset({"investigate"}),
    "filing": frozenset({"file"}),
    "submission": frozenset({"submit"}),
}

# Verbs that report a stance, a demand or an intention through an object or an infinitive
# rather than a clause ("urged lawmakers to act", "called for an inquiry", "cited the report").
# They give `indirect` rows only, never the cue of a quotation. Two kinds of them first:
# Verbs of intention: they report an intention through an infinitive or a clause ("plans to
# sell", "planning on selling"), never through the event a preposition names ("planning for
# the finals" prepares for it).
INTENTION_VERBS = frozenset({"plan", "intend", "hope", "expect", "want"})
# Verbs of rejection: what they reject is reported only when it is content, something said,
# proposed or asked ("rejected the claim", "refused the offer"), or someone ("rejected Roe");
# "rejected any delay" reports no one's words.
REJECTION_VERBS = frozenset({"reject", "refuse", "decline"})
REPORTED_OBJECT_VERBS = (
    INTENTION_VERBS
    | REJECTION_VERBS
    | frozenset(
        """
    cite mention discuss propose demand urge call criticize criticise praise blame accuse attack
    endorse support oppose deny acknowledge admit announce promise pledge vow
    threaten warn suggest recommend request ask seek agree
    insist push argue advocate defend back favor favour question dispute describe characterize
    characterise condemn denounce applaud welcome credit dismiss reveal confirm predict
    """.split()
    )
)
# Nouns of content: what is proposed, asked (of someone) or held true, and so can be accepted
# or rejected.
PROPOSITION_NOUNS = frozenset(
    """
    idea notion view theory belief proposal plan offer request invitation objection attack
    suggestion bill measure motion resolution amendment deal nomination
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

# Descriptions that may stand for any organisation, not only one named with the word
# ("the company said" after "Acme Ltd").
GENERIC_ORG_DESCRIPTIONS = frozenset(
    """
    company firm agency group organization organisation newspaper paper outlet network station
    retailer giant startup website site chain insurer lender airline carrier manufacturer
    carmaker supermarket bookmaker charity
    """.split()
)
# Descriptions that may refer back to an organisation ("the company said", "the council said").
ORG_DESCRIPTIONS = GENERIC_ORG_DESCRIPTIONS | frozenset(
    """
    campaign department ministry union council committee commission bank university school
    court party administration government board office
    """.split()
)

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
ORG_PRONOUNS = frozenset({"it", "its"})
# Nouns that state a person's gender when they name that person ("Jo Roe, a spokeswoman",
# "her husband, Jo Roe", "Chairman Jo Roe"): role, kinship and title nouns marked for
# gender by the language itself. Gender-neutral forms ("actor", "chair", "host") are not here.
FEMALE_NOUNS = frozenset(
    """
    woman girl lady spokeswoman chairwoman businesswoman congresswoman councilwoman
    policewoman sportswoman stateswoman alderwoman anchorwoman frontwoman forewoman
    countrywoman headmistress actress waitress hostess heiress duchess princess queen
    empress countess baroness wife mother daughter sister grandmother granddaughter aunt
    niece widow girlfriend fiancee fiancée stepmother stepdaughter
    """.split()
)
MALE_NOUNS = frozenset(
    """
    man boy gentleman spokesman chairman businessman congressman councilman policeman
    sportsman statesman alderman anchorman frontman foreman countryman headmaster
    duke prince king emperor baron husband father son brother grandfather grandson
    uncle nephew widower boyfriend fiance stepfather stepson son-in-law
    """.split()
)

RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Pronouns that name a speaker whatever their gender ("they said", "we said").
UNGENDERED_SPEAKER_PRONOUNS = frozenset({"i", "we", "they"})
# Subject pronouns that can be the subject of a verb of speech.
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we"})


# ---- Entity kinds: the nouns that say what a name is (entities/evidence.py) ----

# Occupations written before a name, with or without a capital ("jeweller Jo Doe",
# "Composer Jo Doe", "retired teacher Jo Doe"); together with TITLE_WORDS.
OCCUPATIONS = (
    frozenset(
        """
    actor actress artist author architect banker barrister baritone bassist biographer
    broadcaster builder businessman businesswoman campaigner cartoonist chef choreographer
    columnist comedian commentator composer conductor consultant counsel cyclist dancer
    defender designer diplomat doctor drummer economist engineer entrepreneur farmer
    filmmaker footballer forward fly-half full-back goalkeeper golfer guitarist historian
    investor jeweller jeweler jockey journalist judge lawyer lecturer lyricist midfielder
    musician novelist nurse officer pensioner philosopher photographer physicist pianist
    pilot player playwright poet politician presenter prosecutor psychologist
    publicist rapper referee replacement researcher scientist scrum-half sculptor singer
    singer-songwriter soldier solicitor songwriter soprano striker student substitute
    surgeon teacher tenor trainer umpire veteran violinist winger writer newsreader
    broadcaster lawmaker activist academic strategist pollster adviser advisor aide
    scholar fellow
    """.split()
    )
    | _SPOKESPERSON_TITLES
)
# Family relations: "her husband, Jo Doe" says who Jo Doe is to her, not Jo Doe's post.
KIN = frozenset(
    """
    wife husband mother father son daughter brother sister grandson granddaughter grandmother
    grandfather uncle aunt nephew niece cousin widow widower fiancee fiance girlfriend boyfriend
    """.split()
)
# Relations between people ("his wife, Jo Doe", "Roe's lawyer"): their bearer is a person.
PERSON_RELATIONS = (
    KIN
    | frozenset(
        """
    colleague friend deputy successor predecessor lawyer barrister
    solicitor attorney agent assistant aide adviser advisor mentor teammate
    """.split()
    )
    | _SPOKESPERSON_TITLES
)
# Nouns that describe an organization ("the retailer X", "X, the broadcaster").
ORG_NOUNS = frozenset(
    """
    company firm retailer chain supermarket bank lender insurer broker brokerage bookmaker
    group conglomerate carmaker manufacturer maker publisher label studio broadcaster network
    channel station newspaper paper daily weekly tabloid magazine agency club side team
    party union charity council committee authority regulator watchdog airline carrier
    operator consortium business startup giant outlet website site association institute
    university college school court tribunal administrators consultancy think-tank trust
    foundation organisation organization department ministry body board band trio duo
    quartet orchestra choir
    """.split()
)
# Roles inside an organization: "X coach Jo Doe", "X's chief executive" make X one.
ORG_ROLES = frozenset(
    """
    coach manager captain skipper boss chief executive director chairman chairwoman chair
    founder co-founder owner buyer staff employees
    workers player players striker goalkeeper winger midfielder defender fly-half
    scrum-half full-back centre analyst editor presenter host
    shares shareholders profits board lender customers stores officials executives
    """.split()
)
# Heads of names of events, awards and laws ("... Prize", "... Cup", "Spring Election", "... Act").
EVENT_HEADS = frozenset(
    """
    award awards prize prizes cup trophy medal championship championships tournament games
    olympics festival election elections forum summit war day week marathon derby grand
    slam final finals ceremony expo fair gala act bill treaty accord amendment directive
    charter doctrine protocol
    """.split()
)
# Nouns for works ("the album X", "his autobiography X", "the film X").
WORK_NOUNS = frozenset(
    """
    album single song track book novel memoir autobiography biography film movie documentary
    series show programme program sitcom drama play opera musical poem painting video
    symphony mixtape debut ballad anthem hit record recording episode soap tribute collection
    compilation anthology rendition segment podcast
    """.split()
)
# Nouns for products and services ("its streaming service, X", "the app X").
PRODUCT_NOUNS = frozenset(
    "service app application platform product brand device gadget phone console software drug vaccine".split()
)
# Nouns for a family ("the X clan"): a surname used of a family is not a person.
FAMILY_NOUNS = frozenset({"family", "clan", "dynasty", "household", "brothers", "sisters"})
# Verbs with which a work presents its characters ("the novel follows X").
WORK_VERBS = frozenset({"follow", "feature", "star", "portray", "tell", "centre", "center", "depict"})
# Words that say a character is invented ("X is invented", "the fictional X").
FICTION_WORDS = frozenset({"fictional", "invented", "imaginary", "fictitious", "character"})
# Entity classes (issue 18): words that name a fictional person ("his alter ego, X", "the
# superhero X"), the roles a work gives ("the cartoon villain X") and works that are drawn.
FICTION_WORDS = FICTION_WORDS | {"ego", "superhero", "superheroine", "supervillain"}
FICTION_ROLES = frozenset({"hero", "heroine", "villain", "sidekick", "protagonist", "detective", "sleuth"})
DRAWN_WORKS = frozenset({"comic", "comics", "cartoon", "animated", "strip", "manga", "graphic"})
# Words of a sport report; enough of them make a country that plays a team.
SPORT_WORDS = frozenset(
    """
    match game goal goals coach manager captain squad side team league cup season tournament
    penalty try tries score scored scoring striker midfielder goalkeeper fly-half kick-off
    fixture championship referee half-time pitch qualifier semi-final final innings wicket
    defeat victory win draw points bench substitute rugby football cricket tennis
    """.split()
)
# What teams do to each other in a sport report ("X beat Y", "X host Y").
MATCH_VERBS = frozenset("beat face host meet defeat visit edge thrash overcome stun upset outplay".split())
# What a team does in a sport report ("X won", "X came from behind", "X travel to Y").
TEAM_VERBS = frozenset("win lose draw lead trail concede come travel top".split())
# Nouns a team is the modifier or owner of ("the X side", "X's defence").
TEAM_NOUNS = frozenset(
    "side team squad fans supporters players coach manager captain game match defence attack lineup".split()
)
# Prepositions whose object is a place ("in X", "near X").
PLACE_PREPOSITIONS = frozenset({"in", "near", "across", "between", "outside", "around", "throughout", "into", "off"})
# Nouns a place name modifies ("the X coast", "X ward", "a Y mill town").
PLACE_NOUNS = frozenset(
    """
    city town village state county region province district ward island coast border capital
    street road estate suburb port harbour valley borough constituency country mill
    quay wharf dock yard
    """.split()
)
# Last words of names of buildings and venues ("… Playhouse", "… Stadium", "… Road East").
VENUE_HEADS = frozenset(
    """
    playhouse theatre theater stadium arena ground grounds road street avenue
    square quay wharf dock place bridge tower palace hotel airport cathedral abbey castle
    gardens
    """.split()
)

# ---- Possessives and spaCy's entity labels ----

# The clitic that makes a name a possessive ("Roe's", typed or typeset).
POSSESSIVE_CLITICS = frozenset({"'s", "’s"})
# spaCy's entity labels for places and peoples ("Ostlake", "the Alps", "Norwegian") ...
NER_PLACES = frozenset({"GPE", "LOC", "NORP"})
# ... for buildings, airports, bridges
NER_FACILITIES = frozenset({"FAC"})
# ... for named things that are neither people, organisations nor places
NER_THINGS = frozenset({"EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
# ... for those that may speak or act
NER_ACTORS = frozenset({"PERSON", "ORG"})
