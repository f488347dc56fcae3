"""Bad input gives an InputError naming the file and the reason; nothing else ever escapes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import InputError, StafettError
from graph.extract import extract_file, extract_text
from graph.extract.decode import decode_bytes
from graph.records import validate_record

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\r\n  ", "whitespace"),
    ("paper.txt", PDF, "PDF"),
    ("photo.html", PNG, "PNG"),
    ("nul.txt", b"abc\x00def\x00" * 50 + b"\xff\xfe\x00", "binary"),
    ("noise.md", bytes(range(128, 256)) * 4, "unreadable"),
    ("recipe.txt", "Pannekaker\n\nTre egg, melk og mel. Stek i smør.\n".encode(), "not an interview"),
    ("nobody.txt", "Hvorfor er det viktig at kommunesektoren innoverer?\n\nFordi det må til.\n".encode(),
     "no interviewee"),
    ("empty-page.html", b"<html><head><title>x</title><script>1</script></head><body><nav>Meny</nav></body></html>",
     "no article text"),
])
def test_bad_files(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        extract_file(path)
    assert info.value.path == str(path)
    assert reason.casefold() in info.value.reason.casefold()
    assert "\n" not in str(info.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        extract_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        extract_file(tmp_path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash(data):
    try:
        decode_bytes(data, path="x")
    except InputError:
        pass


_WORDS = st.sampled_from([
    "Hvorfor er det viktig at kommunesektoren innoverer?", "Hvem vil du gi stafettpinnen videre til?",
    "rådmann", "Kari Nordmann", "Ola Hansen,", "i Hå kommune", "Etter at Sola løp 1001. etappe,", "sendte",
    "pinnen videre til", "svarer.", "Areal:", "Innbyggere: 99999999999999999999", "Ordfører: Per (Sp)", "«", "»",
    "- ", "**", "## ", "\n", "\n\n", "Prosjektet X,", "sammen med", "NAV", "og", ":", "?", ".", "<p>", "</h2>",
])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_WORDS, st.text(max_size=30)), max_size=60), st.sampled_from(["txt", "md", "html"]))
def test_arbitrary_text_gives_a_valid_record_or_an_input_error(parts, kind):
    text = " ".join(parts)
    try:
        record = extract_text(text, kind=kind)
    except StafettError as exc:
        assert isinstance(exc, InputError)
        return
    assert validate_record(record) == []
