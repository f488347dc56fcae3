"""How things look: shapes and colours by node type, colours by county, Norwegian labels."""

from __future__ import annotations

# type: (vis shape, colour, legend symbol, Norwegian label, English)
TYPES = {
    "person": ("dot", "#4e79a7", "●", "Person", "person"),
    "municipality": ("square", "#59a14f", "■", "Kommune", "municipality"),
    "county": ("hexagon", "#2f8f89", "⬢", "Fylkeskommune", "county council"),
    "region": ("dot", "#cfe6e3", "◯", "Fylke (område)", "county (the region)"),
    "organisation": ("triangle", "#f28e2b", "▲", "Organisasjon", "organisation"),
    "project": ("star", "#e15759", "★", "Prosjekt", "project"),
    "category": ("triangleDown", "#b07aa1", "▼", "Partnerkategori", "partner category"),
    "need": ("diamond", "#c9a227", "◆", "Behov", "need"),
}
OTHER = ("dot", "#9c9c9c", "●", "Annet", "other")
#: Types the views add (a county's region drawn beside its council), never a node type of the network.
VIEW_TYPES = ("region",)

# Today's counties by fylkesnummer (2024), then a few spare colours for older numbers.
COUNTY_COLOURS = {
    "03": "#e15759", "11": "#4e79a7", "15": "#76b7b2", "18": "#59a14f", "31": "#edc948",
    "32": "#b07aa1", "33": "#ff9da7", "34": "#9c755f", "39": "#f28e2b", "40": "#8cd17d",
    "42": "#86bcb6", "46": "#499894", "50": "#d37295", "55": "#a0cbe8", "56": "#f1ce63",
}
SPARE = ["#bab0ac", "#d4a6c8", "#fabfd2", "#b6992d", "#79706e"]
NO_COUNTY = "#c8c8c8"

EDGE_COLOURS = {
    "passed-baton-to": "#d62728",
    "member-of": "#9bb3cf",
    "collaborates-with": "#f6b26b",
    "runs-project": "#ef9a9a",
    "names-need": "#e6d37a",
    "mentions": "#cccccc",
    "in-county": "#c9e2df",
    "filed-under": "#d7bde2",
}


def type_style(t: str | None) -> tuple[str, str, str, str, str]:
    return TYPES.get(t or "", OTHER)


def county_colour(fylkesnummer: str | None) -> str:
    """A stable colour for a county number (grey when there is none).

    >>> county_colour("18"), county_colour(None)
    ('#59a14f', '#c8c8c8')
    """
    if not fylkesnummer:
        return NO_COUNTY
    if fylkesnummer in COUNTY_COLOURS:
        return COUNTY_COLOURS[fylkesnummer]
    return SPARE[sum(map(ord, fylkesnummer)) % len(SPARE)]


def lighten(hex_colour: str, amount: float = 0.55) -> str:
    """The colour mixed with white (for box backgrounds that dark text reads on).

    >>> lighten("#000000", 0.5)
    '#808080'
    """
    h = hex_colour.lstrip("#")
    rgb = [int(h[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


# Communities (Louvain, largest first) on big networks: colour blind-safe hues, then grey.
COMMUNITY_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                     "#9c755f", "#86bcb6", "#d37295", "#8cd17d", "#499894", "#f1ce63", "#a0cbe8", "#fabfd2"]
SMALL_COMMUNITY = "#c4c4c4"


def community_colour(index: int | None) -> str:
    """The colour of the ``index``-th largest community (grey past the palette).

    >>> community_colour(0), community_colour(99)
    ('#4e79a7', '#c4c4c4')
    """
    if index is None or index >= len(COMMUNITY_COLOURS):
        return SMALL_COMMUNITY
    return COMMUNITY_COLOURS[index]
