"""Clauses the notebooks write for the chapters, whose shape follows the data: the largest
counts first, the zeros gathered at the end, ties named together, so that the same sentence of
two country chapters reads as what each country's data say, not one template filled twice.

Each function returns the clause in one language; the words come from the message catalog
(``i18n.ngettext``/``i18n.gettext``), the numbers are written the language's way.
"""

from __future__ import annotations

from clusters_maghreb import i18n

# The moves between two reference years (compare/flows.py's facts), in the order a tie keeps:
# (fact, singular, plural, none).
MOVES = [
    ("born", "{n} cluster founded", "{n} clusters founded", "none founded"),
    (
        "first_listed",
        "{n} cluster listed for the first time although older or of unknown age",
        "{n} clusters listed for the first time although older or of unknown age",
        "none listed for the first time",
    ),
    (
        "merged",
        "{n} merged into another cluster",
        "{n} merged into another cluster",
        "none merged into another cluster",
    ),
    ("advanced", "{n} moved up the grid", "{n} moved up the grid", "none moved up the grid"),
]
# The statuses of a Carte, in the grid's order: (fact, singular, plural, none).
STATUSES = [
    ("n_constituted", "{n} constituted", "{n} constituted", "none constituted"),
    ("n_emergent", "{n} emergent", "{n} emergent", "none emergent"),
    ("n_expected", "{n} expected", "{n} expected", "none expected"),
]


# A year's census by status (compare/census.py's facts): (fact, singular, plural, none).
CENSUS = [
    ("constituted", "{n} constituted", "{n} constituted", "none constituted"),
    ("emergent", "{n} emergent", "{n} emergent", "none emergent"),
    ("expected", "{n} expected", "{n} expected", "none expected"),
    ("unknown", "{n} of unknown status", "{n} of unknown status", "none of unknown status"),
    (
        "merged",
        "{n} merged into another cluster",
        "{n} merged into another cluster",
        "none merged into another cluster",
    ),
]


def enumerate_words(parts: list[str], lang: str) -> str:
    """'a', 'a and b', 'a, b and c' in ``lang``."""
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {i18n.gettext('and', lang)} {parts[-1]}"


def counted(
    facts: dict, kinds: list[tuple[str, str, str, str]], key, lang: str, aside: bool = False
) -> str:
    """The non-zero counts, largest first, then the zeros: '8 clusters founded and 7 listed
    ...; none merged into another cluster, none moved up the grid' (``aside``: the zeros in
    brackets, for a clause inside a sentence's list: '11 constituted and 3 emergent (none
    expected)')."""
    values = [(int(facts[key(k[0])]), i, k) for i, k in enumerate(kinds)]
    present = sorted((v for v in values if v[0]), key=lambda v: (-v[0], v[1]))
    parts = [i18n.ngettext(one, many, n, lang) for n, _, (_, one, many, _) in present]
    zeros = [i18n.gettext(none, lang) for n, _, (*_, none) in values if not n]
    text = enumerate_words(parts, lang)
    if zeros and text and aside:
        text = f"{text} ({', '.join(zeros)})"
    elif zeros:
        separator = " ; " if lang == "fr" else "; "
        text = f"{text}{separator}{', '.join(zeros)}" if text else ", ".join(zeros)
    return text


def moves(facts: dict, period: str, lang: str) -> str:
    """The clusters' moves over ``period`` ('2014_2019') from the flows facts."""
    return counted(facts, MOVES, lambda kind: f"{kind}_{period}", lang)


def carte_statuses(facts: dict, lang: str) -> str:
    """A Carte's rows by status, from the carte_country facts."""
    return counted(facts, STATUSES, lambda kind: kind, lang, aside=True)


def census_statuses(facts: dict, year: int, lang: str) -> str:
    """A year's clusters by status, from the census facts."""
    return counted(facts, CENSUS, lambda kind: f"n_{year}_{kind}", lang, aside=True)


def placement(n_clusters: int, n_placed: int, top: list[str], n_top: int, lang: str) -> str:
    """Where the placed clusters of a year are most often: 'Sfax leads: 3 of the 15 placed
    clusters' or 'Alger and Constantine tie for first: 3 of the 13 placed clusters each', and
    how many of the year's clusters have no place."""
    names = enumerate_words(top, lang)
    if len(top) == 1:
        text = i18n.gettext("{place} leads: {n} of the {total} placed clusters", lang)
    else:
        text = i18n.gettext("{place} tie for first: {n} of the {total} placed clusters each", lang)
    text = text.format(place=names, n=i18n.number(n_top, lang), total=i18n.number(n_placed, lang))
    unplaced = n_clusters - n_placed
    if unplaced:
        text += i18n.ngettext(
            "; {n} cluster has no known place", "; {n} clusters have no known place", unplaced, lang
        )
    return text
