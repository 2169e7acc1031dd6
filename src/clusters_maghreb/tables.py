"""Result tables as CSV and as the Markdown pipe table the report includes, in English and,
through the message catalog, in every other language of the report (``<dir>/<lang>/``). The
CSV keeps source ids (data); the Markdown names each source as the bibliography does."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusters_maghreb import i18n
from clusters_maghreb.io import write_atomic, write_csv


def to_markdown(df: pd.DataFrame, numeric: list[bool] | None = None) -> str:
    """A pipe table; numbers right-aligned, text left-aligned, pipes in cells escaped."""

    def cell(value) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""  # a missing value is an empty cell, not '<NA>' or 'nan'
        return str(value).replace("|", r"\|").replace("\n", " ")

    if numeric is None:
        numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]
    header = "| " + " | ".join(cell(c) for c in df.columns) + " |"
    # Pandoc sizes the columns of a wide pipe table by the dashes of this rule: make them
    # follow the longest cell, within bounds, so that long names get the room.
    widths = [min(30, max(4, len(cell(c)), *(len(cell(v)) for v in df[c]))) for c in df.columns]
    rule = (
        "|"
        + "|".join(
            "-" * (w - 1) + ":" if n else ":" + "-" * (w - 1)
            for w, n in zip(widths, numeric, strict=True)
        )
        + "|"
    )
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([header, rule, *body]) + "\n"


def localised(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table with its headers and labels in ``lang`` and its numbers written that
    language's way (every cell then a string)."""

    def cell(value, is_number: bool):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        return i18n.number(value, lang) if is_number else i18n.localise(str(value), lang)

    out = pd.DataFrame(
        {
            i18n.localise(str(c), lang): [
                cell(v, pd.api.types.is_numeric_dtype(df[c])) for v in df[c]
            ]
            for c in df.columns
        },
        index=df.index,
    )
    if len(set(out.columns)) != len(out.columns):
        raise ValueError(f"two headers of a table translate alike in {lang}: {list(out.columns)}")
    return out


def markdown_path(stem: str | Path, lang: str) -> Path:
    """``<stem>.md`` in English, ``<dir>/<lang>/<name>.md`` in another language."""
    stem = Path(stem)
    if lang == i18n.SOURCE_LANGUAGE:
        return stem.with_suffix(".md")
    return stem.parent / lang / f"{stem.name}.md"


def write(
    df: pd.DataFrame,
    stem: str | Path,
    hidden: list[str] | None = None,
    verbatim: list[str] | None = None,
) -> None:
    """Write ``<stem>.csv`` and the Markdown table in every language (``markdown_path``);
    ``hidden`` columns (internal ids and codes) are in the CSV only, not shown to a reader;
    ``verbatim`` columns (a source's quotes) keep their text as written, numbers included."""
    stem = Path(stem)
    write_csv(df, stem.with_suffix(".csv"))
    df = df.drop(columns=hidden or [])
    numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]
    for lang in i18n.languages():
        table = localised(df, lang) if i18n.translates(lang) else df
        for column in verbatim or []:
            table[table.columns[list(df.columns).index(column)]] = df[column].to_numpy()
        # the reader sees each source by its name, not its id (i18n.use_source_names)
        table = table.map(lambda v, lang=lang: i18n.readable(v, lang))
        write_atomic(markdown_path(stem, lang), to_markdown(table, numeric))
