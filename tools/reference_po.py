"""Add French rationales to src/clusters_maghreb/locale/fr/LC_MESSAGES/reference.po.

Usage: python tools/reference_po.py FILE.tsv   (lines 'English<TAB>French', or the rationale's
number in ``--list`` then a tab and the French). ``--list`` prints, numbered, the rationales of
the methods annex's tables that have no French yet. The catalog stays sorted by table.
"""

from __future__ import annotations

import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from clusters_maghreb import i18n
from clusters_maghreb.io import read_csv
from clusters_maghreb.report.annex import REFERENCE_TABLES

PO = i18n.catalog_path("fr", i18n.REFERENCE_DOMAIN)
REFERENCE = i18n.LOCALE_DIR.parents[2] / "data" / "reference"


def english() -> list[tuple[str, str]]:
    """(table, English text) of every rationale the annex shows, first occurrence only."""
    seen, out = set(), []
    for table, columns in REFERENCE_TABLES.items():
        df = read_csv(REFERENCE / f"{table}.csv")
        for c in columns:
            for text in df[c]:
                if isinstance(text, str) and text.strip() and text not in seen:
                    seen.add(text)
                    out.append((table, text))
    return out


def load() -> dict[str, str]:
    if not PO.exists():
        return {}
    with open(PO, "rb") as fh:
        return {m.id: m.string for m in read_po(fh, locale="fr_FR") if m.id}


def save(french: dict[str, str]) -> None:
    catalog = Catalog(
        locale="fr_FR", project="clusters-maghreb", domain=i18n.REFERENCE_DOMAIN, fuzzy=False
    )
    catalog.header_comment = (
        "# French of the rationales of data/reference/*.csv that the methods annex shows.\n"
        "# msgid: the rationale as the table writes it (an edited rationale needs its French anew)."
    )
    for table, text in english():
        if text in french:
            catalog.add(text, french[text], locations=[(f"data/reference/{table}.csv", 0)])
    with open(PO, "wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=False, no_location=False)


def open_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return fh.read().splitlines()


def main(argv: list[str]) -> None:
    french, texts = load(), english()
    missing = [(t, x) for t, x in texts if x not in french]
    if argv[:1] == ["--list"]:
        for n, (table, text) in enumerate(texts, 1):
            if text not in french:
                print(f"{n}\t{table}\t{text}")
        print(f"{len(missing)} of {len(texts)} without French", file=sys.stderr)
        return
    for path in argv:
        lines = open_lines(path)
        for line in lines:
            if not line.strip():
                continue
            key, fr = line.split("\t", 1)
            text = texts[int(key) - 1][1] if key.isdigit() else key
            french[text] = fr
    save(french)


if __name__ == "__main__":
    main(sys.argv[1:])
