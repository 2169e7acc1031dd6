"""The chapters stay inside what both renderers read alike."""

import re

from clusters_maghreb import PROJECT_ROOT

CHAPTERS = sorted((PROJECT_ROOT / "report").glob("*/*.qmd"))


def lines_matching(pattern: re.Pattern) -> list[str]:
    """'report/<lang>/<chapter>:<line>' of every chapter line ``pattern`` finds something in."""
    return [
        f"{chapter.relative_to(PROJECT_ROOT)}:{n}"
        for chapter in CHAPTERS
        for n, line in enumerate(chapter.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]


def test_no_line_reads_as_one_block_shortcode():
    """Quarto takes a line that starts with '{{<' and ends with '>}}' for a single block
    shortcode (an include); a quote between two shortcodes of such a line then stops its
    render ('Invalid Shortcode'). Start such a line with a word instead."""
    bad = []
    for chapter in CHAPTERS:
        for n, line in enumerate(chapter.read_text(encoding="utf-8").splitlines(), 1):
            text = line.strip()
            if text.startswith("{{<") and text.endswith(">}}") and text.count(">}}") > 1:
                between = text[text.index(">}}") : text.rindex("{{<")]
                if "'" in between or '"' in between:
                    bad.append(f"{chapter.relative_to(PROJECT_ROOT)}:{n}")
    assert not bad, bad


def test_no_line_starts_with_a_number_that_reads_as_a_list_item():
    """Quarto puts a variable's value in the text before reading the Markdown: a line that
    starts '{{<var x>}}. ' becomes '544. ', an ordered list item, under Quarto only."""
    # a passage's ``cite`` fact starts with a word ('lines 410-417'), never a number
    risky = re.compile(r"^\s*\{\{<\s*var (?![^>]*\.cite\s*>)[^>]+>\}\}[.)](\s|$)")
    bad = lines_matching(risky)
    assert not bad, bad


def test_vars_are_written_without_spaces_inside_the_brackets():
    """'{{<var key>}}', not '{{< var key >}}': Quarto reads both alike, but before a PDF it
    passes the whole expanded document through plain pandoc (to learn whether it has a
    level-1 heading), and pandoc's Markdown reader spends time on each '{{< ' that grows with
    the length of the document: minutes for this report's ~800 vars per edition, against
    about two seconds for the unspaced form."""
    spaced = re.compile(r"\{\{<\s+var\b|\bvar\s+[^\s>]+\s+>\}\}")
    bad = lines_matching(spaced)
    assert not bad, bad


def test_every_chapter_exists_in_both_languages_with_the_same_sections():
    import re

    for en in (PROJECT_ROOT / "report" / "en").glob("*.qmd"):
        fr = PROJECT_ROOT / "report" / "fr" / en.name
        assert fr.exists(), fr
        ids = [re.findall(r"\{#(sec-[\w-]+)", p.read_text(encoding="utf-8")) for p in (en, fr)]
        assert ids[0] == ids[1], en.name


def test_a_single_passage_is_cited_with_its_computed_word():
    """'line 412' / 'lines 410-417' (French 'ligne' / 'lignes') agree with the span the build
    finds, which an edit of the source can change: a chapter cites one passage through its
    ``cite`` fact, and writes the word itself only before a list of passages (always plural)."""
    import re

    typed = re.compile(
        r"\b(lines?|lignes?)\s+\{\{<\s*var passages\.all\.\w+\.lines\s*>\}\}"
        r"(?!\s*,\s*\{\{<\s*var passages)"
    )
    singular_list = re.compile(
        r"\b(line|ligne)\s+\{\{<\s*var passages\.all\.\w+\.lines\s*>\}\}\s*,"
    )
    bad = [
        f"{chapter.relative_to(PROJECT_ROOT)}: {m.group(0)!r}"
        for chapter in CHAPTERS
        for rx in (typed, singular_list)
        for m in rx.finditer(chapter.read_text(encoding="utf-8"))
    ]
    assert not bad, bad
