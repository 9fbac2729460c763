"""Fixed-width metrics for layout tests without Qt."""

from __future__ import annotations


class FakeMetrics:
    """Full-width characters 10 px, ASCII 5 px, ruby half size; lines 30 px."""

    def base_width(self, text, heading=False):
        return sum(5.0 if c.isascii() else 10.0 for c in text) * (1.5 if heading else 1.0)

    def ruby_width(self, text, heading=False):
        return self.base_width(text, heading) / 2

    def line_height(self, heading=False):
        return 45.0 if heading else 30.0

    def em(self, heading=False):
        return 15.0 if heading else 10.0


M = FakeMetrics()
