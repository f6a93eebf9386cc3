"""core.phrases.caseless: which phrases may be looked for in a text without lowering it."""

from __future__ import annotations

import pytest

from zhongshu.core.phrases import caseless


@pytest.mark.parametrize("word", ["井盖破损", "12345", "第1号", "，。！？", "①②", "〇"])
def test_caseless(word):
    assert caseless(word)


@pytest.mark.parametrize("word", ["etc", "etc通道", "ａ口", "é", "αβ", "k", "ß", "i̇"])
def test_not_caseless(word):
    """Latin, full-width, accented and Greek letters all have case: lower() of a text can turn
    another character into them (K → k from KELVIN SIGN U+212A, İ → i̇), so they need the lower() path."""
    assert not caseless(word)
