"""One interview: the article's content as blocks, and the gold record of what it states.

The content is decided here, once, and the gold is written from the same choices, so the gold holds
exactly what the text says: a stage the text does not state is null, a fact box left out gives
``"facts": {}``, a title left out leaves no ``role``. The layout of the blocks (plain text, "- "
dialogue, Markdown, a saved web page) is ``render.py``'s job.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..model import Gold, GoldPerson
from . import lexicon as lx
from . import phrases as ph
from .world import NN_SHARE, Person, Place, Series, World


@dataclass
class Block:
    kind: str  # title caption boilerplate lead para quote byline line qa facts readmore writer teaser contact
    #            ("byline": "Name, title i Place" under a pull quote; "writer": the journalist's byline)
    text: str = ""
    heading: str = ""  # the boilerplate's heading, a question, a fact box's caption
    paras: list[str] = field(default_factory=list)
    items: list[str] | None = None  # an answer that may be printed as a bullet list
    rows: list[tuple[str, str]] = field(default_factory=list)
    motto: str | None = None
    glued: bool = False  # a pull quote with the name glued to its end


@dataclass
class Article:
    lang: str
    series: str  # the series' name as this text spells it
    headline: str
    muni: str  # the interviewee's place as written
    blocks: list[Block]
    related: list[str] = field(default_factory=list)  # headlines of other stages, for a web page's margin
    frng: random.Random | None = None  # the stream the layout families of issue #13 draw from


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def join(items: list[str], lang: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


class _Writer:
    """Draws the wording of one interview; collects the gold and the variation features."""

    def __init__(self, world: World, series: Series, stage: int, rng: random.Random):
        self.w, self.rng, self.stage = world, rng, stage
        # The families of issue #13 draw from a stream of their own, so that the corpus they vary
        # (its relays, people, partners, facts) is the same draw for draw as without them.
        self.frng = world.rng("family", series.index, stage)
        self.me: Person = series.runners[stage - 1]
        self.giver: Person | None = series.runners[stage - 2] if stage > 1 else None
        self.to: Person = series.runners[stage]
        place = self.me.place
        self.lang = "nn" if rng.random() < _nn_share(place) else "nb"
        self.series = "Innovasjonstafetten" if rng.random() < 0.12 else "Innovasjonsstafetten"
        self.features: dict = {"lang": self.lang, "misspelt": self.series == "Innovasjonstafetten",
                               "stage_words": []}
        self.gold: Gold = {"stage": None, "interviewee": None, "baton_from": None, "baton_to": None,
                           "facts": {}, "projects": [], "partners": [], "organisations": [],
                           "needs": [], "methods": []}
        self.label = self.place_label(place)

    # -- small helpers ---------------------------------------------------------------------------
    def pick(self, seq):
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def t(self, table: dict) -> str:
        return self.pick(table[self.lang])

    def place_label(self, place: Place) -> str:
        if place.code in lx.NORWEGIAN_FORM and self.chance(0.08):
            return place.official  # the parallel Sami/Kven form as officially written
        return place.name

    def org(self, place: Place, label: str, *, county: bool = False) -> str:
        """'Hå kommune', 'Herøy kommune i Nordland', 'Vestland fylkeskommune'."""
        text = f"{label} {place.kind}"
        if not place.is_county and (place.homonym or county):
            text += f" i {place.county_name}"
        return text

    def where(self, place: Place, label: str) -> str:
        """A place after 'i' or as a subject: 'Sola', 'Herøy i Nordland', 'Vestland fylkeskommune'."""
        if place.is_county:
            return f"{label} fylkeskommune"
        if place.homonym:
            return f"{label} i {place.county_name}"
        return label if self.chance(0.7) else f"{label} kommune"

    def ordinal(self, n: int) -> str:
        if n > 20:
            self.features["stage_words"].append("digits")
            return f"{n}."
        self.features["stage_words"].append("word")
        alt = lx.ORDINAL_ALT.get((self.lang, n))
        return alt if alt and self.chance(0.4) else lx.ORDINALS[self.lang][n - 1]

    def first_word(self) -> str:
        return self.ordinal(1)

    def role(self, p: Person) -> str:
        indef = lx.ROLES[p.role][3][self.lang][0]
        # "rådmann" lives on beside "kommunedirektør"; other posts use their first form most.
        form = indef[0] if len(indef) == 1 or self.chance(0.6) else self.pick(indef[1:])
        return form + p.suffix

    def role_def(self, p: Person) -> str | None:
        forms = lx.ROLES[p.role][3][self.lang][1]
        if not forms:
            return None
        form = forms[0] if len(forms) == 1 or self.chance(0.6) else self.pick(forms[1:])
        return form + p.suffix

    def fchance(self, p: float) -> bool:
        return self.frng.random() < p

    def fpick(self, seq):
        return self.frng.choice(seq)

    def ft(self, table: dict) -> str:
        return self.fpick(table[self.lang])

    def decoy_name(self) -> str:
        """A person of the page who is not in the relay (a journalist, a photographer, a teaser's)."""
        taken = {p.name for p in (self.me, self.giver, self.to) if p is not None}
        while True:
            first = self.fpick(lx.FIRST_F if self.fchance(0.5) else lx.FIRST_M)
            name = f"{first} {self.fpick(lx.SURNAMES)}"
            if name not in taken and not any(name.split()[-1] == t.split()[-1] for t in taken):
                return name

    def pron(self, p: Person) -> str:
        return ph.PRONOUN[(self.lang, p.gender)]

    def person_gold(self, p: Person, label: str, *, role: bool = True) -> GoldPerson:
        d = {"name": p.name}
        if role:
            d["role"] = lx.ROLES[p.role][0]
        d["organisation"] = p.place.gold_org(label)
        return d

    def add(self, key: str, value: str) -> None:
        if value not in self.gold[key]:
            self.gold[key].append(value)

    def fill(self, template: str, **kw) -> str:
        return template.format(series=self.series, series_lc=self.series.lower(), **kw)


def _role_of(sentence: str, wr: "_Writer", me: Person) -> str:
    """The title as the post's sentence wrote it (so the age variant keeps the same wording)."""
    for form in (*lx.ROLES[me.role][3][wr.lang][0],):
        if form + me.suffix in sentence:
            return form + me.suffix
    return lx.ROLES[me.role][3][wr.lang][0][0] + me.suffix


def _nn_share(place: Place) -> float:
    return NN_SHARE.get(place.county, 0.03)


def compose(world: World, series: Series, stage: int, rng: random.Random) -> tuple[Article, dict, dict]:
    """The article, gold record and variation features of the interview of ``stage``."""
    wr = _Writer(world, series, stage, rng)
    me, lang = wr.me, wr.lang
    org_me = wr.org(me.place, wr.label)
    wr.gold["interviewee"] = wr.person_gold(me, wr.label)
    f = wr.features

    name_style = wr.pick(("glued", "glued", "caption", "byline", "svarer", "full", "full"))
    boiler = wr.pick(("first", "after_caption", "none"))
    style = name_style  # as the text shows it; name_style drives the draws, which stay as they were
    if name_style == "caption" and wr.fchance(0.5):
        style = "credit"  # the caption is a photo credit: "Foto: Tone Eng / Rådmann Kari Nilsen"
    elif name_style == "full" and wr.fchance(0.3):
        style = "age"  # "Kari Nilsen (54) er rådmann i Senja kommune."
    f.update(name_style=style, boilerplate=boiler)

    # Where the baton is told: at the start (who passed it here), at the end (who gets it next).
    if stage == 1:
        start = wr.chance(0.25)
        end = wr.chance(0.97) or not start
    else:
        start = wr.chance(0.5)
        end = wr.chance(0.95) or not start
    f.update(baton_start=start, baton_end=end)

    blocks: list[Block] = []
    headline = wr.fill(wr.t(ph.HEADLINES), muni=wr.label)
    if wr.chance(0.5):
        headline = f"{wr.series}{wr.pick((': ', ' – ', ' - '))}{headline}"
    has_title = wr.chance(0.8)
    if boiler == "first":
        blocks.append(_boilerplate(wr))
    if has_title:
        blocks.append(Block("title", headline))
    if wr.fchance(0.2):  # the journalist's byline names someone who is not interviewed
        blocks.append(Block("writer", wr.fpick(ph.BYLINE).format(name=wr.decoy_name())))
    if name_style == "caption":
        role = wr.role(me)
        if style == "credit":  # "Foto: Tone Eng / Rådmann Kari Nilsen": the photographer is not the one
            blocks.append(Block("caption", ph.PHOTO_CREDIT_NAMED.format(Role=cap(role), name=me.name,
                                                                         photographer=wr.decoy_name())))
        else:
            blocks.append(Block("caption", f"{role} {me.name}"))
    elif boiler == "after_caption" or wr.chance(0.25):
        blocks.append(Block("caption", wr.fill(ph.PHOTO_CREDIT[lang], muni=wr.label)))
    if boiler == "after_caption":
        blocks.append(_boilerplate(wr))

    stage_stated = False
    if wr.chance(0.25):
        blocks.append(Block("lead", wr.fill(wr.t(ph.LEAD), muni=wr.where(me.place, wr.label), role=wr.role(me),
                                            name=me.name, org=org_me)))
    if start:
        text, stage_stated = _announcement(wr, org_me)
        blocks.append(Block("para", text))

    # The intro: the post and organisation, sometimes since when, sometimes the stage.
    first_ref = me.surname if name_style in ("glued", "caption") else (
        me.name if name_style == "full" or wr.chance(0.5) else me.surname)
    sentences = []
    pron = wr.pron(me)
    subject = first_ref
    if not stage_stated and wr.chance(0.6 if stage == 1 else 0.3):
        if stage == 1:
            sentences.append(wr.fill(wr.t(ph.INTRO_STAGE_FIRST), S=first_ref, first=wr.first_word()))
        else:
            sentences.append(wr.fill(wr.t(ph.INTRO_STAGE), S=first_ref, ord=wr.ordinal(stage)))
        stage_stated = True
        subject = pron
    if me.since and wr.chance(0.45):
        year, month = me.since
        since = f"{lx.MONTHS[lang][month - 1]} {year}" if month else str(year)
        sentences.append(cap(wr.fill(wr.t(ph.INTRO_SINCE), S=subject, role=wr.role(me), org=org_me, since=since)))
        wr.gold["interviewee"]["since"] = f"{year}-{month:02d}" if month else str(year)
    else:
        sentences.append(cap(wr.fill(wr.t(ph.INTRO_ROLE), S=subject, role=wr.role(me), org=org_me)))
    if style == "age" and "since" in wr.gold["interviewee"]:
        style = f["name_style"] = "full"  # the post's sentence tells since when: it stays as it is
    if style == "age":  # the post's sentence says it with the age instead
        sentences[-1] = wr.fill(wr.ft(ph.INTRO_AGE), name=me.name, age=wr.frng.randint(34, 66),
                                role=_role_of(sentences[-1], wr, me), org=org_me)
    if wr.chance(0.5):
        sentences.append(cap(wr.fill(wr.t(ph.INTRO_EXTRA), P=pron)))
    if stage_stated:
        wr.gold["stage"] = stage

    quote = wr.t(ph.PULL_QUOTES)
    intro = Block("para", " ".join(sentences))
    if name_style == "byline":
        # The pull quote and "Name, title in Place" come first, as in a feature layout.
        blocks += [Block("quote", quote), Block("byline", f"{me.name}, {wr.role(me)} i {wr.where(me.place, wr.label)}"),
                   intro]
    else:
        blocks.append(intro)
        if name_style == "glued":
            blocks.append(Block("quote", f"{quote} {me.name}", glued=True))
        elif wr.chance(0.3):
            blocks.append(Block("quote", quote))
    if name_style == "svarer" or wr.chance(0.08):
        blocks.append(Block("line", wr.fill(wr.t(ph.ANSWERS_LINE), Role=cap(wr.role(me)), role=wr.role(me), name=me.name)))
    elif name_style == "full" and wr.chance(0.4):
        blocks.append(Block("line", wr.fill(wr.t(ph.TELLS_LINE), muni=wr.where(me.place, wr.label),
                                            role=wr.role(me), name=me.name)))

    blocks += _questions(wr, end)

    if not me.place.is_county and wr.chance(0.65):
        blocks.append(_fact_box(wr))
    f["facts"] = bool(wr.gold["facts"])
    if wr.chance(0.12):
        blocks.append(Block("readmore", wr.fill(ph.READ_MORE)))
    f["stage_stated"] = wr.gold["stage"] is not None
    related = [f"{wr.series}: " + wr.fill(wr.t(ph.HEADLINES), muni=wr.pick(world.munis).name)
               for _ in range(wr.rng.randint(2, 4))]
    if wr.fchance(0.15):  # a teaser of another article, naming other people
        other = wr.fpick(world.munis)
        blocks.append(Block("teaser", wr.ft(ph.TEASERS).format(Role=cap(wr.fpick(("ordfører", "kommunedirektør", "rådgiver"))),
                                                               name=wr.decoy_name(), place=other.name)))
    if wr.fchance(0.1):
        phone = " ".join(str(wr.frng.randint(10, 99)) for _ in range(4))
        blocks.append(Block("contact", ph.CONTACT[lang].format(role=wr.fpick(("rådgiver", "kommunikasjonsrådgiver")),
                                                               name=wr.decoy_name(), phone=phone)))
    return Article(lang, wr.series, headline, wr.label, blocks, related, wr.frng), wr.gold, f


def _boilerplate(wr: _Writer) -> Block:
    opts = ph.BOILERPLATE[wr.lang]
    chosen = wr.rng.sample(range(len(opts)), wr.pick((1, 1, 2)))
    texts = []
    for i in sorted(chosen):
        text, names_coi = opts[i]
        texts.append(wr.fill(text))
        if names_coi:
            wr.add("organisations", "Center for Offentlig Innovasjon")
    return Block("boilerplate", " ".join(texts), heading=ph.BOILERPLATE_HEADING[wr.lang])


def _announcement(wr: _Writer, org_me: str) -> tuple[str, bool]:
    """The start announcement; returns its text and whether it states the stage."""
    me, g = wr.me, wr.giver
    if g is None:
        wr.features["announce"] = "first"
        return wr.fill(wr.t(ph.ANNOUNCE_FIRST), first=wr.first_word(), name=me.name, role=wr.role(me),
                       org=org_me), True
    glabel = wr.place_label(g.place)
    with_role = wr.chance(0.85)
    wr.gold["baton_from"] = wr.person_gold(g, glabel, role=with_role)
    giver = f"{wr.role(g)} {g.name}" if with_role else g.name
    prev = wr.where(g.place, glabel)
    kinds = ["prev", "prev", "prev", "this", "none", "none"]
    if with_role and wr.role_def(g):
        kinds.append("definite")
    kind = wr.pick(kinds)
    family = {"prev": "ran_before", "none": "got_from"}.get(kind) if wr.fchance(0.3) else None
    wr.features["announce"] = kind
    common = dict(name=me.name, role=wr.role(me), org=org_me, prev=prev, giver=giver, Giver=cap(giver))
    if kind == "prev":
        template, gord = wr.t(ph.ANNOUNCE_PREV_STAGE), wr.ordinal(wr.stage - 1)
        if family:  # "Sola hadde løpt tredje etappe. Det var X som sendte pinnen videre til ..."
            wr.features["announce"] = family
            return wr.fill(wr.ft(ph.ANNOUNCE_RAN_BEFORE), gord=gord, me=me.name, Prev=cap(prev), **common), True
        return wr.fill(template, gord=gord, **common), True
    if kind == "this":
        return wr.fill(wr.t(ph.ANNOUNCE_THIS_STAGE), ord=wr.ordinal(wr.stage), **common), True
    if kind == "definite":
        return wr.fill(wr.t(ph.ANNOUNCE_DEFINITE_GIVER), gord=wr.ordinal(wr.stage - 1), gdef=wr.role_def(g),
                       gname=g.name, **common), True
    template = wr.t(ph.ANNOUNCE_NO_STAGE)
    if family:  # "Kari Nilsen fikk stafettpinnen fra ...", "Senja overtok stafettpinnen etter ..."
        wr.features["announce"] = family
        where = me.place.name if not me.place.is_county else f"{me.place.name} fylkeskommune"
        return wr.fill(wr.ft(ph.ANNOUNCE_GOT_FROM), me=me.name, Org_me=cap(where), **common), False
    return wr.fill(template, **common), False


# -- the questions -------------------------------------------------------------------------------
_TOPIC_P = {"why-innovate": 0.85, "how-in-practice": 0.85, "most-exciting": 0.5, "proudest-project": 0.85,
            "lessons-from-failure": 0.55, "most-needed": 0.6, "collaborators": 0.75, "biggest-challenge": 0.5}


def _questions(wr: _Writer, end: bool) -> list[Block]:
    topics = [t for t in ph.TOPIC_ORDER if t != "baton" and wr.chance(_TOPIC_P[t])]
    if len(topics) < 2:
        topics = ["why-innovate", "proudest-project"]
    if end:
        topics.append("baton")
    wr.features["topics"] = topics
    out = []
    for topic in topics:
        forms = ph.QUESTIONS[topic][wr.lang]
        question = forms[0] if len(forms) == 1 or wr.chance(0.8) else wr.pick(forms[1:])
        variants = ph.QUESTION_VARIANTS.get(topic, {}).get(wr.lang, ())
        if variants and wr.fchance(0.25):  # another wording of the same question
            question = wr.fpick(variants)
            wr.features["question_variants"] = wr.features.get("question_variants", 0) + 1
        block = Block("qa", heading=question)
        paras, items = _ANSWERS[topic](wr)
        block.paras, block.items = paras, items
        out.append(block)
    return out


def _split(wr: _Writer, sentences: list[str]) -> list[str]:
    """One paragraph, or two when the answer runs long (an answer over several "- " paragraphs)."""
    if len(sentences) >= 2 and wr.chance(0.35):
        k = wr.rng.randint(1, len(sentences) - 1)
        return [" ".join(sentences[:k]), " ".join(sentences[k:])]
    return [" ".join(sentences)]


def _why(wr):
    paras = _split(wr, wr.rng.sample(ph.WHY[wr.lang], wr.rng.randint(1, 3)))
    if not wr.me.place.is_county and wr.fchance(0.15):  # a round figure in the body is not the fact box
        n = wr.w.facts(wr.me.place).population
        paras[-1] += " " + wr.ft(ph.BODY_NUMBER).format(n=f"{max(1000, round(n, -3)):,}".replace(",", " "))
    return paras, None


def _exciting(wr):
    return _split(wr, wr.rng.sample(ph.EXCITING[wr.lang], wr.rng.randint(1, 2))), None


def _challenge(wr):
    return [wr.t(ph.CHALLENGE)], None


def _method_sentence(wr: _Writer, key: str, generic: str) -> str:
    form = wr.pick(lx.METHODS[key][wr.lang])
    wr.add("methods", form)
    special = ph.METHOD_SPECIAL.get(key, {}).get(wr.lang)
    template = wr.pick(special) if special and (key == "innovasjonsstrategi" or wr.chance(0.7)) else generic
    return cap(template.format(m=form, M=cap(form)))


def _practice(wr):
    s = []
    k = wr.pick((0, 1, 1, 2))
    generic = wr.rng.sample(ph.METHOD_GENERIC[wr.lang], k)  # two methods, two different sentences
    for key, template in zip(wr.rng.sample(sorted(lx.METHODS), k), generic):
        s.append(_method_sentence(wr, key, template))
    place = wr.me.place
    if wr.chance(0.25):
        net = wr.w.network(wr.rng, place)
        wr.add("partners", net)
        s.append(wr.t(ph.NETWORK_SENTENCE).format(net=net))
    if wr.chance(0.15):
        org, country_nb, country_nn = wr.pick(lx.INSPIRATIONS)
        wr.add("organisations", org)
        s.append(wr.t(ph.INSPIRATION_SENTENCE).format(org=org, country=country_nb if wr.lang == "nb" else country_nn))
    if wr.chance(0.15):
        org = wr.pick(lx.SCHOOLS)
        wr.add("organisations", org)
        s.append(wr.t(ph.SCHOOL_SENTENCE).format(org=org))
    if wr.chance(0.08) and not place.is_county:
        lab = f"{place.name} Lab"
        wr.add("projects", lab)
        s.append(wr.t(ph.LAB_SENTENCE).format(proj=lab))
    wr.rng.shuffle(s)
    if not s or wr.chance(0.4):
        s.insert(0, wr.t(ph.PRACTICE_FILLER))
    return _split(wr, s), None


def _project_name(wr: _Writer) -> str:
    place = wr.me.place
    pattern = wr.t(ph.PROJECT_PATTERNS)
    if place.is_county and "{muni}" in pattern:
        pattern = "{adj} {noun}"  # "Vestlandmodellen" would misspell the compound
    a, b = wr.t(ph.PROJECT_FROM_TO)
    return pattern.format(adj=wr.t(ph.PROJECT_ADJ), noun=wr.t(ph.PROJECT_NOUN), muni=place.name,
                          zero=wr.pick(ph.PROJECT_ZERO), a=a, b=b)


def _category_form(wr: _Writer, *, qualify: bool) -> str:
    key = wr.w.category(wr.rng)
    form = wr.pick(lx.CATEGORIES[key][wr.lang])
    wr.add("partners", form)
    if qualify and key in lx.QUALIFIABLE and wr.chance(0.2):
        form += wr.pick(lx.CATEGORY_QUALIFIERS[wr.lang])
    return form


def _org_partner(wr: _Writer) -> str:
    name = wr.w.partner(wr.rng, wr.me.place)
    wr.add("partners", name)
    return name


def _proudest(wr):
    place = wr.me.place
    did = wr.t(ph.ACHIEVEMENTS)
    if not place.is_county and wr.chance(0.2):
        proj, members = wr.w.shared_project(wr.rng, place)
        others = [wr.where(wr.w.by_code[c], wr.w.by_code[c].name).removesuffix(" kommune")
                  for c in members if c != place.code]  # "Herøy i Nordland" for a homonym
        for o in others:
            wr.add("partners", o)
        text = wr.t(ph.PROJECT_SHARED).format(proj=proj, did=did, **{"with": join(others, wr.lang)})
    else:
        proj = _project_name(wr)
        k = wr.pick((0, 1, 1, 2, 2))
        partners = []
        for _ in range(k):
            partners.append(_category_form(wr, qualify=False) if wr.chance(0.25) else _org_partner(wr))
        partners = list(dict.fromkeys(partners))
        if partners:
            text = wr.t(ph.PROJECT).format(proj=proj, did=did, **{"with": join(partners, wr.lang)})
        else:
            text = wr.t(ph.PROJECT_ALONE).format(proj=proj, did=did)
    wr.add("projects", proj)
    sentences = [text]
    if wr.chance(0.3):
        key = wr.pick(lx.PROJECT_METHODS)
        form = wr.pick(lx.METHODS[key][wr.lang])
        wr.add("methods", form)
        sentences.append(wr.t(ph.METHOD_IN_PROJECT).format(m=form))
    return _split(wr, sentences), None


def _failure(wr):
    if wr.chance(0.45):
        proj = _project_name(wr)
        if proj in wr.gold["projects"]:
            return [wr.t(ph.FAILURE_FILLER)], None
        wr.add("projects", proj)
        return [wr.t(ph.FAILURE_PROJECT).format(proj=proj)], None
    return [wr.t(ph.FAILURE_FILLER)], None


def _needed(wr):
    idx = 0 if wr.lang == "nb" else 1
    k = wr.pick((1, 2, 3, 3, 4))
    needs = [n[idx] for n in wr.rng.sample(ph.NEEDS, k)]
    if k == 1 and wr.chance(0.6):
        need = needs[0][0].lower() + needs[0][1:]
        wr.add("needs", need)
        return [wr.t(ph.NEEDS_SINGLE).format(need=need)], None
    for n in needs:
        wr.add("needs", n)
    marks = ["!" if i == 0 and wr.chance(0.2) else "." for i in range(k)]
    text = " ".join(n + m for n, m in zip(needs, marks))
    if k == 3 and wr.chance(0.3):
        text = f"{ph.NEEDS_INTRO[wr.lang]} {text}"
    return [text], needs


def _collaborators(wr):
    n_cat, n_org = wr.pick((0, 1, 1, 2, 2, 3)), wr.pick((0, 1, 1, 2, 3))
    if n_cat + n_org == 0:
        n_cat = 1
    items = [_category_form(wr, qualify=True) for _ in range(n_cat)] + [_org_partner(wr) for _ in range(n_org)]
    items = list(dict.fromkeys(items))
    wr.rng.shuffle(items)
    template = wr.t(ph.COLLAB)
    if len(items) < 2 and "{rest}" in template:
        template = ph.COLLAB[wr.lang][wr.pick((0, 1))]
    k = wr.rng.randint(1, len(items) - 1) if len(items) >= 2 else 1
    first, rest = items[:k], items[k:]
    text = template.format(All=cap(join(items, wr.lang)), all=join(items, wr.lang), first=join(first, wr.lang),
                           First=cap(join(first, wr.lang)), rest=join(rest, wr.lang) if rest else "")
    return [text], None


def _baton(wr):
    to = wr.to
    label = wr.place_label(to.place)
    county = not to.place.is_county and (to.place.homonym or wr.chance(0.25))
    org_to = wr.org(to.place, label, county=county) if wr.chance(0.7) or county else wr.where(to.place, label)
    if to.place.is_county:
        org_to = wr.org(to.place, label)
    with_role = wr.chance(0.93)
    gold = wr.person_gold(to, label, role=with_role)
    if county:
        gold["county"] = to.place.county_name
    wr.gold["baton_to"] = gold
    if not with_role:
        return [wr.t(ph.BATON_NO_ROLE).format(to=to.name, org=org_to)], None
    options = list(range(len(ph.BATON[wr.lang])))
    rdef = wr.role_def(to)
    if rdef is None:
        options.remove(0)
    template = ph.BATON[wr.lang][wr.pick(options)]
    role_to = wr.role(to)
    text = template.format(to=to.name, role=role_to, rdef=rdef, org=org_to, P=cap(wr.pron(to)),
                           praise=wr.t(ph.PRAISE))
    if "{P}" in template:  # the praise is a sentence of its own, maybe a paragraph of its own
        main, _, praise = text.partition(f". {cap(wr.pron(to))} ")
        result = _split(wr, [main + ".", f"{cap(wr.pron(to))} {praise}"]), None
    else:
        result = [text], None
    form = wr.fpick(("org_first", "next_sentence")) if wr.fchance(0.25) else None
    if form == "org_first" or (form and to.place.is_county):  # "Til Vefsn kommune ved rådgiver X."
        wr.features["baton_form"] = "org_first"
        return [wr.ft(ph.BATON_ORG_FIRST).format(to=to.name, role=role_to, org=org_to)], None
    if form == "next_sentence":  # the receiver's title in the next sentence
        wr.features["baton_form"] = "next_sentence"
        return [wr.ft(ph.BATON_NEXT_SENTENCE).format(to=to.name, role=role_to, org=org_to, P=cap(wr.pron(to)))], None
    return result


_ANSWERS = {"why-innovate": _why, "how-in-practice": _practice, "most-exciting": _exciting,
            "proudest-project": _proudest, "lessons-from-failure": _failure, "most-needed": _needed,
            "collaborators": _collaborators, "biggest-challenge": _challenge, "baton": _baton}


# -- the fact box --------------------------------------------------------------------------------
def _number(n: int, sep: str) -> str:
    s = f"{n:,}".replace(",", sep) if sep else str(n)
    return s


def _fact_box(wr: _Writer) -> Block:
    me, lang = wr.me, wr.lang
    facts = wr.w.facts(me.place)
    sep = wr.pick(("", " ", " ", "\u00a0", "\u00a0"))
    if wr.fchance(0.35):  # a thin space, a narrow no-break space or a dot
        sep = wr.fpick(("\u2009", "\u202f", "."))
    wr.features["nbsp"] = sep == "\u00a0"
    wr.features["separator"] = sep
    labels = ph.FACT_LABELS[lang]
    rows, gold = [], {}
    want = {k: wr.chance(p) for k, p in (("area", 0.9), ("population", 0.95), ("income", 0.8), ("mayor", 0.85))}
    if not any(want.values()):
        want["population"] = True
    if want["area"]:
        rows.append((labels["area"][0], f"{_number(facts.area, sep)} {wr.pick(ph.AREA_UNITS)}"))
        gold["area_km2"] = facts.area
    if want["population"]:
        population = max(150, facts.population + int(facts.population * wr.rng.uniform(-0.01, 0.01)))
        rows.append((wr.pick(labels["population"]), _number(population, sep)))
        gold["population"] = population
    if want["income"]:
        income = facts.income + wr.rng.randint(-1500, 1500)
        rows.append((labels["income"][0], f"{_number(income, sep)} {wr.pick(ph.INCOME_UNITS[lang])}"))
        gold["free_income_nok_per_capita"] = income
    if want["mayor"]:
        mayor = me if me.role == "ordforer" else facts.mayor
        party = facts.party
        rows.append((labels["mayor"][0], f"{mayor.name} ({party})"))
        gold["mayor"] = {"name": mayor.name, "party": party}
    motto = None
    if wr.chance(0.45):
        motto = facts.motto
        gold["motto"] = motto
    wr.gold["facts"] = gold
    caption = f"{wr.label} kommune" if wr.chance(0.85) else ""
    return Block("facts", heading=caption, rows=rows, motto=motto)
