"""A PDF as the tests read it: its pages' text, its outline, the fonts its text is set in.

One reader for every test, backed by PDFium (pypdfium2): it reads the report's ~165 pages in
about 1 s, where pypdf took about 12 s per edition.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# PDFium reports a hyphen that ends a line as U+FFFE; the page shows "-", and so do these texts.
LINE_END_HYPHEN = "\ufffe"


def page_texts(path: Path) -> list[str]:
    """Each page's text in reading order, its lines ended by "\\n"."""
    pdf = pdfium.PdfDocument(path)
    try:
        texts = []
        for page in pdf:
            text = page.get_textpage().get_text_range()
            texts.append(text.replace("\r\n", "\n").replace(LINE_END_HYPHEN, "-"))
        return texts
    finally:
        pdf.close()


def outline(path: Path) -> list[tuple[int, str]]:
    """The bookmarks, depth first, as (level, title): level 0 for the top, whitespace in the
    titles collapsed to single spaces."""
    pdf = pdfium.PdfDocument(path)
    try:
        return [(mark.level, " ".join(mark.get_title().split())) for mark in pdf.get_toc()]
    finally:
        pdf.close()


def page_count(path: Path) -> int:
    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def fonts(path: Path) -> set[str]:
    """The base names of the fonts the text is set in, without a subset's "ABCDEF+" prefix
    (text inside figures, which are form XObjects, included)."""
    pdf = pdfium.PdfDocument(path)
    try:
        return {
            text.get_font().get_base_name().split("+")[-1]
            for page in pdf
            for text in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT])
        }
    finally:
        pdf.close()
