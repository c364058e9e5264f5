"""Title comparison for the duplicate-application check (重复申报).

A title is first normalised (:func:`normalise_title`): whitespace, punctuation (full and half width) and
filler words (的、研究、项目、关于、与、及 …) are removed, full-width letters and digits become half
width, Latin letters lower case. Two normalised titles are then compared by :func:`title_similarity`:

* the Dice coefficient of their character bigrams (字符二元组), which drops quickly when a content word
  is replaced ("茶叶" → "水稻"), and
* when the shorter title appears in order inside the longer one (only words were added or removed,
  e.g. "茶叶病害识别系统研发" / "茶叶病害智能识别系统研发"), the longest-common-subsequence ratio
  2·LCS / (len a + len b), which forgives added modifiers.

The larger of the two is the similarity, an exact Decimal in [0, 1] rounded to 4 places; identical
normalised titles give 1.
"""
from __future__ import annotations

import string
import unicodedata
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

#: Words that carry no content in a project title; removed before comparing (longest first).
FILLER_WORDS: tuple[str, ...] = ("关于", "项目", "课题", "研究", "以及", "及其", "的", "与", "及", "和")

_ASCII_PUNCT = frozenset(string.punctuation)
_PLACES = Decimal("0.0001")


def _is_noise(ch: str) -> bool:
    """Whitespace, punctuation (any width), control and format characters."""
    if ch in _ASCII_PUNCT:
        return True
    cat = unicodedata.category(ch)
    return cat[0] in "PZ" or cat in ("Cc", "Cf")


def _strip_noise(text: str) -> str:
    return "".join(ch for ch in text if not _is_noise(ch))


def normalise_title(title: str) -> str:
    """The comparable core of a title: no spaces, punctuation or filler words; half width; lower case.

    >>> normalise_title("关于“基于深度学习的茶叶病害识别系统”的研究")
    '基于深度学习茶叶病害识别系统'
    """
    # Remove noise before NFKC so that inserted punctuation can never change how NFKC composes the
    # neighbouring characters, and again after it (NFKC turns e.g. '⑴' into '(1)').
    text = _strip_noise(title or "")
    text = _strip_noise(unicodedata.normalize("NFKC", text)).lower()
    previous = None
    while previous != text:   # repeat: removing one filler may join the halves of another
        previous = text
        for word in FILLER_WORDS:
            text = text.replace(word, "")
    return text


def _bigrams(text: str) -> Counter[str]:
    if len(text) < 2:
        return Counter([text]) if text else Counter()
    return Counter(text[i:i + 2] for i in range(len(text) - 1))


def _is_subsequence(short: str, long: str) -> bool:
    """True when every character of ``short`` appears in ``long`` in the same order."""
    rest = iter(long)
    return all(ch in rest for ch in short)


def _ratio(numerator: int, denominator: int) -> Decimal:
    return (Decimal(numerator) / Decimal(denominator)).quantize(_PLACES, ROUND_HALF_UP)


def normalised_similarity(a: str, b: str) -> Decimal:
    """Similarity of two already normalised titles (see the module docstring)."""
    if a == b:
        return Decimal(1).quantize(_PLACES)
    if not a or not b:
        return Decimal(0).quantize(_PLACES)
    ga, gb = _bigrams(a), _bigrams(b)
    dice = _ratio(2 * sum((ga & gb).values()), sum(ga.values()) + sum(gb.values()))
    short, long = sorted((a, b), key=lambda t: (len(t), t))
    if _is_subsequence(short, long):   # only additions/removals: LCS = len(short)
        return max(dice, _ratio(2 * len(short), len(a) + len(b)))
    return dice


def title_similarity(a: str, b: str) -> Decimal:
    """How alike two project titles are, 0 … 1 (Decimal, 4 places), after :func:`normalise_title`."""
    return normalised_similarity(normalise_title(a), normalise_title(b))
