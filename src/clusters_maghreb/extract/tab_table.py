"""Tab-separated tables: rows of cells split on tabs, found under a title line."""

from __future__ import annotations

from clusters_maghreb.extract.raw_source import RawSource


def read_tab_rows(
    src: RawSource, title: str, header: list[str], subheader: list[str], width: int
) -> list[tuple[int, list[str]]]:
    """Rows of the tab table whose title line is exactly ``title``.

    The header line (first cells ``header``) and the sub-header line (cells ``subheader``) must
    follow the title within a few blank lines; rows run until the first blank line. Each row
    must split into exactly ``width`` cells. Returns
    ``(line_number, cells)`` pairs.
    """
    titles = src.find_all(rf"^{title}\s*$")
    if len(titles) != 1:
        raise src.error(
            titles[1] if titles else None,
            f"one title line {title!r}",
            f"{len(titles)} such lines",
        )
    n = titles[0] + 1
    while n <= len(src) and not src.line(n).strip():
        n += 1
    for expected, line_no in ((header, n), (subheader, n + 1)):
        cells = [c.strip() for c in src.line(line_no).split("\t")]
        got = [c for c in cells if c]
        if got[: len(expected)] != expected:
            raise src.error(line_no, f"header cells {expected}", f"{got}")
    rows = []
    n += 2
    while n <= len(src) and src.line(n).strip():
        cells = src.line(n).split("\t")
        if len(cells) != width:
            raise src.error(n, f"{width} tab-separated cells", f"{len(cells)} in {src.line(n)!r}")
        rows.append((n, [c.strip() for c in cells]))
        n += 1
    if not rows:
        raise src.error(n, f"rows under the title {title!r}", "none")
    return rows
