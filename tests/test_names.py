"""Names as people type them: places in every form the reference data holds, and an unknown
person answered with people, never with a county (``stafett path``, through the CLI)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph.cli import cli
from reliability_support import person, record, write_record


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Per Lien of Storfjord - Omasvuotna - Omasvuono (Troms - Romsa - Tromssa), who passes the
    baton to Siri Dahl in Bodø (Nordland - Nordlánnda)."""
    root = tmp_path_factory.mktemp("names")
    folder = root / "records"
    folder.mkdir()
    write_record(folder, "storfjord", record("storfjord", person("Per Lien", "Storfjord kommune", "5538"), stage=1,
                                             to=person("Siri Dahl", "Bodø kommune", "1804")))
    res = CliRunner().invoke(cli, ["build", "--store", str(root / "store"), "-q", str(folder)])
    assert res.exit_code == 0, res.output
    return root / "store"


def path(store, a, b):
    return CliRunner().invoke(cli, ["path", "--store", str(store), a, b])


@pytest.mark.parametrize("place", ["Storfjord", "Omasvuotna", "omasvuono", "Storfjord kommune", "Storfjord - Omasvuotna - Omasvuono",
                                   "5538", "Troms", "Romsa", "Tromssa"])
def test_a_person_is_found_by_any_form_of_their_place(store, place):
    res = path(store, f"Per Lien ({place})", "Siri Dahl (Bodø)")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("Per Lien (Storfjord - Omasvuotna - Omasvuono) → Siri Dahl (Bodø): 1 step"), res.output


@pytest.mark.parametrize("name", ["Omasvuotna", "Storfjord", "Nordlánnda", "Nordland"])
def test_a_place_is_found_by_each_of_its_parallel_names(store, name):
    res = path(store, name, "Per Lien")
    assert res.exit_code == 0, res.output
    assert "is ambiguous" not in res.output


def test_a_wrong_place_is_not_forgiven(store):
    res = path(store, "Per Lien (Bodø)", "Siri Dahl")
    assert res.exit_code == 1 and "unknown name 'Per Lien (Bodø)'" in res.output


def test_an_unknown_person_is_answered_with_people_not_a_county(store):
    res = path(store, "Ola Nordmann", "Per Lien")
    assert res.exit_code == 1
    line = res.output.strip()
    assert line.startswith("stafett: error: unknown name 'Ola Nordmann'; ") and "choose one of: " in line, line
    offered = line.split("choose one of: ", 1)[1]
    assert "county" not in offered and "Nordland" not in offered, line
    assert "Per Lien" in offered and "Siri Dahl" in offered, line
