"""The sentence helpers the prose extractors share (prose_list.sentence_at)."""

from clusters_maghreb.extract.prose_list import sentence_at

TEXT = 'Le cluster compte 40 membres. "Un succès", dit-il. **Gras** ensuite. fin'


def test_a_sentence_ends_at_a_full_stop_before_what_may_open_one():
    assert sentence_at(TEXT, TEXT.index("Gras")) == "**Gras** ensuite. fin"
    assert sentence_at(TEXT, TEXT.index("40"), '[A-Z"*]') == "Le cluster compte 40 membres."


def test_the_opener_says_what_may_start_a_sentence():
    pos = TEXT.index("succès")
    # by default a straight quote opens no sentence (ipemed-2019 quotes with « »)
    assert sentence_at(TEXT, pos) == 'Le cluster compte 40 membres. "Un succès", dit-il.'
    # errajaoui-nokairi-2023 opens sentences with straight quotes
    assert sentence_at(TEXT, pos, '[A-Z"*]') == '"Un succès", dit-il.'


def test_a_lower_case_word_after_a_full_stop_does_not_start_a_sentence():
    assert sentence_at(TEXT, TEXT.index("fin")) == sentence_at(TEXT, TEXT.index("ensuite"))
