"""Reading a raw source: line numbers as an editor shows them, loud failures on non-text."""

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
