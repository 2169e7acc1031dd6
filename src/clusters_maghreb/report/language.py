"""The report's language metadata: a file per language (title, subtitle, ``lang``), read by
Quarto (``--metadata-file``) and pandoc alike. Each language has its own folder of chapters
(``report/en``, ``report/fr``); cluster names stay as the sources write them.
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


def metadata(lang: str) -> dict:
    if lang not in LANGUAGES:
        raise ValueError(f"report language {lang!r}: expected one of {LANGUAGES}")
    return {"lang": lang, **{f"is_{x}": x == lang for x in LANGUAGES}, **TITLES[lang]}


def write_metadata(lang: str, out: str | Path) -> None:
    write_atomic(out, yaml.safe_dump(metadata(lang), allow_unicode=True, sort_keys=True))


def output_name(lang: str, languages: list[str], ext: str) -> str:
    """The first configured language is report.<ext>; the others report-<lang>.<ext>."""
    return f"report.{ext}" if lang == languages[0] else f"report-{lang}.{ext}"
