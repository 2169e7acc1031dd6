"""The members model: what a cluster's member counts count, and which count holds which.

Every count a source gives for a cluster's members is kept as its own typed value, with a
qualifier (exact, approx for 'une trentaine', at_least for 'plus de', range for 'entre 120 et
130'). The types nest, and the sources count them side by side without saying how they overlap,
so a count is never added to a count that contains it:

- ``members_total`` holds every other member type;
- ``members_enterprises`` (firms of any size, as 'entreprises', 'companies', 'industriels')
  holds ``members_smes``, ``members_large`` and ``members_startups``. Start-ups are counted
  among SMEs by some sources ('60 PME (parmi lesquelles 10 startups)', ipemed-2019 line 1201;
  '6 SME (5 start-ups among SME)', moroccan-clusters-2020 line 1046) and beside them by others,
  so SMEs and start-ups are never added either;
- research and training bodies, associations, public bodies and other members are disjoint
  from enterprises and from each other;
- ``jobs`` (employment the members represent) is not a member count at all.
"""

from __future__ import annotations

import re

from clusters_maghreb.schema import MEMBER_TYPES  # the members model, shared by every stage

BY_FIELD = {t.field: t for t in MEMBER_TYPES}
COUNT_FIELDS = [t.field for t in MEMBER_TYPES]
# The parts of a total (every member type but the total itself and jobs).
MEMBER_PARTS = [t.field for t in MEMBER_TYPES if t.within]
# Types no other type contains but the total: the only ones that may be added together.
DISJOINT = [t.field for t in MEMBER_TYPES if t.within == "members_total"]
ENTERPRISE_KINDS = [t.field for t in MEMBER_TYPES if t.within == "members_enterprises"]


# A card's Membres field that counts the members at the founding, not at the source's date:
# 'Parmi les membres fondateurs : 21 industriels' (ipemed-2019 line 1448), 'Les membres
# fondateurs sont : Une vingtaine d'entreprises' (1348), 'Dans une première phase, le cluster
# regroupe 32 entités' (1284, beside 'L'objectif est d'en réunir 80 à court terme').
FOUNDING_RX = re.compile(r"membres fondateurs|Dans une première phase", re.IGNORECASE)
# Members of a type a card names without a count, beside a count of that type: 'des centres
# de recherche (4), des universités' (ipemed-2019 line 1216) is at least 4 research and
# training bodies. A kind followed by its count in brackets is counted.
UNCOUNTED_RX = {
    "members_research_training": re.compile(
        r"\bdes (?:universités|écoles|centres de recherche|organismes de recherche)\b(?! ?\()",
        re.IGNORECASE,
    ),
}


def card_qualifier(field: str, qualifier: str, members_text: str) -> str:
    """The qualifier of a count read from a card's Membres field. Founders bound the membership
    at the source's date from below, so an exact count of them is ``at_least`` (the rule
    moroccan-clusters-2020's '25 founding members' follows, values.parse_member_total); an
    approximate one ('Une vingtaine') stays ``approx``, the qualifier saying one thing. A count
    beside members of its type left uncounted (``UNCOUNTED_RX``) is ``at_least`` too. Jobs are
    no member count and keep theirs."""
    text = members_text or ""
    if field == "jobs" or qualifier != "exact":
        return qualifier
    if FOUNDING_RX.search(text) or (field in UNCOUNTED_RX and UNCOUNTED_RX[field].search(text)):
        return "at_least"
    return qualifier


def contains(outer: str, inner: str) -> bool:
    """True when every member counted as ``inner`` is also counted as ``outer``."""
    while inner:
        inner = BY_FIELD[inner].within
        if inner == outer:
            return True
    return False


def enterprises_floor(counts: dict[str, int]) -> tuple[int, str]:
    """The fewest enterprises ``counts`` allow, and how: the stated enterprise count, else
    large firms plus the larger of SMEs and start-ups (start-ups may be among the SMEs; a
    start-up is not a large firm)."""
    if "members_enterprises" in counts:
        return counts["members_enterprises"], f"{counts['members_enterprises']} enterprises"
    large = counts.get("members_large", 0)
    small_field = max(
        ("members_smes", "members_startups"), key=lambda f: (counts.get(f, 0), f == "members_smes")
    )
    small = counts.get(small_field, 0)
    parts = [f"{v} {f}" for f, v in (("members_large", large), (small_field, small)) if v]
    return large + small, " + ".join(parts)


def parts_floor(counts: dict[str, int]) -> tuple[int, str]:
    """The fewest members that the parts of ``counts`` (member type -> exact count, one
    source's place) imply, adding only types that cannot overlap, and the sum as text."""
    total, detail = 0, []
    if any(f in counts for f in ("members_enterprises", *ENTERPRISE_KINDS)):
        n, how = enterprises_floor(counts)
        total += n
        detail.append(how)
    for field in DISJOINT:
        if field != "members_enterprises" and field in counts:
            total += counts[field]
            detail.append(f"{counts[field]} {field}")
    return total, " + ".join(detail)


def bounds(value: str, qualifier: str) -> tuple[float, float]:
    """The counts a value allows: '60' exact -> (60, 60); at least 37 -> (37, inf); a range
    '120-130' -> (120, 130). An approximate value allows only itself: how far 'une centaine'
    reaches is not for the code to say."""
    if qualifier == "range":
        low, high = value.split("-")
        return float(low), float(high)
    n = float(value)
    return {"at_least": (n, float("inf")), "at_most": (0.0, n)}.get(qualifier, (n, n))


def counts_agree(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two (value, qualifier) counts of one type agree when some count satisfies both ('at
    least 37' and '60'); otherwise they are a disagreement to list."""
    (lo_a, hi_a), (lo_b, hi_b) = bounds(*a), bounds(*b)
    return max(lo_a, lo_b) <= min(hi_a, hi_b)
