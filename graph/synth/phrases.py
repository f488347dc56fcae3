"""Sentence templates of the synthetic interviews, in bokmål (nb) and nynorsk (nn).

All written for this generator. Filler sentences name no method, partner category or need, so that
what the gold lists is exactly what the text states; ``tests/test_synth.py`` checks the methods.
Slots: {S} the person as first mentioned, {P} pronoun, {role}, {org}, {muni}, {m} a method,
{proj} a project, {with} partners joined, {since}.
"""

from __future__ import annotations

QUESTIONS = {  # topic: {lang: (printed forms, the first being the vocabulary's prefLabel)}
    "why-innovate": {"nb": ("Hvorfor er det viktig at kommunesektoren innoverer?",),
                     "nn": ("Kvifor er det viktig at kommunesektoren innoverer?",)},
    "how-in-practice": {"nb": ("Hvordan jobber dere i praksis med innovasjon i kommunesektoren?",
                               "Hvordan jobber dere med innovasjon i praksis?"),
                        "nn": ("Korleis jobbar de i praksis med innovasjon i kommunesektoren?",
                               "Korleis jobbar de med innovasjon i praksis?")},
    "most-exciting": {"nb": ("Hva er det mest spennende med å jobbe med innovasjon?",),
                      "nn": ("Kva er det mest spennande med å jobbe med innovasjon?",)},
    "proudest-project": {"nb": ("Hvilket prosjekt eller ny løsning som du har vært med på å skape er du mest stolt av?",
                                "Hvilket prosjekt er du mest stolt av?"),
                         "nn": ("Kva prosjekt eller ny løysing som du har vore med på å skape er du mest stolt av?",
                                "Kva prosjekt er du mest stolt av?")},
    "lessons-from-failure": {"nb": ("Hvilke feil har du lært mest av?",),
                             "nn": ("Kva feil har du lært mest av?", "Kva for feil har du lært mest av?")},
    "most-needed": {"nb": ("Hvis du skulle sette i gang et konkret arbeid i morgen, på hvilket område trenger vi mest nye løsninger i dag?",),
                    "nn": ("Om du skulle setje i gang eit konkret arbeid i morgon, på kva område treng vi mest nye løysingar i dag?",
                           "Viss du skulle setje i gang eit konkret arbeid i morgon, på kva område treng vi mest nye løysingar i dag?")},
    "collaborators": {"nb": ("Hvem samarbeider dere mest med i innovasjonsarbeidet?",),
                      "nn": ("Kven samarbeider de mest med i innovasjonsarbeidet?",)},
    "biggest-challenge": {"nb": ("Hva ser du som den største utfordringen i innovasjonsarbeidet?",),
                          "nn": ("Kva ser du som den største utfordringa i innovasjonsarbeidet?",)},
    "baton": {"nb": ("Hvem vil du gi stafettpinnen videre til?", "Hvem vil du sende stafettpinnen videre til?"),
              "nn": ("Kven vil du gje stafettpinnen vidare til?", "Kven vil du sende stafettpinnen vidare til?")},
}
TOPIC_ORDER = tuple(QUESTIONS)

BOILERPLATE_HEADING = {"nb": "Hva er Innovasjonsstafetten?", "nn": "Kva er Innovasjonsstafetten?"}
# (text, names an organisation) — the COI sentence puts COI in the gold's organisations.
BOILERPLATE = {
    "nb": (
        ("{series} er en serie intervjuer med folk som driver fornyelse i kommuner og fylkeskommuner. "
         "Den som er intervjuet, bestemmer selv hvem pinnen skal gå videre til.", False),
        ("I {series} møter vi ledere og fagfolk som går foran i utviklingen av offentlige tjenester. "
         "Hver av dem svarer på de samme spørsmålene og peker ut neste løper.", False),
        ("Stafetten skal vise fram hvordan fornyelse faktisk skjer i norske kommuner: hva de prøver, hva som "
         "lykkes og hva som ikke gjør det. Formatet er lånt fra Center for Offentlig Innovasjon (COI) i Danmark.", True),
        ("Hver etappe er et intervju. Den som har pinnen, forteller om egne erfaringer og gir den deretter "
         "videre til en kollega et annet sted i landet.", False),
    ),
    "nn": (
        ("{series} er ein serie intervju med folk som driv fornying i kommunar og fylkeskommunar. "
         "Den som er intervjua, bestemmer sjølv kven pinnen skal gå vidare til.", False),
        ("I {series} møter vi leiarar og fagfolk som går føre i utviklinga av offentlege tenester. "
         "Kvar av dei svarar på dei same spørsmåla og peikar ut neste løpar.", False),
        ("Stafetten skal vise fram korleis fornying faktisk skjer i norske kommunar: kva dei prøver, kva som "
         "lukkast og kva som ikkje gjer det. Forma er lånt frå Center for Offentlig Innovasjon (COI) i Danmark.", True),
        ("Kvar etappe er eit intervju. Den som har pinnen, fortel om eigne erfaringar og gjev han deretter "
         "vidare til ein kollega ein annan stad i landet.", False),
    ),
}

HEADLINES = {
    "nb": ("{muni} tør å teste nye løsninger", "Små grep med stor effekt i {muni}",
           "– Vi må slutte med noe for å få plass til det nye", "Fra prosjekt til drift i {muni}",
           "Når ideene kommer nedenfra", "{muni} lærer av feilene", "Fornyelse handler om folk",
           "Modige valg i {muni}", "Tid er den viktigste ressursen", "{muni} tar små steg mot store mål"),
    "nn": ("{muni} tør å prøve nye løysingar", "Små grep med stor effekt i {muni}",
           "– Vi må slutte med noko for å få plass til det nye", "Frå prosjekt til drift i {muni}",
           "Når ideane kjem nedanfrå", "{muni} lærer av feila", "Fornying handlar om folk",
           "Modige val i {muni}", "Tid er den viktigaste ressursen", "{muni} tek små steg mot store mål"),
}

PULL_QUOTES = {
    "nb": ("Vi må tørre å la være å gjøre ting slik vi alltid har gjort dem",
           "De beste ideene kommer ofte fra dem som står nærmest oppgavene",
           "Fornyelse er ikke et mål i seg selv, men en måte å løse problemer på",
           "Det viktigste vi har gjort, er å gi folk lov til å prøve og feile",
           "Vi blir aldri ferdige, og det er egentlig ganske befriende",
           "Når pengene ikke strekker til, må vi tenke helt annerledes",
           "Vi har mer å lære av hverandre enn vi tror",
           "Små forbedringer hver dag gir store endringer over tid"),
    "nn": ("Vi må tore å la vere å gjere ting slik vi alltid har gjort dei",
           "Dei beste ideane kjem ofte frå dei som står nærast oppgåvene",
           "Fornying er ikkje eit mål i seg sjølv, men ein måte å løyse problem på",
           "Det viktigaste vi har gjort, er å gje folk lov til å prøve og feile",
           "Vi blir aldri ferdige, og det er eigentleg ganske befriande",
           "Når pengane ikkje strekk til, må vi tenkje heilt annleis",
           "Vi har meir å lære av kvarandre enn vi trur",
           "Små forbetringar kvar dag gjev store endringar over tid"),
}

# The sentence that states the interviewee's post and organisation (and sometimes since when).
INTRO_ROLE = {
    "nb": ("{S} er {role} i {org}.", "Til daglig er {S} {role} i {org}.",
           "{S} leder utviklingsarbeidet som {role} i {org}."),
    "nn": ("{S} er {role} i {org}.", "Til dagleg er {S} {role} i {org}.",
           "{S} leier utviklingsarbeidet som {role} i {org}."),
}
INTRO_SINCE = {
    "nb": ("{S} har vært {role} i {org} siden {since}.", "{S} ble {role} i {org} i {since}."),
    "nn": ("{S} har vore {role} i {org} sidan {since}.", "{S} vart {role} i {org} i {since}."),
}
INTRO_EXTRA = {
    "nb": ("{P} har bakgrunn fra både privat og offentlig sektor.",
           "{P} er opptatt av at fornyelse skal merkes i hverdagen til folk.",
           "{P} mener kommunene må bli flinkere til å dele det de lærer.",
           "De siste årene har organisasjonen jobbet systematisk med å prøve ut nye måter å levere tjenester på."),
    "nn": ("{P} har bakgrunn frå både privat og offentleg sektor.",
           "{P} er oppteken av at fornying skal merkast i kvardagen til folk.",
           "{P} meiner kommunane må bli flinkare til å dele det dei lærer.",
           "Dei siste åra har organisasjonen jobba systematisk med å prøve ut nye måtar å levere tenester på."),
}
# Stage stated in the intro: {ord} is this interview's stage.
INTRO_STAGE_FIRST = {
    "nb": ("{S} tar den første etappen i {series}.", "{S} er den første som får stafettpinnen i {series}.",
           "{S} åpner {series} og løper første etappe."),
    "nn": ("{S} tek den {first} etappen i {series}.", "{S} er den {first} som får stafettpinnen i {series}.",
           "{S} opnar {series} og spring {first} etappe."),
}
INTRO_STAGE = {
    "nb": ("{S} løper {ord} etappe av {series}.", "Nå er {series} kommet til {ord} etappe, og pinnen er hos {S}."),
    "nn": ("{S} spring {ord} etappe av {series}.", "No er {series} komen til {ord} etappe, og pinnen er hos {S}."),
}
LEAD = {
    "nb": ("{series} har kommet til {muni}, der {role} {name} har fått pinnen.",
           "Denne gangen er det {role} {name} i {org} som har stafettpinnen."),
    "nn": ("{series} har kome til {muni}, der {role} {name} har fått pinnen.",
           "Denne gongen er det {role} {name} i {org} som har stafettpinnen."),
}

# The start announcement. {prev}: the giver's organisation; {gord}: the giver's stage;
# {ord}: this stage; {giver}: "[title ]Name"; {name}, {role}, {org}: the interviewee.
ANNOUNCE_PREV_STAGE = {
    "nb": ("Etter at {prev} løp {gord} etappe i {series_lc}, sendte {giver} pinnen videre til {name}, {role} i {org}.",
           "{Giver} i {prev} løp {gord} etappe og ga stafettpinnen videre til {role} {name} i {org}."),
    "nn": ("Etter at {prev} sprang {gord} etappe i {series_lc}, sende {giver} pinnen vidare til {name}, {role} i {org}.",
           "{Giver} i {prev} sprang {gord} etappe og gav stafettpinnen vidare til {role} {name} i {org}."),
}
ANNOUNCE_THIS_STAGE = {
    "nb": ("På {ord} etappe går stafettpinnen fra {giver} i {prev} til {name}, {role} i {org}.",),
    "nn": ("På {ord} etappe går stafettpinnen frå {giver} i {prev} til {name}, {role} i {org}.",),
}
ANNOUNCE_NO_STAGE = {
    "nb": ("Stafettpinnen kommer denne gangen fra {giver} i {prev}.",
           "{Giver} i {prev} sendte stafettpinnen videre til {name} i {org}."),
    "nn": ("Stafettpinnen kjem denne gongen frå {giver} i {prev}.",
           "{Giver} i {prev} sende stafettpinnen vidare til {name} i {org}."),
}
ANNOUNCE_DEFINITE_GIVER = {  # "sendte rådmannen i Sola, Mona Helland, pinnen videre til ..."
    "nb": ("Etter {gord} etappe sendte {gdef} i {prev}, {gname}, pinnen videre til {name}, {role} i {org}.",),
    "nn": ("Etter {gord} etappe sende {gdef} i {prev}, {gname}, pinnen vidare til {name}, {role} i {org}.",),
}
ANNOUNCE_FIRST = {
    "nb": ("Den første stafettpinnen gikk til {name}, {role} i {org}.",),
    "nn": ("Den {first} stafettpinnen gjekk til {name}, {role} i {org}.",),
}

ANSWERS_LINE = {"nb": ("{Role} {name} svarer.", "Her er svarene fra {role} {name}:"),
                "nn": ("{Role} {name} svarar.", "Her er svara frå {role} {name}:")}
TELLS_LINE = {"nb": ("I {muni} handler fornyelse mest om å ta små steg, forteller {role} {name}:",
                     "Det viktigste er å komme i gang, forteller {role} {name}:"),
              "nn": ("I {muni} handlar fornying mest om å ta små steg, fortel {role} {name}:",
                     "Det viktigaste er å kome i gang, fortel {role} {name}:")}

# -- answers -------------------------------------------------------------------------------------
WHY = {
    "nb": ("Oppgavene vokser raskere enn budsjettene, og slik vil det fortsette.",
           "Vi får flere eldre og færre i arbeidsfør alder, så vi kan ikke løse morgendagens oppgaver med gårsdagens metoder.",
           "Folk forventer tjenester som henger sammen, uansett hvem som leverer dem.",
           "Det blir stadig vanskeligere å rekruttere fagfolk, særlig innen helse.",
           "Hvis vi står stille, blir tjenestene dårligere år for år.",
           "Kommunen er samfunnsutvikler, og da må vi også utvikle oss selv.",
           "Vi har et ansvar for å bruke fellesskapets penger klokt.",
           "Klimaet, demografien og økonomien presser oss i samme retning."),
    "nn": ("Oppgåvene veks raskare enn budsjetta, og slik vil det halde fram.",
           "Vi får fleire eldre og færre i arbeidsfør alder, så vi kan ikkje løyse morgondagens oppgåver med gårsdagens metodar.",
           "Folk forventar tenester som heng saman, same kven som leverer dei.",
           "Det blir stadig vanskelegare å rekruttere fagfolk, særleg innan helse.",
           "Om vi står stille, blir tenestene dårlegare år for år.",
           "Kommunen er samfunnsutviklar, og då må vi òg utvikle oss sjølve.",
           "Vi har eit ansvar for å bruke fellesskapet sine pengar klokt.",
           "Klimaet, demografien og økonomien pressar oss i same retning."),
}
EXCITING = {
    "nb": ("Å se at noe vi har prøvd ut, faktisk gjør hverdagen bedre for folk.",
           "Møtene mellom fagfolk som vanligvis ikke jobber sammen. Der oppstår det ofte noe nytt.",
           "At det aldri blir kjedelig. Hver utfordring krever en ny vinkling.",
           "Når en medarbeider som var skeptisk, blir den ivrigste pådriveren.",
           "Energien som oppstår når vi slipper til nye stemmer."),
    "nn": ("Å sjå at noko vi har prøvd ut, faktisk gjer kvardagen betre for folk.",
           "Møta mellom fagfolk som vanlegvis ikkje jobbar saman. Der oppstår det ofte noko nytt.",
           "At det aldri blir kjedeleg. Kvar utfordring krev ein ny vinkling.",
           "Når ein medarbeidar som var skeptisk, blir den ivrigaste pådrivaren.",
           "Energien som oppstår når vi slepp til nye stemmer."),
}
CHALLENGE = {
    "nb": ("Å få tid til å tenke nytt midt i en travel drift.",
           "Å ta det nye i bruk overalt. Vi er gode til å prøve ut, men dårligere til å spre det som virker.",
           "Kulturen. Det tar lang tid å endre vaner, og det er lett å falle tilbake til det trygge.",
           "Økonomien. Det er vanskelig å prioritere utvikling når driften er presset.",
           "Å måle effekten av det vi gjør, slik at vi vet hva som faktisk virker."),
    "nn": ("Å få tid til å tenkje nytt midt i ei travel drift.",
           "Å ta det nye i bruk overalt. Vi er gode til å prøve ut, men dårlegare til å spreie det som verkar.",
           "Kulturen. Det tek lang tid å endre vanar, og det er lett å falle tilbake til det trygge.",
           "Økonomien. Det er vanskeleg å prioritere utvikling når drifta er pressa.",
           "Å måle effekten av det vi gjer, slik at vi veit kva som faktisk verkar."),
}
FAILURE_FILLER = {
    "nb": ("Vi har hatt for mange baller i luften samtidig. Da blir ingen av dem grepet skikkelig.",
           "Å vente for lenge med å teste. Vi planla i månedsvis før vi viste noe til dem det gjaldt.",
           "At jeg undervurderte hvor mye tid det tar å forankre en endring i hele organisasjonen."),
    "nn": ("Vi har hatt for mange ballar i lufta samstundes. Då blir ingen av dei gripne skikkeleg.",
           "Å vente for lenge med å teste. Vi planla i månadsvis før vi viste noko til dei det galdt.",
           "At eg undervurderte kor mykje tid det tek å forankre ei endring i heile organisasjonen."),
}
FAILURE_PROJECT = {
    "nb": ("Vi satte i gang {proj} med stor entusiasme, men uten en plan for hvem som skulle eie løsningen etterpå. Da prosjektpengene tok slutt, stoppet alt opp.",
           "{proj} er et godt eksempel. Vi bygde noe teknisk flott som ingen egentlig hadde bedt om.",
           "Da vi startet {proj}, glemte vi å spørre dem som skulle bruke løsningen. Det måtte vi gjøre om igjen."),
    "nn": ("Vi sette i gang {proj} med stor entusiasme, men utan ein plan for kven som skulle eige løysinga etterpå. Då prosjektpengane tok slutt, stoppa alt opp.",
           "{proj} er eit godt døme. Vi bygde noko teknisk flott som ingen eigentleg hadde bede om.",
           "Då vi starta {proj}, gløymde vi å spørje dei som skulle bruke løysinga. Det måtte vi gjere om att."),
}

# Method sentences; a method may have sentences of its own that fit it better.
METHOD_GENERIC = {
    "nb": ("Vi bruker {m} når vi utvikler nye tjenester.", "{M} er blitt en fast del av måten vi jobber på.",
           "Alle nye prosjekter starter med {m}.", "Vi har gode erfaringer med {m} i flere sektorer.",
           "Vi legger stor vekt på {m}."),
    "nn": ("Vi nyttar {m} når vi utviklar nye tenester.", "{M} har blitt ein fast del av måten vi jobbar på.",
           "Alle nye prosjekt startar med {m}.", "Vi har gode erfaringar med {m} i fleire sektorar.",
           "Vi legg stor vekt på {m}."),
}
METHOD_SPECIAL = {
    "innovasjonsstrategi": {"nb": ("Kommunestyret har vedtatt en egen {m}.", "Vi har en {m} som peker ut retningen."),
                            "nn": ("Kommunestyret har vedteke ein eigen {m}.", "Vi har ein {m} som peikar ut retninga.")},
    "idebank": {"nb": ("Vi har en digital {m} som alle kan bruke, og hvert forslag får svar.",),
                "nn": ("Vi har ein digital {m} som alle kan bruke, og kvart forslag får svar.",)},
    "living-lab": {"nb": ("Vi har bygget opp en {m} der nye løsninger prøves ut i liten skala.",),
                   "nn": ("Vi har bygt opp ein {m} der nye løysingar blir prøvde ut i liten skala.",)},
    "hackathon": {"nb": ("Hvert år arrangerer vi en {m} der alle kan komme med forslag.",),
                  "nn": ("Kvart år arrangerer vi ein {m} der alle kan kome med forslag.",)},
}
METHOD_IN_PROJECT = {"nb": ("Underveis brukte vi {m} for å forstå behovene.",),
                     "nn": ("Undervegs nytta vi {m} for å forstå behova.",)}
PRACTICE_FILLER = {
    "nb": ("Vi har satt av tid i ledermøtene til å dele erfaringer.",
           "Hver enhet har ansvar for minst ett utviklingsprosjekt i året.",
           "Vi prøver å starte smått og lære underveis."),
    "nn": ("Vi har sett av tid i leiarmøta til å dele erfaringar.",
           "Kvar eining har ansvar for minst eitt utviklingsprosjekt i året.",
           "Vi prøver å starte smått og lære undervegs."),
}
NETWORK_SENTENCE = {"nb": ("Vi er med i {net}.", "Vi deltar i {net}."), "nn": ("Vi er med i {net}.", "Vi deltek i {net}.")}
INSPIRATION_SENTENCE = {"nb": ("Vi har latt oss inspirere av {org} i {country}.",),
                        "nn": ("Vi har late oss inspirere av {org} i {country}.",)}
SCHOOL_SENTENCE = {"nb": ("Flere av lederne våre har gått på {org}.", "Vi har fått god veiledning fra {org}."),
                   "nn": ("Fleire av leiarane våre har gått på {org}.", "Vi har fått god rettleiing frå {org}.")}
LAB_SENTENCE = {"nb": ("Vi har startet {proj}, et rom der vi tester ideer sammen med dem det gjelder.",),
                "nn": ("Vi har starta {proj}, eit rom der vi testar idear saman med dei det gjeld.",)}

PROJECT = {
    "nb": ("Prosjektet {proj}, der vi sammen med {with} {did}.",
           "Jeg er mest stolt av {proj}. Der jobbet vi sammen med {with}, og vi {did}.",
           "Det må bli «{proj}», som vi utviklet sammen med {with}. Vi {did}."),
    "nn": ("Prosjektet {proj}, der vi saman med {with} {did}.",
           "Eg er mest stolt av {proj}. Der jobba vi saman med {with}, og vi {did}.",
           "Det må bli «{proj}», som vi utvikla saman med {with}. Vi {did}."),
}
PROJECT_ALONE = {
    "nb": ("{proj}. Vi {did}.", "Jeg er mest stolt av {proj}, der vi {did}."),
    "nn": ("{proj}. Vi {did}.", "Eg er mest stolt av {proj}, der vi {did}."),
}
PROJECT_SHARED = {
    "nb": ("{proj}, et interkommunalt samarbeid med {with}, der vi {did}.",
           "Jeg er mest stolt av {proj}, som vi driver sammen med {with}. Vi {did}."),
    "nn": ("{proj}, eit interkommunalt samarbeid med {with}, der vi {did}.",
           "Eg er mest stolt av {proj}, som vi driv saman med {with}. Vi {did}."),
}
ACHIEVEMENTS = {
    "nb": ("fikk ned ventetiden på hjemmetjenester fra uker til dager",
           "ga ungdom uten jobb en ny vei inn i arbeidslivet",
           "flyttet en del av saksbehandlingen ut dit folk bor",
           "halverte matsvinnet i kantinene",
           "gjorde det enklere for eldre å bo lenger hjemme",
           "samlet alle tjenester for barnefamilier på ett sted",
           "laget en felles digital inngang for nye etablerere",
           "fikk flere lærlinger gjennom fagprøven",
           "reduserte energibruken i kommunale bygg med en firedel"),
    "nn": ("fekk ned ventetida på heimetenester frå veker til dagar",
           "gav ungdom utan jobb ein ny veg inn i arbeidslivet",
           "flytta ein del av sakshandsaminga ut dit folk bur",
           "halverte matsvinnet i kantinene",
           "gjorde det enklare for eldre å bu lenger heime",
           "samla alle tenester for barnefamiliar på éin stad",
           "laga ein felles digital inngang for nye etablerarar",
           "fekk fleire lærlingar gjennom fagprøva",
           "reduserte energibruken i kommunale bygg med ein firedel"),
}

# Adjectives before nouns of common gender only, so that no agreement can go wrong ("Trygg hverdag").
PROJECT_ADJ = {"nb": ("Trygg", "Aktiv", "Felles", "Ung", "Grønn", "Smart", "Frisk", "Nær", "Åpen", "Levende",
                      "Modig", "Enkel", "Klok", "Raus"),
               "nn": ("Trygg", "Aktiv", "Felles", "Ung", "Grøn", "Smart", "Frisk", "Nær", "Open", "Levande",
                      "Modig", "Enkel", "Klok", "Raus")}
PROJECT_NOUN = {"nb": ("hverdag", "hjemme", "skolevei", "start", "oppvekst", "omsorg", "mestring",
                       "bygd", "framtid", "læring", "alderdom", "hjemkomst"),
                "nn": ("kvardag", "heime", "skuleveg", "start", "oppvekst", "omsorg", "meistring",
                       "bygd", "framtid", "læring", "alderdom", "heimkomst")}
# Most project names carry the place's name; the rest can recur elsewhere as different projects
# with the same name (as "Trygg hverdag" would in reality).
PROJECT_PATTERNS = {
    "nb": ("{adj} {noun}", "{adj} {noun} i {muni}", "{adj} {noun} i {muni}", "{adj} {noun} i {muni}",
           "{muni}modellen", "Ung i {muni}", "{adj} {muni}", "{adj} {muni}", "Null {zero}", "Fra {a} til {b}",
           "Hjem til {muni}", "{muni}løftet", "Sammen for {muni}", "Framtidas {muni}"),
    "nn": ("{adj} {noun}", "{adj} {noun} i {muni}", "{adj} {noun} i {muni}", "{adj} {noun} i {muni}",
           "{muni}modellen", "Ung i {muni}", "{adj} {muni}", "{adj} {muni}", "Null {zero}", "Frå {a} til {b}",
           "Heim til {muni}", "{muni}løftet", "Saman for {muni}", "Framtidas {muni}"),
}
PROJECT_ZERO = ("kø", "papir", "svinn", "venting", "avvik", "rest", "dobbeltarbeid", "skjema", "fall",
                "sløsing")
PROJECT_FROM_TO = {"nb": (("sofa", "jobb"), ("papir", "app"), ("plan", "handling"), ("klage", "samtale"),
                          ("idé", "drift"), ("skole", "lære"), ("pasient", "partner"), ("venteliste", "tilbud")),
                   "nn": (("sofa", "jobb"), ("papir", "app"), ("plan", "handling"), ("klage", "samtale"),
                          ("idé", "drift"), ("skule", "lære"), ("pasient", "partnar"), ("venteliste", "tilbod"))}
SHARED_PROJECT_PATTERNS = ("Felles legevakt {hub}", "Friskliv {hub}regionen", "Digi{hub}", "Barnevernssamarbeidet {hub}",
                           "Innkjøpssamarbeidet i {hub}regionen", "Ung i {hub}regionen")

NEEDS = (  # (nb, nn)
    ("Psykisk helse hos unge", "Psykisk helse hjå unge"), ("Barnevern", "Barnevern"),
    ("Rekruttering av fagfolk", "Rekruttering av fagfolk"),
    ("Heltidskultur i helse og omsorg", "Heiltidskultur i helse og omsorg"),
    ("Boliger for unge", "Bustader for unge"), ("Energi", "Energi"), ("Sykefravær", "Sjukefråvær"),
    ("Klimatilpasning", "Klimatilpassing"), ("Demensomsorg", "Demensomsorg"),
    ("Digital kompetanse hos eldre", "Digital kompetanse hjå eldre"), ("Spesialundervisning", "Spesialundervisning"),
    ("Integrering av flyktninger", "Integrering av flyktningar"), ("Utenforskap blant unge", "Utanforskap blant unge"),
    ("Beredskap", "Beredskap"), ("Kollektivtransport i distriktene", "Kollektivtransport i distrikta"),
    ("Sentrumsutvikling", "Sentrumsutvikling"), ("Rusomsorg", "Rusomsorg"),
    ("Tidlig innsats i barnehagen", "Tidleg innsats i barnehagen"),
    ("Frafall i videregående skole", "Fråfall i vidaregåande skule"), ("Hjemmetjenester", "Heimetenester"),
    ("Avfall og gjenbruk", "Avfall og gjenbruk"), ("Levekår", "Levekår"),
    ("Kunstig intelligens i saksbehandlingen", "Kunstig intelligens i sakshandsaminga"),
    ("Vedlikehold av kommunale bygg", "Vedlikehald av kommunale bygg"),
    ("Arbeidsplasser for unge voksne", "Arbeidsplassar for unge vaksne"), ("Ensomhet blant eldre", "Einsemd blant eldre"),
    ("Rehabilitering", "Rehabilitering"), ("Legevakt", "Legevakt"),
)
NEEDS_SINGLE = {"nb": ("Jeg ville begynt med {need}.", "Det må bli {need}."),
                "nn": ("Eg ville byrja med {need}.", "Det må bli {need}.")}
NEEDS_INTRO = {"nb": "Her er mine tre:", "nn": "Her er mine tre:"}

COLLAB = {
    "nb": ("{All}.", "Vi samarbeider mest med {all}.",
           "Først og fremst med {first}. I tillegg har vi et godt samarbeid med {rest}.",
           "{First}. Dessuten jobber vi tett med {rest}."),
    "nn": ("{All}.", "Vi samarbeider mest med {all}.",
           "Først og fremst med {first}. I tillegg har vi eit godt samarbeid med {rest}.",
           "{First}. Dessutan jobbar vi tett med {rest}."),
}

BATON = {  # {to}: name; {role}; {rdef}: definite title; {org}; {P}: pronoun; {praise}
    "nb": ("Utfordringen går til {rdef} i {org}, {to}.", "Jeg vil sende stafettpinnen til {role} {to} i {org}.",
           "Stafettpinnen går videre til {to}, {role} i {org}. {P} {praise}.",
           "Jeg gir den videre til en kollega jeg har lært mye av: {to}, {role} i {org}."),
    "nn": ("Utfordringa går til {rdef} i {org}, {to}.", "Eg vil sende stafettpinnen til {role} {to} i {org}.",
           "Stafettpinnen går vidare til {to}, {role} i {org}. {P} {praise}.",
           "Eg gjev han vidare til ein kollega eg har lært mykje av: {to}, {role} i {org}."),
}
BATON_NO_ROLE = {"nb": ("Jeg gir pinnen videre til {to} i {org}.",), "nn": ("Eg gjev pinnen vidare til {to} i {org}.",)}
PRAISE = {"nb": ("har fått til mye spennende på kort tid", "har vist at små kommuner kan gå foran",
                 "har gjort en imponerende jobb med å involvere folk i utviklingsarbeidet"),
          "nn": ("har fått til mykje spennande på kort tid", "har vist at små kommunar kan gå føre",
                 "har gjort ein imponerande jobb med å involvere folk i utviklingsarbeidet")}

PRONOUN = {("nb", "f"): "hun", ("nb", "m"): "han", ("nn", "f"): "ho", ("nn", "m"): "han"}

FACT_LABELS = {
    "nb": {"area": ("Areal",), "population": ("Innbyggere", "Innbyggertall", "Folketall"),
           "income": ("Frie inntekter",), "mayor": ("Ordfører",)},
    "nn": {"area": ("Areal",), "population": ("Innbyggjarar", "Folketal"),
           "income": ("Frie inntekter",), "mayor": ("Ordførar",)},
}
AREA_UNITS = ("km2", "km²", "kvadratkilometer")
INCOME_UNITS = {"nb": ("kr pr. innbygger", "kroner per innbygger", "kr per innbygger"),
                "nn": ("kroner per innbyggjar", "kr pr. innbyggjar", "kroner pr. innbyggjar")}
MOTTOS = {
    "nb": ("{muni} – der det gode liv leves", "Raus, modig og nær", "Vi får det til i {muni}",
           "Framtida bygges i {muni}", "{muni} – midt i naturen", "Liten kommune, store muligheter",
           "Åpen, ærlig og nyskapende", "{muni} – mer enn du tror"),
    "nn": ("{muni} – der det gode livet blir levd", "Raus, modig og nær", "Vi får det til i {muni}",
           "Framtida blir bygd i {muni}", "{muni} – midt i naturen", "Liten kommune, store moglegheiter",
           "Open, ærleg og nyskapande"),
}
READ_MORE = "Les mer om {series} her"
PHOTO_CREDIT = {"nb": "Foto: {muni} kommune", "nn": "Foto: {muni} kommune"}

# -- the families of issue #13: other layouts and phrasings of the same content ------------------
# Other wordings of the series' questions (the extractor must map them by their meaning).
QUESTION_VARIANTS = {
    "why-innovate": {"nb": ("Hvorfor må kommunene fornye seg?", "Hvorfor er innovasjon viktig for kommunesektoren?"),
                     "nn": ("Kvifor må kommunane fornye seg?",)},
    "how-in-practice": {"nb": ("Hvordan jobber dere med nye løsninger i hverdagen?",),
                        "nn": ("Korleis jobbar de med nye løysingar i kvardagen?",)},
    "proudest-project": {"nb": ("Hva er du mest stolt av?", "Hvilken løsning er du mest stolt av?"),
                         "nn": ("Kva er du mest stolt av?",)},
    "lessons-from-failure": {"nb": ("Hva har dere lært av det som ikke gikk som planlagt?",),
                             "nn": ("Kva har de lært av det som ikkje gjekk som planlagt?",)},
    "most-needed": {"nb": ("På hvilke områder trenger dere mest nye løsninger?", "Hva trenger dere mer av?"),
                    "nn": ("På kva område treng de mest nye løysingar?", "Kva treng de meir av?")},
    "collaborators": {"nb": ("Hvem er de viktigste samarbeidspartnerne deres?", "Hvem samarbeider dere med?"),
                      "nn": ("Kven er dei viktigaste samarbeidspartnarane dykkar?",)},
    "baton": {"nb": ("Hvem sender du stafettpinnen til?",), "nn": ("Kven sender du stafettpinnen til?",)},
}
# The interviewee named with age, as the subject: "Kari Nilsen (54) er rådmann i Senja kommune."
INTRO_AGE = {"nb": ("{name} ({age}) er {role} i {org}.",), "nn": ("{name} ({age}) er {role} i {org}.",)}
# The giver told without "Etter at X løp ...": {me} is the interviewee's name, {org_me} the place.
ANNOUNCE_GOT_FROM = {
    "nb": ("{me} fikk stafettpinnen fra {giver} i {prev}.", "{Org_me} overtok stafettpinnen etter {giver} i {prev}."),
    "nn": ("{me} fekk stafettpinnen frå {giver} i {prev}.", "{Org_me} overtok stafettpinnen etter {giver} i {prev}."),
}
ANNOUNCE_RAN_BEFORE = {  # the stage of the giver, the giver named in the next sentence
    "nb": ("{Prev} hadde løpt {gord} etappe. Det var {giver} som sendte pinnen videre til {me}, {role} i {org}.",),
    "nn": ("{Prev} hadde sprunge {gord} etappe. Det var {giver} som sende pinnen vidare til {me}, {role} i {org}.",),
}
# The receiver in other orders: the title in the next sentence; the organisation first.
BATON_NEXT_SENTENCE = {"nb": ("Jeg gir stafettpinnen videre til {to}. {P} er {role} i {org}.",),
                       "nn": ("Eg gjev stafettpinnen vidare til {to}. {P} er {role} i {org}.",)}
BATON_ORG_FIRST = {"nb": ("Til {org} ved {role} {to}.", "Jeg sender den til {org}, til {role} {to}."),
                   "nn": ("Til {org} ved {role} {to}.", "Eg sender han til {org}, til {role} {to}.")}
# People named in the page who are not in the relay: the journalist, a photographer, a teaser of
# another article, a contact person.
BYLINE = ("Tekst: {name}", "Tekst og foto: {name}")
PHOTO_CREDIT_NAMED = "Foto: {photographer} / {Role} {name}"
TEASERS = {"nb": ("Les også: {Role} {name} i {place} om nye arbeidsformer",
                  "Les også: {Role} {name} vil ha flere møteplasser i {place}"),
           "nn": ("Les òg: {Role} {name} i {place} om nye arbeidsformer",)}
CONTACT = {"nb": "Kontaktperson: {role} {name}, telefon {phone}", "nn": "Kontaktperson: {role} {name}, telefon {phone}"}
# A number in the body that is not the fact box's.
BODY_NUMBER = {"nb": ("Kommunen har nesten {n} innbyggere, og de fleste merker når noe blir bedre.",),
               "nn": ("Kommunen har nesten {n} innbyggjarar, og dei fleste merkar når noko blir betre.",)}
