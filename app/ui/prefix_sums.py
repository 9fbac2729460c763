"""Running sums that change one value at a time, for the paragraphs' tops (a Fenwick tree)."""

from __future__ import annotations

from typing import Iterable, Sequence

__all__ = ["PrefixSums", "Tops"]


class PrefixSums:
    """Running sums of a list of non-negative numbers that change one at a time (a Fenwick tree).

    ``prefix(i)`` is ``sum(values[:i])`` and ``search(y)`` the largest *i*
    with ``prefix(i) <= y``; both, and ``set``, take O(log n).
    """

    __slots__ = ("_values", "_tree", "_n")

    def __init__(self, values: Iterable[float]) -> None:
        self._values = list(values)
        n = self._n = len(self._values)
        tree = [0.0] * (n + 1)
        for i, v in enumerate(self._values, 1):
            tree[i] += v
            j = i + (i & -i)
            if j <= n:
                tree[j] += tree[i]
        self._tree = tree

    def __len__(self) -> int:
        return self._n

    def value(self, i: int) -> float:
        return self._values[i]

    def set(self, i: int, value: float) -> None:
        delta = value - self._values[i]
        if not delta:
            return
        self._values[i] = value
        tree, n = self._tree, self._n
        i += 1
        while i <= n:
            tree[i] += delta
            i += i & -i

    def prefix(self, i: int) -> float:
        tree = self._tree
        total = 0.0
        i = min(i, self._n)
        while i > 0:
            total += tree[i]
            i -= i & -i
        return total

    def search(self, y: float) -> int:
        tree, n = self._tree, self._n
        pos = 0
        step = 1 << n.bit_length() if n else 0
        while step:
            nxt = pos + step
            if nxt <= n and tree[nxt] <= y:
                pos = nxt
                y -= tree[nxt]
            step >>= 1
        return pos


class Tops(Sequence):
    """The paragraphs' tops as a read-only sequence: ``tops[i]`` is paragraph i's y, ``tops[-1]`` the height."""

    __slots__ = ("_sums",)

    def __init__(self, sums: PrefixSums) -> None:
        self._sums = sums

    def __len__(self) -> int:
        return len(self._sums) + 1

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = len(self._sums)
        if i < 0:
            i += n + 1
        if not 0 <= i <= n:
            raise IndexError("paragraph top out of range")
        return self._sums.prefix(i)
