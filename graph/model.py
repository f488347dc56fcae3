"""The interview record, declared once as types (pure).

A record is a plain JSON-like mapping (it is read from YAML and written as JSON), so its parts are
``TypedDict``s: extraction builds them, the mapping reads them, the synthetic corpus writes its gold
with them and the property tests draw records from them (``st.from_type(Record)``). The JSON Schema
(``graph/schema/interview-record.schema.json``) says the same with value constraints added;
``tests/test_records.py`` checks that the two agree field by field, so a new field is added here,
in the schema, and in the mapping.

Values with a form of their own are ``NewType``s of ``str``/``int`` so a reader (and a test
strategy) knows what they hold: ``Kommunenummer`` is four digits, ``IsoDate`` is ``2015``,
``2015-06`` or ``2015-06-01``, a ``Span`` is ``[start, end)`` into the normalised source text.
"""

import typing
from typing import Literal, NewType, Required, TypedDict, Union

Text = NewType("Text", str)  # one or more characters, not only spaces, at most 2,000
Kommunenummer = NewType("Kommunenummer", str)  # "3314": four digits, today's or a historical number
Fylkesnummer = NewType("Fylkesnummer", str)  # "46": two digits
IsoDate = NewType("IsoDate", str)  # "2015", "2015-06" or "2015-06-01"
Sha256 = NewType("Sha256", str)  # 64 lower-case hex digits
HttpUrl = NewType("HttpUrl", str)  # http:// or https://, no spaces
CountryCode = NewType("CountryCode", str)  # ISO 3166-1 alpha-2: "DK"
Stage = NewType("Stage", int)  # 1 ... 1000
Offset = NewType("Offset", int)  # a character offset, 0 ... 5,000,000
Confidence = NewType("Confidence", float)  # 0.0 (a guess) ... 1.0 (stated outright)
Span = NewType("Span", list[Offset])  # [start, end): two offsets
RecordKey = NewType("RecordKey", str)  # "ovre-eiker.1": lower-case letters, digits, dots, hyphens
Language = Literal["nb", "nn"]
PartnerKind = Literal["organisation", "category"]
Timestamp = NewType("Timestamp", str)  # "2026-12-02T17:05:00+01:00": date and time with its offset
ReviewAction = Literal["accepted", "corrected", "added", "removed"]


class Source(TypedDict, total=False):
    path: Text | None
    sha256: Sha256 | None
    url: HttpUrl | None
    title: Text | None
    published: IsoDate | None
    language: Language | None
    series: Text | None


class Organisation(TypedDict, total=False):
    name: Text | None
    kommunenummer: Kommunenummer | None
    fylkesnummer: Fylkesnummer | None


class Person(TypedDict, total=False):
    name: Required[Text]
    role: Text | None  # the post, normalised (SKOS prefLabel): "rådmann" -> "kommunedirektør"
    role_as_written: Text | None
    organisation: Organisation | None
    since: IsoDate | None
    county: Text | None  # only where the text names the county
    span: Span | None  # of the name


class Mayor(TypedDict, total=False):
    name: Required[Text]
    party: Text | None  # as printed: "Sp", "Tverrpolitisk liste"


class Facts(TypedDict, total=False):
    area_km2: float | None
    population: int | None
    free_income_nok_per_capita: int | None
    mayor: Mayor | None
    motto: Text | None
    organisation: Organisation | None  # the fact box's caption, when it names a municipality
    span: Span | None


class QA(TypedDict, total=False):
    topic: str | None  # skos:notation of ontology/vocab/questions.ttl
    question: Text | None
    question_span: Span | None
    answer_span: Span | None


class Project(TypedDict, total=False):
    name: Required[Text]
    description: Text | None
    span: Span | None
    quote: Text | None  # the words at ``span`` (the evidence, kept when the text is not at hand)


class Partner(TypedDict, total=False):
    name: Required[Text]
    kind: PartnerKind | None
    kommunenummer: Kommunenummer | None
    fylkesnummer: Fylkesnummer | None
    span: Span | None
    quote: Text | None


class OrganisationMention(TypedDict, total=False):
    name: Required[Text]
    country: CountryCode | None
    kommunenummer: Kommunenummer | None
    fylkesnummer: Fylkesnummer | None
    span: Span | None
    quote: Text | None


class Labelled(TypedDict, total=False):
    label: Required[Text]
    span: Span | None
    quote: Text | None


class Evidence(TypedDict, total=False):
    """Why a single-valued field has its value: where it stands, the words, the cue, how sure."""

    span: Span | None
    quote: Text | None
    cue: Text | None  # what chose the value: "caption after a photo credit", "fact box label 'Folketall'"
    confidence: Confidence | None


class ReviewChange(TypedDict, total=False):
    field: Required[Text]  # field path, as problems name fields ("baton_from.name", "partners[2]")
    action: Required[ReviewAction]
    value: Text | None


class Review(TypedDict, total=False):
    """Who checked the record against its text, when, and what they did (``stafett review``)."""

    by: Required[Text]
    at: Required[Timestamp]
    tool: Text | None
    changes: list[ReviewChange]


class Record(TypedDict, total=False):
    id: RecordKey | None  # an explicit key for the interview's IRI
    source: Required[Source]
    stage: Stage | None
    interviewee: Required[Person]
    baton_from: Person | None
    baton_to: Person | None
    facts: Facts | None
    qa: list[QA]
    projects: list[Project]
    partners: list[Partner]
    organisations: list[OrganisationMention]
    needs: list[Labelled]
    methods: list[Labelled]
    themes: list[Union[Text, Labelled]]
    warnings: list[str]
    spans: dict[str, Span]  # older records: spans of single facts by field path
    evidence: dict[str, Evidence]  # field path ("interviewee.role", "facts.population") -> evidence
    review: Review  # written by stafett review


# -- the gold of a test corpus (shared/corpus-gold): names as strings, lists of strings ------------
class GoldPerson(TypedDict, total=False):
    name: Required[str]
    role: str  # left out when the text gives no title
    organisation: Organisation
    since: IsoDate
    county: str


class Gold(TypedDict):
    stage: Stage | None
    interviewee: GoldPerson
    baton_from: GoldPerson | None
    baton_to: GoldPerson | None
    facts: Facts  # {} when the text has no fact box
    projects: list[str]
    partners: list[str]
    organisations: list[str]
    needs: list[str]
    methods: list[str]


def list_fields(td: type = Record) -> tuple[str, ...]:
    """The fields of a TypedDict whose values are lists, in declaration order.

    >>> list_fields()[:3]
    ('qa', 'projects', 'partners')
    """
    hints = typing.get_type_hints(td)
    return tuple(k for k, t in hints.items() if typing.get_origin(t) is list)


def person_fields() -> tuple[str, ...]:
    """The record's fields that hold a person (the evidence of each is keyed ``<field>.<part>``).

    >>> person_fields()
    ('interviewee', 'baton_from', 'baton_to')
    """
    hints = typing.get_type_hints(Record)
    return tuple(k for k, t in hints.items() if t is Person or Person in typing.get_args(t))
