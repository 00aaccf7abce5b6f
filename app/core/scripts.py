"""Simplified and Traditional Chinese as one (简/繁): 广州 = 廣州, 林静 finds 林靜雯.

Office staff type in either script and the records hold either (demo data, imports, old
files). Matching folds both sides to Simplified; searching asks for every written form of the
query. Conversion is OpenCC's (a maintained dictionary, phrase-aware), not a hand table.
"""
from __future__ import annotations

from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")
_S2TW = opencc.OpenCC("s2tw")
_S2HK = opencc.OpenCC("s2hk")


@lru_cache(maxsize=65536)
def fold(text: str | None) -> str | None:
    """The Simplified form: two strings are the same text when their folds are equal."""
    if not text:
        return text
    return _T2S.convert(text)


@lru_cache(maxsize=16384)
def variants(text: str | None) -> tuple[str, ...]:
    """Every written form of ``text`` worth searching for: as typed, Simplified, Traditional
    (and Taiwan / Hong Kong standards), without repeats."""
    if not text:
        return ()
    simplified = _T2S.convert(text)
    forms = (text, simplified, _S2T.convert(simplified), _S2TW.convert(simplified),
             _S2HK.convert(simplified))
    return tuple(dict.fromkeys(forms))


def same(a: str | None, b: str | None) -> bool:
    return fold(a) == fold(b)


def in_folded(value: str | None, options) -> bool:
    """``value`` is one of ``options`` in either script."""
    folded = fold(value)
    return any(fold(o) == folded for o in options or ())
