"""Word lists of the synthetic world: names, titles, vocabulary surface forms, partners.

The surface forms of posts, methods, partner categories and parties are written out here rather
than read from ``ontology/vocab/*.ttl`` at run time, for two reasons: a corpus must stay byte-stable
for a seed while the vocabularies grow, and a sentence needs a form that fits its grammar
(indefinite "rådmann" after a name, definite "rådmannen" before "i Hå"), which the vocabularies do
not mark. ``tests/test_synth.py`` checks every form against the vocabularies, so the two stay in
step.
"""

from __future__ import annotations

# -- people --------------------------------------------------------------------------------------
FIRST_F = (
    "Anne Kari Ingrid Marit Hilde Liv Randi Tone Kristin Berit Heidi Silje Ida Camilla Marianne "
    "Trine Guro Ragnhild Solveig Astrid Sigrid Ingunn Torunn Siri Elin Hanne Linda Monica Nina Mona "
    "Grete Turid Eli Bente Wenche Gunn Inger Line Synnøve Åse Vigdis Unni Merete Janne Ellen "
    "Karianne Maria Nora Emma Thea Tuva Maren Ane Marte Eirin Oddny Jorunn Gro Toril Lene Fatima "
    "Sara Leila Anne-Lise Kari-Anne Ann-Kristin Mari-Ann"
).split()
FIRST_M = (
    "Per Ole Lars Jan Knut Bjørn Arne Svein Terje Geir Tor Odd Rune Morten Trond Jon Kjell Hans "
    "Erik Espen Stian Thomas Magne Øyvind Eirik Håkon Sindre Vegard Audun Asbjørn Gunnar Harald "
    "Olav Sverre Torbjørn Ketil Frode Helge Leif Einar Steinar Dag Roar Atle Kristian Jørgen Sondre "
    "Mathias Henrik Anders Petter Halvor Ivar Sigurd Alf Bård Tormod Vidar Egil Ståle Amir Omar "
    "Hans-Petter Per-Arne Jan-Erik Tor-Arne"
).split()
SURNAMES = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen "
    "Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen "
    "Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen "
    "Martinsen Paulsen Bakken Kristoffersen Mathisen Lie Amundsen Rasmussen Lunde Solheim Berntsen "
    "Moe Kristensen Bakke Nygård Fredriksen Holm Lien Hauge Christensen Nielsen Knudsen Evensen "
    "Sæther Aas Myhre Hanssen Haugland Thomassen Sivertsen Simonsen Danielsen Berge Ødegård "
    "Mikkelsen Sandvik Hovland Tangen Brekke Vik Engen Aune Rønning Fjeld Mo Røed Nordby Aasen "
    "Sunde Myklebust Tveit Bjerke Rød Strøm Grønvold Fossum Østby Kvam Hole Bø Bråten Sletten "
    "Fosse Vold Løvås Husby Dale Kleven Ulvestad Nordhus Tjelta Nesse Wik Hegg Midtbø Rustad "
    "Høyland Foss Sundby Thorsen Olsvik Stene Aarvik Grande Eggen Flaten Tveten Lyngstad Hoel "
    "Ahmed Ali Nguyen Khan Hussain Nordvik Skaret Langeland Tønnessen Brattli Haugstad Gjerde "
    "Bjørnstad Ruud Viken Torvik Hammer Kolstad Sørli Fagerli Grimstad Ness Reitan Vestby"
).split()

# Official names with parallel Sami or Kven forms: the Norwegian form a journalist writes.
NORWEGIAN_FORM = {
    "1826": "Hattfjelldal", "1833": "Rana", "1841": "Fauske", "1845": "Sørfold", "1875": "Hamarøy",
    "5512": "Tjeldsund", "1853": "Evenes", "1870": "Sortland", "5503": "Harstad",
    "5516": "Gratangen", "5518": "Lavangen", "5538": "Storfjord", "5540": "Kåfjord",
    "5544": "Nordreisa", "5603": "Hammerfest", "5612": "Kautokeino", "5622": "Porsanger",
    "5610": "Karasjok", "5628": "Tana", "5636": "Nesseby", "5001": "Trondheim", "5007": "Namsos",
    "5025": "Røros", "5037": "Levanger", "5041": "Snåsa", "5043": "Røyrvik",
}

MONTHS = {
    "nb": "januar februar mars april mai juni juli august september oktober november desember".split(),
    "nn": "januar februar mars april mai juni juli august september oktober november desember".split(),
}

# Ordinal words 1..20; beyond that the series prints digits ("23. etappe").
ORDINALS = {
    "nb": (
        "første andre tredje fjerde femte sjette sjuende åttende niende tiende ellevte tolvte "
        "trettende fjortende femtende sekstende syttende attende nittende tjuende"
    ).split(),
    "nn": (
        "første andre tredje fjerde femte sjette sjuande åttande niande tiande ellevte tolvte "
        "trettande fjortande femtande sekstande syttande attande nittande tjugande"
    ).split(),
}
ORDINAL_ALT = {("nb", 7): "syvende", ("nn", 1): "fyrste"}  # forms used side by side in print

# -- posts ---------------------------------------------------------------------------------------
# key: (gold label = the vocabulary's nb prefLabel, weight in a municipality, weight in a county
# municipality, {lang: (indefinite forms, definite forms)})
ROLES = {
    "kommunedirektor": ("kommunedirektør", 44, 0, {
        "nb": (("kommunedirektør", "rådmann"), ("kommunedirektøren", "rådmannen")),
        "nn": (("kommunedirektør", "rådmann"), ("kommunedirektøren", "rådmannen"))}),
    "assisterende": ("assisterende kommunedirektør", 3, 0, {
        "nb": (("assisterende kommunedirektør", "assisterende rådmann"), ()),
        "nn": (("assisterande kommunedirektør", "assisterande rådmann"), ())}),
    "kommunalsjef": ("kommunalsjef", 11, 0, {
        "nb": (("kommunalsjef", "kommunaldirektør"), ("kommunalsjefen", "kommunaldirektøren")),
        "nn": (("kommunalsjef", "kommunaldirektør"), ("kommunalsjefen", "kommunaldirektøren"))}),
    "innovasjonsleder": ("innovasjonsleder", 9, 15, {
        "nb": (("innovasjonsleder", "innovasjonssjef"), ("innovasjonslederen", "innovasjonssjefen")),
        "nn": (("innovasjonsleiar",), ("innovasjonsleiaren",))}),
    "innovasjonsradgiver": ("innovasjonsrådgiver", 8, 25, {
        "nb": (("innovasjonsrådgiver", "seniorrådgiver for innovasjon"), ("innovasjonsrådgiveren",)),
        "nn": (("innovasjonsrådgjevar",), ("innovasjonsrådgjevaren",))}),
    "innovasjonskoordinator": ("innovasjonskoordinator", 3, 0, {
        "nb": (("innovasjonskoordinator",), ("innovasjonskoordinatoren",)),
        "nn": (("innovasjonskoordinator",), ("innovasjonskoordinatoren",))}),
    "ordforer": ("ordfører", 6, 0, {
        "nb": (("ordfører",), ("ordføreren",)), "nn": (("ordførar",), ("ordføraren",))}),
    "digitaliseringssjef": ("digitaliseringssjef", 5, 5, {
        "nb": (("digitaliseringssjef", "digitaliseringsleder"), ("digitaliseringssjefen",)),
        "nn": (("digitaliseringssjef", "digitaliseringsleiar"), ("digitaliseringssjefen",))}),
    "utviklingssjef": ("utviklingssjef", 5, 15, {
        "nb": (("utviklingssjef", "utviklingsleder"), ("utviklingssjefen",)),
        "nn": (("utviklingssjef", "utviklingsleiar"), ("utviklingssjefen",))}),
    "stabssjef": ("stabssjef", 2, 0, {
        "nb": (("stabssjef",), ("stabssjefen",)), "nn": (("stabssjef",), ("stabssjefen",))}),
    "prosjektleder": ("prosjektleder", 2, 0, {
        "nb": (("prosjektleder",), ("prosjektlederen",)), "nn": (("prosjektleiar",), ("prosjektleiaren",))}),
    "virksomhetsleder": ("virksomhetsleder", 2, 0, {
        "nb": (("virksomhetsleder", "enhetsleder"), ("virksomhetslederen",)),
        "nn": (("verksemdsleiar", "einingsleiar"), ())}),
    "kommuneoverlege": ("kommuneoverlege", 1, 0, {
        "nb": (("kommuneoverlege",), ("kommuneoverlegen",)), "nn": (("kommuneoverlege",), ("kommuneoverlegen",))}),
    "fylkesdirektor": ("fylkeskommunedirektør", 0, 30, {
        "nb": (("fylkeskommunedirektør", "fylkesdirektør", "fylkesrådmann"),
               ("fylkeskommunedirektøren", "fylkesdirektøren", "fylkesrådmannen")),
        "nn": (("fylkeskommunedirektør", "fylkesdirektør", "fylkesrådmann"),
               ("fylkeskommunedirektøren", "fylkesdirektøren", "fylkesrådmannen"))}),
    "fylkesordforer": ("fylkesordfører", 0, 10, {
        "nb": (("fylkesordfører",), ("fylkesordføreren",)), "nn": (("fylkesordførar",), ("fylkesordføraren",))}),
}
# Compound titles ("kommunalsjef for oppvekst"): the post is the head word's.
ROLE_SUFFIXES = {
    "kommunalsjef": (" for oppvekst", " for helse og omsorg", " for samfunnsutvikling", " for teknisk sektor"),
}

# -- methods (vocabulary: methods.ttl) -----------------------------------------------------------
# key: {lang: surface forms}. Every form is a label of the concept METHOD_LABEL names (its nb
# prefLabel); the gold lists a method by the label as the text writes it, so every gold label occurs
# in the text (the scorer's lenient match accepts "lean" for "lean-metodikk" either way).
METHOD_LABEL = {
    "tjenestedesign": "tjenestedesign", "brukerreiser": "brukerreiser", "innovasjonsstrategi": "innovasjonsstrategi",
    "lean": "lean", "idebank": "idébank", "gevinstrealisering": "gevinstrealisering",
    "design-thinking": "designtenking", "smidig": "smidig utvikling",
    "innovative-anskaffelser": "innovative anskaffelser", "living-lab": "innovasjonslab", "hackathon": "hackathon",
    "prototyping": "prototyping", "samskaping": "samskaping", "kontinuerlig-forbedring": "kontinuerlig forbedring",
    "innsiktsarbeid": "innsiktsarbeid",
}
METHODS = {
    "tjenestedesign": {"nb": ("tjenestedesign", "tjenestedesignmetodikk"), "nn": ("tenestedesign", "tenestedesignmetodikk")},
    "brukerreiser": {"nb": ("brukerreiser", "kundereiser"), "nn": ("brukarreiser",)},
    "innovasjonsstrategi": {"nb": ("innovasjonsstrategi", "innovasjonsplan"), "nn": ("innovasjonsstrategi",)},
    "lean": {"nb": ("lean", "lean-metodikk", "leanmetodikk"), "nn": ("lean", "lean-metodikk")},
    "idebank": {"nb": ("idébank", "idebank", "forslagskasse"), "nn": ("idébank",)},
    "gevinstrealisering": {"nb": ("gevinstrealisering",), "nn": ("gevinstrealisering",)},
    "design-thinking": {"nb": ("designtenking", "design thinking", "designtenkning"), "nn": ("designtenking",)},
    "smidig": {"nb": ("smidig utvikling", "smidige metoder", "scrum"), "nn": ("smidig utvikling",)},
    "innovative-anskaffelser": {"nb": ("innovative anskaffelser", "leverandørdialog"), "nn": ("innovative innkjøp",)},
    "living-lab": {"nb": ("innovasjonslab", "living lab", "testarena"), "nn": ("innovasjonslab", "living lab")},
    "hackathon": {"nb": ("hackathon", "idédugnad"), "nn": ("hackathon",)},
    "prototyping": {"nb": ("prototyping", "pilotering"), "nn": ("prototyping",)},
    "samskaping": {"nb": ("samskaping",), "nn": ("samskaping",)},
    "kontinuerlig-forbedring": {"nb": ("kontinuerlig forbedring", "forbedringsarbeid"), "nn": ("kontinuerleg forbetring",)},
    "innsiktsarbeid": {"nb": ("innsiktsarbeid", "brukerinnsikt"), "nn": ("innsiktsarbeid", "brukarinnsikt")},
}

# -- partner categories (vocabulary: categories.ttl) ---------------------------------------------
CATEGORIES = {
    "innbyggere": {"nb": ("innbyggere", "innbyggerne", "befolkningen"), "nn": ("innbyggjarar", "innbyggjarane")},
    "frivillige": {"nb": ("frivillige organisasjoner", "frivillige", "lag og foreninger", "lag og organisasjoner",
                          "frivillig sektor", "frivilligheten"),
                   "nn": ("frivillige organisasjonar", "lag og organisasjonar", "lag og foreiningar", "frivilligheita")},
    "grendeutvalg": {"nb": ("grendeutvalg", "grendelag", "velforeninger"), "nn": ("grendeutval",)},
    "naeringsliv": {"nb": ("næringslivet", "lokalt næringsliv", "leverandører"), "nn": ("næringslivet", "leverandørar")},
    "nabokommuner": {"nb": ("nabokommunene", "andre kommuner"), "nn": ("nabokommunane", "nabokommunar")},
    "ansatte": {"nb": ("de ansatte", "tillitsvalgte", "medarbeidere"), "nn": ("tilsette",)},
    "brukere": {"nb": ("brukerne", "pårørende"), "nn": ("brukarane", "pårørande")},
    "barn-og-unge": {"nb": ("barn og unge", "elevrådene", "ungdomsrådet"), "nn": ("born og unge", "ungdomsrådet")},
    "forskning": {"nb": ("studenter", "forskningsmiljøer", "akademia"), "nn": ("studentar",)},
    "staten": {"nb": ("statlige etater",), "nn": ("statlege etatar",)},
}
# Methods that read well in "Underveis brukte vi {m} for å forstå behovene".
PROJECT_METHODS = ("tjenestedesign", "brukerreiser", "design-thinking", "prototyping", "innsiktsarbeid",
                   "samskaping", "smidig")
CATEGORY_WEIGHTS = {"innbyggere": 30, "frivillige": 22, "naeringsliv": 14, "grendeutvalg": 6, "nabokommuner": 8,
                    "ansatte": 10, "brukere": 9, "barn-og-unge": 6, "forskning": 5, "staten": 3}
# Qualifiers that may follow a category in print ("lag og organisasjonar i bygdene").
QUALIFIABLE = ("innbyggere", "frivillige", "grendeutvalg", "barn-og-unge")
CATEGORY_QUALIFIERS = {"nb": (" i bygdene", " i nærmiljøet", " lokalt"), "nn": (" i bygdene", " i nærmiljøet", " lokalt")}

# -- parties (vocabulary: parties.ttl): printed form, weight ------------------------------------
PARTIES = (
    ("Ap", 27), ("AP", 2), ("H", 20), ("Sp", 20), ("SP", 2), ("FrP", 5), ("Frp", 1),
    ("KrF", 4), ("KRF", 1), ("SV", 3), ("V", 3), ("MDG", 1), ("R", 1), ("PF", 0.5), ("INP", 0.5),
    ("Kyst", 0.3), ("Bygdeliste", 2), ("Tverrpolitisk liste", 2),
)

# -- partner organisations -------------------------------------------------------------------------
# (name, weight, counties where it works or None for national). Weights fall off steeply so that
# a few partners are shared by many interviews and most by few (together with the local tail).
NATIONAL_PARTNERS = (
    ("KS", 40), ("Innovasjon Norge", 14), ("Husbanken", 9), ("NAV", 8), ("Digitaliseringsdirektoratet", 4),
    ("Forskningsrådet", 3), ("SINTEF", 3), ("Helsedirektoratet", 2), ("Røde Kors", 2),
    ("Nasjonalt program for leverandørutvikling", 2), ("Norsk Folkehjelp", 1), ("Kirkens Bymisjon", 1),
    ("Nasjonalt senter for e-helseforskning", 1), ("Frivillighet Norge", 0.7), ("Enova", 1.5),
)
REGIONAL_PARTNERS = (
    ("NTNU", 9, ("50", "15", "34")), ("Nord universitet", 10, ("18", "50")),
    ("UiT Norges arktiske universitet", 9, ("55", "56", "18")), ("Høgskulen på Vestlandet", 10, ("46", "11")),
    ("Universitetet i Bergen", 3, ("46",)), ("Universitetet i Stavanger", 6, ("11",)),
    ("Universitetet i Agder", 8, ("42",)), ("Universitetet i Sørøst-Norge", 7, ("33", "39", "40")),
    ("Høgskolen i Innlandet", 7, ("34",)), ("Høgskolen i Østfold", 6, ("31",)), ("OsloMet", 6, ("03", "32")),
    ("Høgskolen i Molde", 4, ("15",)), ("Høgskulen i Volda", 4, ("15",)), ("NMBU", 2, ("32",)),
    ("Helse Bergen", 5, ("46",)), ("Helse Fonna", 4, ("46", "11")), ("Helse Førde", 4, ("46",)),
    ("Helse Stavanger", 5, ("11",)), ("Sørlandet sykehus", 6, ("42",)), ("Sykehuset Telemark", 5, ("40",)),
    ("Sykehuset i Vestfold", 5, ("39",)), ("Vestre Viken", 5, ("33", "32")),
    ("Akershus universitetssykehus", 4, ("32",)), ("Oslo universitetssykehus", 3, ("03",)),
    ("Sykehuset Østfold", 5, ("31",)), ("Sykehuset Innlandet", 6, ("34",)), ("St. Olavs hospital", 5, ("50",)),
    ("Helse Nord-Trøndelag", 4, ("50",)), ("Helse Møre og Romsdal", 5, ("15",)),
    ("Nordlandssykehuset", 5, ("18",)), ("Helgelandssykehuset", 4, ("18",)),
    ("Universitetssykehuset Nord-Norge", 5, ("55", "56")), ("Finnmarkssykehuset", 5, ("56",)),
    ("NORCE", 3, ("46", "11", "42")), ("Nordlandsforskning", 2, ("18",)), ("Østlandsforskning", 2, ("34",)),
    ("Møreforsking", 2, ("15",)), ("Trøndelag Forskning og Utvikling", 2, ("50",)),
    ("Vestlandsforsking", 2, ("46",)), ("Telemarksforsking", 2, ("40",)),
    ("SpareBank 1 Nord-Norge", 2, ("18", "55", "56")), ("Sparebanken Vest", 2, ("46",)),
    ("SpareBank 1 SMN", 2, ("50", "15")), ("Sparebanken Sør", 2, ("42", "40")),
)
COUNTY_MUNICIPALITY_WEIGHT = 16  # the own county's fylkeskommune
STATSFORVALTER_WEIGHT = 4
STATSFORVALTER_REGION = {"03": "Oslo og Viken", "31": "Oslo og Viken", "32": "Oslo og Viken",
                         "33": "Oslo og Viken", "39": "Vestfold og Telemark", "40": "Vestfold og Telemark",
                         "55": "Troms og Finnmark", "56": "Troms og Finnmark"}
NETWORKS = (("KS-nettverket for tjenesteinnovasjon", 6), ("Nettverk for smarte byer og regioner", 2),
            ("Innovasjonsnettverket i {county}", 3), ("Velferdsteknologinettverket i {county}", 2))

# The long tail: local organisations, each named by few interviews.
LOCAL_ORG_PATTERNS = (
    "{muni} Næringsforum", "{muni} frivilligsentral", "{muni} idrettsråd", "{muni} Vekst AS",
    "{muni} Sparebank", "{muni} pensjonistforening", "{muni} Næringshage", "{muni} ungdomsklubb",
    "{muni} Energi AS", "{muni} sanitetsforening", "{muni} historielag", "{muni} Bondelag",
)
COMPANY_STEMS = ("Fjord", "Nordlys", "Vestvind", "Fjell", "Kyst", "Skog", "Bølge", "Elv", "Lyng", "Solstreif",
                 "Havbris", "Tind", "Myr", "Isbre", "Furu", "Bjørk", "Lauv", "Nordavind", "Snø", "Strand")
COMPANY_TAILS = ("tech AS", " Omsorg AS", " Data AS", " Bygg AS", " Analyse AS", " Innovasjon AS", " Energi AS",
                 " Velferd AS", " Digital AS", " Design AS", " Helse AS", " Robotikk AS")

# Named organisations that inspired or taught the interviewee (gold "organisations", not partners).
INSPIRATIONS = (("Center for Offentlig Innovasjon", "Danmark", "Danmark"), ("Nesta", "Storbritannia", "Storbritannia"),
                ("Sitra", "Finland", "Finland"), ("Vinnova", "Sverige", "Sverige"),
                ("Sveriges Kommuner och Regioner", "Sverige", "Sverige"))
SCHOOLS = ("Innovasjonsskolen", "StimuLab", "Design og arkitektur Norge", "KS Læring")
