from graph.reference import fold, load_reference


def test_all_numbers_of_ovre_eiker_are_one_municipality():
    ref = load_reference()
    m = ref.municipality("0624")
    assert m is ref.municipality("3048") is ref.municipality("3314")
    assert m.key == "3314" and m.wikidata == "Q110311" and m.current
    assert [n.number for n in m.numbers] == ["0624", "3048", "3314"]


def test_a_merged_municipality_is_its_own_entity_with_a_successor():
    ref = load_reference()
    nedre = ref.municipality("0625")
    assert nedre.key == "0625" and not nedre.current
    assert nedre.successors == [ref.municipality("3301").key]  # today's Drammen


def test_homonyms_are_narrowed_by_county():
    ref = load_reference()
    assert {m.key for m in ref.find_municipalities("Våler")} == {"3114", "3419"}
    assert [m.key for m in ref.find_municipalities("Våler", county="Innlandet")] == ["3419"]
    assert [m.key for m in ref.find_municipalities("Herøy kommune", county="Nordland")] == ["1818"]


def test_names_with_parallel_sami_names_resolve():
    ref = load_reference()
    assert [m.key for m in ref.find_municipalities("Nesseby")] == ["5636"]
    assert [m.key for m in ref.find_municipalities("Unjárga")] == ["5636"]
    assert [c.key for c in ref.find_counties("Vestland fylkeskommune")] == ["46"]


def test_all_357_current_municipalities_are_there():
    ref = load_reference()
    assert sum(m.current for m in ref.municipalities.values()) == 357


def test_fold():
    assert fold(" Øvre\u00a0Eiker ") == "øvre eiker"
