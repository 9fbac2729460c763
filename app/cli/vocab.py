"""`shiori vocab`, `shiori mark`, `shiori stats`: the reader's data on the command line."""

from __future__ import annotations

import json
import sys
from datetime import date

from . import error, progress_printer

# Sentences the tests and the README quote.
NO_ENTRY = "no dictionary entry: not marked"


def _context(args):
    """The application context, or an exit status when the store cannot be used."""
    from ..core.context import create_context
    from ..core.store import StoreError

    context = create_context(getattr(args, "data_dir", None))
    args.opened_context = context  # closed by main() when the command returns
    try:
        _ = context.store  # opened now, so that a damaged or newer store is said before anything else
    except StoreError as e:
        return error(str(e))
    if context.store.notice:
        print(f"shiori: {context.store.notice}", file=sys.stderr)
    return context


def _statuses(codes):
    from ..core.words import Status

    if not codes:
        return None
    return [Status.parse(c) for group in codes for c in group.split(",") if c.strip()]


def word_json(word) -> dict:
    from ..core.export import word_json as to_json

    return to_json(word)


def cmd_vocab(args) -> int:
    try:
        statuses = _statuses(args.status)
    except ValueError as e:
        return error(str(e))
    context = _context(args)
    if isinstance(context, int):
        return context
    words = context.vocabulary.words(statuses, with_contexts=args.json)
    if args.json:
        json.dump([word_json(w) for w in words], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not words:
        print("No saved words." if statuses is None else "No saved words with that status.")
        return 0
    for w in words:
        gloss = f"  {w.gloss}" if w.gloss else ""
        print(f"{w.status.code:>7}  {w.key.lemma}【{w.key.reading}】{gloss}")
    return 0


def cmd_mark(args) -> int:
    from ..core.word_keys import resolve
    from ..core.words import Status

    try:
        status = Status.parse(args.status)
    except ValueError as e:
        return error(str(e))
    context = _context(args)
    if isinstance(context, int):
        return context
    vocab = context.vocabulary
    dictionary = context.dictionary
    problem = dictionary.status()
    if problem and status is not Status.NONE:
        return error(problem)
    failed = False
    for text in args.words:
        word = text.strip()
        if status is Status.NONE:
            found = resolve(word, dictionary) if not problem else None
            exact = [found.key] if found is not None and found.whole and found.key in vocab else []
            # the word as the dictionary reads it; else what is saved under that spelling (陥る【おちいる】 too)
            keys = exact or [k for k in vocab.statuses() if word in (k.lemma, k.label())]
            if not keys:
                print(f"{word}: not in the vocabulary")
                failed = True
                continue
            vocab.remove(keys)
            print(f"{word}: removed {', '.join(k.label() for k in keys)}")
            continue
        resolved = resolve(word, dictionary)
        if resolved is None or not resolved.whole:  # only its first word has an entry (ナデラ is not 菜)
            print(f"{word}: {NO_ENTRY}")
            failed = True
            continue
        key, entry_id, gloss, _ = resolved
        if key in vocab:
            vocab.set_status(key, status)
        else:
            vocab.add(key, entry_id=entry_id, gloss=gloss, status=status)
        print(f"{word}: {key.label()} → {status.label}")
    return 1 if failed else 0


def cmd_stats(args) -> int:
    context = _context(args)
    if isinstance(context, int):
        return context
    library = context.library
    out: dict = {}
    if args.file:
        from ..core import documents

        try:
            doc = documents.load(args.file)
        except documents.DocumentError as e:
            return error(str(e))
        out["document"] = _document_stats(doc, context)
    view = library.overview(date.today())
    out["vocabulary"] = {s.code: n for s, n in sorted(view.by_status.items())}
    out["vocabulary_total"] = sum(view.by_status.values())
    out["added_today"] = view.added_today
    out["added_this_week"] = view.added_this_week
    out["reading"] = {"seconds": round(view.seconds, 1), "chars": view.chars, "documents": view.documents,
                      "finished": view.finished, "streak_days": view.streak}
    out["daily"] = [{"day": d, "chars": c, "seconds": round(s, 1)} for d, c, s in view.daily]
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    _print_stats(out)
    return 0


def _document_stats(doc, context) -> dict:
    from ..core.analysed import AnalysedDocument
    from ..core.analysis import analyze_document
    from ..core.progress import coverage, word_counts

    analysed = AnalysedDocument(doc)
    tokens = analyze_document(doc, progress_printer("analysing"))
    words = None
    if not context.dictionary.status():  # as the window does: readings checked, then words resolved
        tokens = context.dictionary.refine_many(tokens)
        words = context.dictionary.resolve_many(tokens)
    for p, toks in enumerate(tokens):
        analysed.set_tokens(p, toks, words[p] if words is not None else None)
    counts = word_counts(w.key for _, w in analysed.iter_words())
    cov = coverage(counts, context.vocabulary.status)
    out = {"title": doc.title, "id": analysed.id, "words": cov.total, "known": cov.known, "learning": cov.learning,
           "new": cov.new, "new_words": cov.new_words, "summary": cov.summary()}
    record = context.library.document(analysed.id)
    if record is not None:
        p = context.library.progress(analysed.id)
        out["progress"] = {"percent": round(p.percent, 1), "chars_read": p.chars_read, "seconds": round(p.seconds, 1),
                           "chars_per_hour": round(p.speed) if p.speed else None, "finished": p.finished}
    return out


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _print_stats(out: dict) -> None:
    if "document" in out:
        d = out["document"]
        print(f"{d['title'] or 'Untitled'}: {d['summary']} ({d['words']:,} words)")
        if "progress" in d:
            p = d["progress"]
            speed = f", {p['chars_per_hour']:,} characters an hour" if p["chars_per_hour"] else ""
            print(f"  read {p['percent']:.0f}% ({p['chars_read']:,} characters) in {_duration(p['seconds'])}{speed}"
                  + (", finished" if p["finished"] else ""))
        print()
    vocab = out["vocabulary"]
    parts = " · ".join(f"{code}: {n:,}" for code, n in vocab.items()) or "none yet"
    print(f"Vocabulary: {out['vocabulary_total']:,} words ({parts})")
    print(f"Added: {out['added_today']} today, {out['added_this_week']} this week")
    r = out["reading"]
    print(f"Reading: {r['chars']:,} characters in {_duration(r['seconds'])}, {r['documents']} text"
          f"{'s' if r['documents'] != 1 else ''} ({r['finished']} finished), streak {r['streak_days']} "
          f"day{'s' if r['streak_days'] != 1 else ''}")
    week = out["daily"][-7:]
    print("Last 7 days: " + "  ".join(f"{d['day'][5:]} {d['chars']:,}" for d in week))
