"""Reading a raw source: line numbers as an editor shows them, loud failures on non-text."""

from pathlib import Path

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.raw_source import RawSource


def test_lines_are_numbered_from_one_like_an_editor(read_source):
    src = read_source("ipemed-2019")
    assert len(src) == 1486  # the last line has no newline
    assert src.line(3) == "Clusters au Maghreb"
    assert src.line(505) == "Carte des clusters marocains"


def test_a_file_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "ipemed-2019.txt"
    path.write_bytes(b"Clusters\nau Maghreb\n" + "Entre mondialisation é\n".encode("latin-1"))
    with pytest.raises(SourceLayoutError) as err:
        RawSource.read(path)
    assert str(err.value) == (f"{path}:3: expected UTF-8 text, found byte 0xe9 that is not UTF-8")


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_an_empty_file_fails(tmp_path, content):
    path = tmp_path / "ecomnews-2020.txt"
    path.write_bytes(content)
    with pytest.raises(SourceLayoutError, match=r"ecomnews-2020\.txt:1: expected a non-empty"):
        RawSource.read(path)


# -- what an editor may change when it saves a source (issue 14, part 3) --------------------


def _extract(raw: Path, source_id: str, out: Path) -> dict[str, bytes]:
    from clusters_maghreb.extract.run import write_source

    write_source(raw, source_id, out, out / "manifest-part.csv")
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


SAVED_AS = {
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "bom": lambda data: b"\xef\xbb\xbf" + data,
    "crlf-and-bom": lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"),
    # every plain space before a French '?', ':' or '%' made non-breaking, and back
    "nbsp": lambda data: (
        data.replace(b" ?", "\u00a0?".encode())
        .replace(b" :", "\u202f:".encode())
        .replace(b" %", "\u00a0%".encode())
    ),
    "no-nbsp": lambda data: data.replace("\u00a0".encode(), b" ").replace("\u202f".encode(), b" "),
}


@pytest.mark.parametrize("source_id", ["ipemed-2019", "ecomnews-2020", "moroccan-clusters-2020"])
@pytest.mark.parametrize("saved_as", sorted(SAVED_AS))
def test_a_source_saved_by_another_editor_gives_the_same_tables(tmp_path, source_id, saved_as):
    """A copy of the real source, saved with CRLF, a BOM or non-breaking spaces, gives
    byte-identical extracted tables (lines, raw text and values)."""
    raw = Path(__file__).resolve().parents[2] / "data" / "raw" / f"{source_id}.txt"
    edited = tmp_path / "edited" / f"{source_id}.txt"
    edited.parent.mkdir()
    edited.write_bytes(SAVED_AS[saved_as](raw.read_bytes()))
    assert edited.read_bytes() != raw.read_bytes() or saved_as in {"no-nbsp", "nbsp"}
    original = _extract(raw, source_id, tmp_path / "original")
    assert _extract(edited, source_id, tmp_path / "saved") == original


def test_old_mac_line_endings_stop_with_what_to_do(tmp_path):
    raw = Path(__file__).resolve().parents[2] / "data" / "raw" / "ecomnews-2020.txt"
    path = tmp_path / "ecomnews-2020.txt"
    path.write_bytes(raw.read_bytes().replace(b"\n", b"\r"))
    with pytest.raises(SourceLayoutError) as err:
        RawSource.read(path)
    assert str(err.value).startswith(f"{path}:1: expected lines ending in LF or CRLF")
    assert "save the file with LF" in str(err.value)
