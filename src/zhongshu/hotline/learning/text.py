"""Text cleaning and (optional) jieba word cutting for the ticket classifier.

`normalise` is applied to every text before training and before classifying: NFKC (full-width
letters, digits and punctuation become their ordinary forms), control and zero-width characters
dropped, whitespace runs (tabs, newlines, the leading and trailing blanks of 留言详情) collapsed,
and blanks next to Chinese characters removed, so "投诉 A市\t\t物业" and "投诉A市物业" are the same
text. Masked places (A市, A5区) and phone masks (0000-00000000) are kept as they are: they are
ordinary characters to the model.

jieba is loaded once per process (quietly: its "Building prefix dict…" log is silenced), under
a lock, so threads may call `words` and `is_word` concurrently.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata

_DROP = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
# a blank with a non-ASCII character (Chinese, full-width punctuation) on either side
_CJK_BLANK = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


def normalise(text) -> str:
    """The cleaned text ("" for None or blank)."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = _DROP.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return _CJK_BLANK.sub("", text)


_lock = threading.Lock()
_tokenizer = None


def tokenizer():
    """jieba's default tokenizer, initialised once (thread-safe, without its startup log)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.dt.initialize()
                _tokenizer = jieba.dt
    return _tokenizer


def words(text: str) -> list[str]:
    """jieba's words of a normalised text (precise mode, no HMM for new words), blanks left out."""
    return [w for w in tokenizer().lcut(text, HMM=False) if w.strip()]


def is_word(token: str) -> bool:
    """Whether jieba's dictionary knows `token` as a word."""
    return tokenizer().FREQ.get(token, 0) > 0
