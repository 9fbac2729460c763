"""Pitch accent: unidic's accent type as a learner reads it, mora by mora."""

from __future__ import annotations

from ..chars import GLIDE_KANA, to_hiragana
from .model import Pitch

__all__ = ["morae", "pitch_patterns"]

_GLIDES = frozenset(GLIDE_KANA)


def morae(reading: str) -> list[str]:
    """Split kana into morae: small ゃゅょ join the kana before them; っ, ん, ー count alone."""
    out: list[str] = []
    for ch in reading:
        if ch in _GLIDES and out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def pitch_patterns(reading: str, accent: str) -> list[Pitch]:
    """Every accent unidic lists (aType "0,4") as a downstep and an L/H pattern."""
    if not reading or not accent:
        return []
    m = morae(to_hiragana(reading))
    n = len(m)
    out: list[Pitch] = []
    seen: set[int] = set()
    for part in accent.split(","):
        part = part.strip()
        if not part.isdigit():
            continue
        k = int(part)
        if k > n or k in seen:
            continue
        seen.add(k)
        if k == 0:
            pattern = "L" + "H" * (n - 1) if n > 1 else "L"
            kind = "heiban"
        elif k == 1:
            pattern = "H" + "L" * (n - 1)
            kind = "atamadaka"
        else:
            pattern = "L" + "H" * (k - 1) + "L" * (n - k)
            kind = "odaka" if k == n else "nakadaka"
        out.append(Pitch(to_hiragana(reading), k, pattern, kind))
    return out
