"""What a partner opens: the README and its data dictionary, the tables (CSV in both dialects,
the workbook), and counts that agree with the build. Built through the CLI from the shared
corpus, as a partner's publisher would (``stafett build ../shared/corpus``, then ``export``)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.export.tables import SEP, tables
from graph.query import with_prefixes
from graph.store import EmbeddedStore

BASE = "https://w3id.org/stafett/"
ORGNR = "971032146"


@pytest.fixture(scope="module")
def corpus(shared_dir, tmp_path_factory):
    """(store, build output, standard export, Excel export) of the shared corpus, all by the CLI."""
    root = tmp_path_factory.mktemp("tables")
    store = root / "store"
    built = CliRunner().invoke(cli, ["build", "--store", str(store), "--workers", "1", str(shared_dir / "corpus")])
    assert built.exit_code == 0, built.output
    outs = {}
    for name, extra in (("standard", []), ("excel", ["--excel"])):
        out = root / name
        result = CliRunner().invoke(cli, ["export", "--store", str(store), "--out", str(out), "--publisher", "KS",
                                          "--publisher-id", ORGNR, "--base", "https://data.example.org/stafett/", *extra])
        assert result.exit_code == 0, result.output
        outs[name] = (out, result)
    return store, built.output, outs["standard"], outs["excel"]


def read_csv(path: Path, *, excel: bool = False) -> list[list[str]]:
    encoding, delimiter = ("utf-8-sig", ";") if excel else ("utf-8", ",")
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.reader(fh, dialect="excel", delimiter=delimiter))


def dictionary_sections(readme: str) -> dict[str, dict[str, list[str]]]:
    """table name -> column -> its cells (type, meaning, term), read off a README's tables."""
    sections = {}
    for m in re.finditer(r"^### `csv/(\w+)\.csv`.*?\n\n(.*?)(?=\n### |\n## |\Z)", readme, re.S | re.M):
        cols = {}
        for line in m.group(2).splitlines():
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if len(cells) == 4 and cells[0].startswith("`"):
                cols[cells[0].strip("`")] = cells[1:]
        sections[m.group(1)] = cols
    return sections


# -- the data dictionary cannot drift -----------------------------------------------------------
def test_every_column_of_every_csv_is_in_both_readmes_and_the_csvw_metadata(corpus):
    out = corpus[2][0]
    csvs = sorted((out / "csv").glob("*.csv"))
    assert len(csvs) == len(tables(BASE))
    metadata = json.loads((out / "csv" / "csv-metadata.json").read_text(encoding="utf-8"))
    described = {t["url"]: [c["name"] for c in t["tableSchema"]["columns"]] for t in metadata["tables"]}
    workbook = openpyxl.load_workbook(out / "stafett.xlsx", read_only=True)
    in_workbook = {(r[0], r[1]) for r in workbook["Kolonner - Columns"].iter_rows(min_row=2, values_only=True)}
    for readme in ("README.md", "LESMEG.md"):
        sections = dictionary_sections((out / readme).read_text(encoding="utf-8"))
        assert set(sections) == {p.stem for p in csvs}, readme
        for path in csvs:
            header = read_csv(path)[0]
            documented = sections[path.stem]
            assert list(documented) == header, (readme, path.name)
            for column, (kind, meaning, _term) in documented.items():
                assert kind and meaning, (readme, path.name, column)
    for path in csvs:
        header = read_csv(path)[0]
        assert described[path.name] == header
        assert all((path.stem, c) in in_workbook for c in header), path.name


def test_every_column_is_filled_by_its_queries_and_names_a_real_term():
    """The declarations are sound: each column is a variable of a query (else it would always be
    empty), the first query binds the key, and every term is in the ontology or a vocabulary it uses."""
    from graph.namespaces import PREFIXES

    for table in tables(BASE):
        text = " ".join(table.queries)
        for c in table.columns:
            assert f"?{c.name}" in text, (table.name, c.name)
            term = c.term_text()
            for curie in re.findall(r"\^?([a-z]+):([A-Za-z]+)", term):
                assert curie[0] in PREFIXES, (table.name, c.name, term)
        for k in table.key:
            assert f"?{k}" in table.queries[0], (table.name, k)
        assert set(table.order) <= set(table.column_names)


def test_the_dictionary_renders_a_path_with_its_ontology_terms(corpus):
    readme = (corpus[2][0] / "README.md").read_text(encoding="utf-8")
    relay = dictionary_sections(readme)["relay"]
    assert relay["giver"][2] == "`stf:giver/foaf:name`"
    assert relay["stage"][0] == "integer" and relay["announced_in_iris"][0] == "IRI, list"
    assert "stf:BatonPass" in relay["baton_pass_iri"][2]


# -- the tables read as what they are -----------------------------------------------------------
def test_relay_reads_as_the_relay(corpus):
    store, _, (out, _), _ = corpus
    relay = list(csv.DictReader((out / "csv" / "relay.csv").open(encoding="utf-8")))
    interviews = list(csv.DictReader((out / "csv" / "interviews.csv").open(encoding="utf-8")))
    stages = [int(r["stage"]) for r in relay if r["stage"]]
    assert stages == sorted(stages) and len(stages) >= 3
    assert all(r["stage"] for r in relay[: len(stages)]), "passes with no stage come last"
    interviewed = {r["interviewee_iri"]: r for r in interviews}
    for r in relay:
        assert r["receiver_interviewed"] == ("true" if r["receiver_iri"] in interviewed else "false"), r
        if r["giver_iri"] in interviewed:  # the giver's municipality is the one of their interview
            assert r["giver_municipality_iri"] == interviewed[r["giver_iri"]]["municipality_iri"]
            assert r["giver_county"] == interviewed[r["giver_iri"]]["county"]
        assert r["giver_municipality"] and r["giver_county"] and r["receiver_municipality"] and r["receiver_county"], r
    bodo = next(r for r in relay if r["receiver"] == "Camilla Strøm Eide")
    assert (bodo["giver"], bodo["giver_municipality"], bodo["receiver_municipality"]) == ("Bjørn Are Skogstad", "Steinkjer", "Bodø")
    assert bodo["receiver_county"].startswith("Nordland")


def test_people_has_a_row_per_post_with_names_beside_iris(corpus):
    store, _, (out, _), _ = corpus
    people = list(csv.DictReader((out / "csv" / "people.csv").open(encoding="utf-8")))
    with EmbeddedStore(store) as st:
        posts = {r[0].value for r in st.query(with_prefixes("SELECT ?m WHERE { ?m a org:Membership }"))}
    assert {r["post_iri"] for r in people if r["post_iri"]} == posts
    for r in people:
        assert r["person"] and r["person_iri"].startswith(BASE + "id/person/")
        if r["post_iri"]:
            assert r["role"] and r["organisation"] and r["organisation_iri"]
    assert [r["person"] for r in people] == sorted((r["person"] for r in people), key=str.casefold)


def test_no_cell_holds_several_values_but_in_the_list_columns(corpus):
    out = corpus[2][0]
    for table in tables(BASE):
        rows = read_csv(out / "csv" / f"{table.name}.csv")
        for row in rows[1:]:
            for c, cell in zip(table.columns, row):
                if SEP in cell:
                    assert c.list, (table.name, c.name, cell)
        # a list of names and the list of their IRIs declared beside it have as many items
        names = table.column_names
        pairs = [(names[i - 1], c.name) for i, c in enumerate(table.columns)
                 if c.list and c.type.name == "IRI" and i and table.columns[i - 1].list and table.columns[i - 1].type.name == "text"]
        assert table.name not in ("municipalities", "needs") or pairs, table.name
        for row in rows[1:]:
            cells = dict(zip(rows[0], row))
            for label, iris in pairs:
                if cells[iris]:
                    assert len(cells[iris].split(SEP)) == len(cells[label].split(SEP)), (table.name, cells)


# -- Excel: the ';' CSV with a BOM, and the workbook --------------------------------------------
def test_excel_csv_reads_back_the_same_rows_with_aeoeaa_intact(corpus):
    standard, excel = corpus[2][0], corpus[3][0]
    seen = ""
    for table in tables(BASE):
        raw = (excel / "csv" / f"{table.name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), table.name
        a, b = read_csv(standard / "csv" / f"{table.name}.csv"), read_csv(excel / "csv" / f"{table.name}.csv", excel=True)
        assert a == b, table.name
        assert b[0][0] == table.column_names[0]  # the BOM is not part of the first header
        seen += json.dumps(b, ensure_ascii=False)
    for word in ("Bodø", "Øvre Eiker", "Strøm", "Sørensen", "Høgskulen på Vestlandet"):
        assert word in seen, word
    assert "`;`" in (excel / "README.md").read_text(encoding="utf-8")
    assert json.loads((excel / "csv" / "csv-metadata.json").read_text(encoding="utf-8"))["dialect"]["delimiter"] == ";"


def test_the_workbook_holds_the_same_rows_typed(corpus):
    out = corpus[2][0]
    wb = openpyxl.load_workbook(out / "stafett.xlsx", read_only=True)
    for table in tables(BASE):
        width = len(table.columns)  # a sheet read back drops empty cells at the end of a row
        sheet = [(["" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in row] + [""] * width)[:width]
                 for row in wb[table.name].iter_rows(values_only=True)]
        unquoted = [[c[1:] if c.startswith("'") and c[1:2] in "=+-@\t\r" else c for c in row] for row in read_csv(out / "csv" / f"{table.name}.csv")]
        assert sheet == unquoted, table.name
    municipalities = wb["municipalities"]
    oslo = next(r for r in municipalities.iter_rows(min_row=2, values_only=True) if r[0] == "Oslo")
    assert oslo[2] == "0301" and isinstance(oslo[-1], int)
    relay = list(wb["relay"].iter_rows(min_row=2, values_only=True))
    assert all(isinstance(r[-3], bool) for r in relay)


def test_a_formula_in_the_workbook_stays_text(tmp_path):
    from graph.export.tables import TableSet
    from graph.export.workbook import write_workbook

    ts = TableSet(tables(BASE)[:1])
    name = tables(BASE)[0]
    ts.rows[name.name] = [['=HYPERLINK("http://example.org","klikk")'] + [""] * (len(name.columns) - 1)]
    write_workbook(ts, tmp_path / "w.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "w.xlsx")[name.name]["A2"]
    assert cell.value == '=HYPERLINK("http://example.org","klikk")' and cell.data_type == "s"


# -- the counts agree with the build -------------------------------------------------------------
def test_counts_in_the_readme_are_the_builds(corpus):
    _, built, (out, exported), _ = corpus
    figures = dict(re.findall(r"^(\w+):\s+(.+)$", built, re.M))
    triples_line = figures["triples"]
    assert re.fullmatch(r"\d+ in the union \(default graph\); \d+ quads in \d+ named graphs", triples_line)
    assert f"triples:        {triples_line}" in exported.output  # the export's summary, word for word
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert f"| triples | {triples_line} |" in readme
    for key, label in (("interviews", "interviews"), ("people", "people"), ("municipalities", "municipalities named in the interviews")):
        assert f"| {label} | {figures[key]} |" in readme, key
    assert f"organisations (other than municipalities and county municipalities) | {figures['organisations']} |" in readme
    union, quads = (int(x) for x in re.match(r"(\d+) in the union.*?(\d+) quads", triples_line).groups())
    assert union < quads and f"fewer triples ({union}) than the named graphs have quads ({quads})" in readme
    nt_lines = sum(1 for _ in (out / "stafett.nt").open(encoding="utf-8"))
    nq_lines = sum(1 for _ in (out / "stafett.nq").open(encoding="utf-8"))
    assert (nt_lines, nq_lines) == (union, quads)
    rows = {t.name: len(read_csv(out / "csv" / f"{t.name}.csv")) - 1 for t in tables(BASE)}
    assert f"`csv/relay.csv`: baton passes ({rows['relay']} rows)" in readme


def test_the_readme_says_what_to_publish_where(corpus, bundled_store, tmp_path):
    out = corpus[2][0]
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "https://data.example.org/stafett/dataset.ttl" in readme and "https://data.example.org/stafett/csv/relay.csv" in readme
    assert "placeholder" not in readme and f"organisation number {ORGNR}" in readme
    result = CliRunner().invoke(cli, ["export", "--store", str(bundled_store), "--out", str(tmp_path / "o"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "warning: the publisher is still the placeholder" in result.output
    assert "warning: the download URLs are under the default" in result.output
    readme = (tmp_path / "o" / "README.md").read_text(encoding="utf-8")
    assert "still the placeholder" in readme and "nothing is there until someone puts it there" in readme
    lesmeg = (tmp_path / "o" / "LESMEG.md").read_text(encoding="utf-8")
    assert "plassholderen" in lesmeg and "Hver rad er én overlevering av stafettpinnen." in lesmeg


def test_a_wrong_organisation_number_is_refused_before_anything_is_written(bundled_store, tmp_path):
    for bad, why in (("97103214", "not 9 digits"), ("971032147", "check digit")):
        result = CliRunner().invoke(cli, ["export", "--store", str(bundled_store), "--out", str(tmp_path / "o"), "--publisher-id", bad])
        assert result.exit_code == 2 and why in result.output and "Traceback" not in result.output
        assert not (tmp_path / "o").exists()


def test_a_wrong_organisation_number_in_the_metadata_file_names_the_file(bundled_store, tmp_path):
    about = tmp_path / "about.yaml"
    about.write_text("publisher_id: 12345\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "--store", str(bundled_store), "--out", str(tmp_path / "o"), "--metadata", str(about)])
    assert result.exit_code == 1, result.output
    assert "about.yaml" in result.output and "not 9 digits" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()
