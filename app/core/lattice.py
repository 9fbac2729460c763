"""The analyser's other analyses of a word: every reading MeCab knows for it, and what each costs here.

MeCab reads a sentence along the cheapest path through its lattice of
candidate words; for a word with several readings (外: そと, ほか; 傍: そば,
かたわら) the path it takes says which reading its model prefers in this
context, and the cost of the next-best path says by how much. That margin is
what the dictionary's evidence (JMdict's spellings and priority, the
compound around the word) is weighed against when it chooses another
reading. It is MeCab's N-best restricted to one word: the second-best
analysis that differs from the best only there.

Asking costs a second tagger pass (all candidate words of a span) and reads
of MeCab's connection matrix, so it is done only for the words whose
readings the dictionary questions, and what is learnt of a spelling is kept.
Not thread-safe: one Lattice per thread, like the Analyzer.
"""

from __future__ import annotations

import logging
import mmap
import struct
import threading
from typing import NamedTuple, Sequence

log = logging.getLogger(__name__)

__all__ = ["Node", "Lattice", "lattice"]

_FORMAT = r"%ps\t%pe\t%phl\t%phr\t%c\t%m\t%H\n"


class Node(NamedTuple):
    """One candidate word of a span: its token fields (as analysis makes them) and MeCab's costs."""

    word: tuple  # the word fields of a Token (analysis.word_fields)
    left: int  # left context id
    right: int  # right context id
    cost: int  # word cost
    origin: str = ""  # unidic's goshu: 和 (native), 漢 (Sino-Japanese), 外 (loan), 混 ...
    initial: str = ""  # unidic's iForm: 濁音形 is the voiced form a word takes inside compounds


class Lattice:
    def __init__(self) -> None:
        self._tagger = None
        self._matrix: mmap.mmap | None = None
        self._left_size = 0
        self._nodes: dict[str, tuple[Node, ...]] = {}
        self._broken = False

    # -- what MeCab knows of a spelling ---------------------------------------------

    def nodes(self, surface: str) -> tuple[Node, ...]:
        """Every candidate word spelt exactly ``surface`` (distinct token fields, cheapest first)."""
        found = self._nodes.get(surface)
        if found is None:
            found = self._nodes[surface] = self._read_nodes(surface)
        return found

    def node_of(self, token) -> Node | None:
        """The candidate the analyser chose for ``token`` (None for a token it did not make as is)."""
        word = token[3]
        for n in self.nodes(token.surface):
            if n.word == word:
                return n
        return None

    def readings(self, surface: str) -> dict[str, Node]:
        """Each hiragana reading of ``surface`` the analyser knows, with its cheapest candidate."""
        out: dict[str, Node] = {}
        for n in self.nodes(surface):
            if n.word[1]:
                out.setdefault(n.word[1], n)
        return out

    # -- costs in context ----------------------------------------------------------------

    def alternatives(self, tokens: Sequence, index: int) -> list[tuple[Node, int]] | None:
        """The other candidates for ``tokens[index]`` and how much more MeCab's path costs with each.

        The neighbours stay as the analyser read them; None when the
        token's own candidate or the connection costs are not known (a
        token merged under an author's ruby, say).
        """
        tok = tokens[index]
        own = self.node_of(tok)
        if own is None or not self._open_matrix():
            return None
        prev = self._neighbour(tokens, index, -1)
        nxt = self._neighbour(tokens, index, 1)
        base = self._local(prev, own, nxt)
        return [(n, self._local(prev, n, nxt) - base) for n in self.nodes(tok.surface) if n.word != own.word]

    def connection(self, right: int, left: int) -> int:
        """MeCab's cost of a word with right context ``right`` followed by one with left context ``left``."""
        assert self._matrix is not None
        return struct.unpack_from("<h", self._matrix, 4 + 2 * (right + self._left_size * left))[0]

    def _local(self, prev: Node | None, n: Node, nxt: Node | None) -> int:
        cost = n.cost
        cost += self.connection(prev.right if prev is not None else 0, n.left)
        cost += self.connection(n.right, nxt.left if nxt is not None else 0)
        return cost

    def _neighbour(self, tokens: Sequence, index: int, step: int) -> Node | None:
        k = index + step
        while 0 <= k < len(tokens) and not tokens[k].surface.strip():
            k += step  # spaces are no words of MeCab's
        if not 0 <= k < len(tokens):
            return None  # the sentence's start or end: context 0
        return self.node_of(tokens[k]) or Node((), 0, 0, 0)

    # -- MeCab -------------------------------------------------------------------------------

    def _read_nodes(self, surface: str) -> tuple[Node, ...]:
        from .analysis import _make_template

        tagger = self._all_morphs()
        if tagger is None:
            return ()
        size = len(surface.encode("utf-8"))
        seen: dict[tuple, Node] = {}
        for line in tagger.parse(surface).split("\n"):
            parts = line.split("\t", 6)
            if len(parts) < 7 or parts[0] != "0" or int(parts[1]) != size:
                continue
            _, word = _make_template(parts[5] + "\t" + parts[6])
            head = parts[6].split(",", 15)  # the fields before 15 are never quoted
            node = Node(word, int(parts[2]), int(parts[3]), int(parts[4]),
                        head[12] if len(head) > 14 else "", head[14] if len(head) > 14 else "")
            if word not in seen or node.cost < seen[word].cost:
                seen[word] = node
        return tuple(sorted(seen.values(), key=lambda n: n.cost))

    def _all_morphs(self):
        if self._tagger is None and not self._broken:
            import fugashi
            import unidic_lite

            from .mapped_pages import page_by_page

            try:
                with page_by_page(unidic_lite.DICDIR):
                    self._tagger = fugashi.GenericTagger(
                        f'-d "{unidic_lite.DICDIR}" -r /dev/null -a -O "" '
                        f"-F '{_FORMAT}' -U '{_FORMAT}' -E ''")
            except RuntimeError as e:  # never expected: the same dictionary as the analyser's
                log.warning("the analyser's other readings are not available: %s", e)
                self._broken = True
        return self._tagger

    def _open_matrix(self) -> bool:
        if self._matrix is not None:
            return True
        if self._broken:
            return False
        import os

        import unidic_lite

        path = os.path.join(unidic_lite.DICDIR, "matrix.bin")
        try:
            with open(path, "rb") as f:
                m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            if hasattr(mmap, "MADV_RANDOM"):
                try:
                    m.madvise(mmap.MADV_RANDOM)  # a few costs read here and there (see mapped_pages)
                except OSError:
                    log.debug("connection costs mapped with read-ahead", exc_info=True)
        except (OSError, ValueError) as e:
            log.warning("MeCab's connection costs cannot be read (%s): readings are not weighed", e)
            self._broken = True
            return False
        left, right = struct.unpack_from("<HH", m, 0)
        if len(m) != 4 + 2 * left * right:
            log.warning("%s is not a connection matrix MeCab wrote: readings are not weighed", path)
            self._broken = True
            return False
        self._matrix, self._left_size = m, left
        return True


_local = threading.local()


def lattice() -> Lattice:
    """The calling thread's Lattice (a MeCab tagger must not be shared between threads)."""
    lat = getattr(_local, "lattice", None)
    if lat is None:
        lat = _local.lattice = Lattice()
    return lat
