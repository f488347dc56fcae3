import re

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.iris import DEFAULT_BASE, Minter, check_base, slug

SAFE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def test_slug_is_deterministic_and_readable():
    assert slug("Øvre Eiker") == "ovre-eiker" == slug("Øvre Eiker")
    assert slug("Hå") == "ha"
    assert slug("Bodø kommune") == "bodo-kommune"
    assert slug("Bjørn Are Skogstad") == "bjorn-are-skogstad"
    assert slug("Ærlige Åse Øvrebø") == "aerlige-ase-ovrebo"


def test_identity_normalisation_folds_case_space_and_hyphens():
    assert slug("Anne Berit Berge-Ims") == slug("anne  berit berge ims") == slug("ANNE BERIT BERGE IMS")
    assert slug("Unjárga") == "unjarga"  # Sami accents fold like other accents
    assert slug("Čáhcesuolu Ŧ") == "cahcesuolu-t"


def test_lossy_names_get_a_hash_and_do_not_collide():
    a, b = slug('A <b> "c"'), slug("A b c")
    assert a != b
    assert b == "a-b-c"
    assert a.startswith("a-b-c-") and SAFE.match(a)
    # Two hostile names that fold to the same letters still differ.
    assert slug("Kari & Co") != slug("Kari Co") != slug("Kari + Co")
    assert slug("😀") != slug("🙂")


@pytest.mark.parametrize("name", ['A <b> "c"', "x\ny", "\u202eevil\u202c", "😀 emoji", "", "   ", "{}|\\^`", "a" * 500])
def test_hostile_names_give_valid_iris(name):
    iri = Minter().person(name, "3314")
    ox.NamedNode(iri)  # raises on an invalid IRI
    assert iri.startswith(f"{DEFAULT_BASE}id/person/")
    assert not re.search(r'[\s<>"{}|\\^`]', iri)
    assert len(iri) < 200


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_a_safe_slug(text):
    s = slug(text)
    assert SAFE.match(s), s
    assert s == slug(text)
    ox.NamedNode(Minter().organisation(text))


def test_iri_forms_follow_the_id_pattern():
    m = Minter("https://example.org/kg/")
    assert m.municipality("3314") == "https://example.org/kg/id/municipality/3314"
    assert m.person("Trude Andresen", "3314") == "https://example.org/kg/id/person/trude-andresen.3314"
    assert m.interview_graph("x") == "https://example.org/kg/graph/interview/x"
    assert m.concept("role", "kommunedirektør") == "https://example.org/kg/id/role/kommunedirektor"


def test_base_is_checked():
    assert check_base("https://example.org/kg") == "https://example.org/kg/"
    for bad in ("example.org", "ftp://x/", "https://exa mple.org/", "https://x/<y>/", ""):
        with pytest.raises(ValueError):
            check_base(bad)
