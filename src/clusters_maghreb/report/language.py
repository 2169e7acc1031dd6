"""The report's language metadata: a file per language (title, subtitle, ``lang``, and the
words that label figures, tables and callouts), read by Quarto (``--metadata-file``) and
pandoc alike. Each language has its own folder of chapters (``report/en``, ``report/fr``);
cluster names stay as the sources write them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from clusters_maghreb.io import write_atomic

LANGUAGES = ("en", "fr")
TITLES = {
    "en": {
        "title": "Clusters in the Maghreb",
        "subtitle": "Between globalisation and territorialisation: the 2019 IPEMED study "
        "regenerated from its sources, 2014-2019-2023",
        "author": "clusters-maghreb pipeline",
        "toc-title": "Contents",
    },
    "fr": {
        "title": "Clusters au Maghreb",
        "subtitle": "Entre mondialisation et territorialisation : l'étude IPEMED de 2019 "
        "régénérée à partir de ses sources, 2014-2019-2023",
        "author": "pipeline clusters-maghreb",
        "toc-title": "Sommaire",
    },
}
# Quarto's own translation keys (its `language:` option), so that both engines label alike:
# Quarto's French says "Table" where this report says "Tableau". quarto-compat.lua reads them.
WORDS = {
    "en": {
        "crossref-fig-title": "Figure",
        "crossref-tbl-title": "Table",
        "callout-note-title": "Note",
        "callout-warning-title": "Warning",
        "callout-important-title": "Important",
    },
    "fr": {
        "crossref-fig-title": "Figure",
        "crossref-tbl-title": "Tableau",
        "callout-note-title": "Note",
        "callout-warning-title": "Attention",
        "callout-important-title": "Important",
    },
}


def metadata(lang: str) -> dict:
    if lang not in LANGUAGES:
        raise ValueError(f"report language {lang!r}: expected one of {LANGUAGES}")
    return {
        "lang": lang,
        **{f"is_{x}": x == lang for x in LANGUAGES},
        **TITLES[lang],
        "language": WORDS[lang],
    }


def write_metadata(lang: str, out: str | Path) -> None:
    write_atomic(out, yaml.safe_dump(metadata(lang), allow_unicode=True, sort_keys=True))


def output_name(lang: str, languages: list[str], ext: str) -> str:
    """The first configured language is report.<ext>; the others report-<lang>.<ext>."""
    return f"report.{ext}" if lang == languages[0] else f"report-{lang}.{ext}"
