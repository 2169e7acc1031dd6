"""Keys for matching strings written differently in different sources."""

from __future__ import annotations

import re
import unicodedata

SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def name_key(text: str) -> str:
    """A matching key: casefolded, accents and subscripts folded, punctuation spacing and
    whitespace collapsed. ``name_key("Cluster  CE₃M") == name_key("cluster ce3m")``."""
    text = text.translate(SUBSCRIPTS).translate(APOSTROPHES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\s*([-/(),.'])\s*", r"\1", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


def collapse(text: str) -> str:
    """Whitespace collapsed, nothing else changed: how crosswalks record text as written."""
    return re.sub(r"\s+", " ", text).strip()
