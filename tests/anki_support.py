"""Real Anki for the tests: empty collections, Anki's own importers, and a local AnkiConnect stand-in.

The stand-in speaks AnkiConnect's JSON protocol (version 6: POST
{"action", "version", "params"}, reply {"result", "error"}) for the actions
Shiori uses, and keeps the notes in a real `anki` collection, so what a
test reads back is what Anki itself stored. It binds to 127.0.0.1 on a free
port and shuts itself down after a minute at most.
"""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Iterator

from anki.collection import Collection, ImportAnkiPackageRequest, ImportCsvRequest
from anki.notes import Note

from app.core.vocabulary import Context
from app.core.words import Status, WordKey

# ---------------------------------------------------------------------------
# Collections and Anki's importers
# ---------------------------------------------------------------------------


def new_collection(folder: Path) -> Collection:
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def import_apkg(col: Collection, path: Path):
    """Import as Anki's File > Import does, with its default options (update notes if newer)."""
    options = col._backend.get_import_anki_package_presets()
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options))


def import_tsv(col: Collection, path: Path):
    """Import a notes text file as Anki's text importer does, with what its header lines say."""
    metadata = col.get_csv_metadata(str(path), None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))


def notes_by_expression(col: Collection) -> dict[str, Note]:
    return {col.get_note(nid)["Expression"]: col.get_note(nid) for nid in col.find_notes("")}


def create_model(col: Collection, name: str, fields: list[str], templates: list[dict], css: str | None) -> dict:
    """A note type as AnkiConnect's createModel makes one."""
    mm = col.models
    model = mm.new(name)
    for f in fields:
        mm.add_field(model, mm.new_field(f))
    if css is not None:
        model["css"] = css
    for i, t in enumerate(templates, 1):
        tmpl = mm.new_template(t.get("Name", f"Card {i}"))
        tmpl["qfmt"], tmpl["afmt"] = t["Front"], t["Back"]
        mm.add_template(model, tmpl)
    mm.add(model)
    return model


def create_shiori_notetype(col: Collection, deck: str = "Shiori") -> None:
    """What a learner has after one .apkg import or one Send to Anki: Shiori's note type and its deck."""
    from app.core.export import FIELD_NAMES, MODEL_NAME, templates

    front, back, css = templates()
    create_model(col, MODEL_NAME, list(FIELD_NAMES), [{"Name": "Recognition", "Front": front, "Back": back}], css)
    col.decks.id(deck)


# ---------------------------------------------------------------------------
# A vocabulary with awkward text
# ---------------------------------------------------------------------------

AWKWARD_NOTES = 'a, "b"\tc\nd <e> & f'
AWKWARD_GLOSS = 'to fall, "into"\ta <hole> & such'
AWKWARD_TITLE = 'Tom & "Jerry" <1>, 2'
AWKWARD_SENTENCE = '彼は「A&B」<x>, "罠"に陥った。'


def fill_vocabulary(context) -> None:
    """陥る (status 3, awkward gloss, notes and sentence), 猫 (known), 犬 (ignored), 難しい (1, no sentence)."""
    context.library.open_document("doc-awkward", AWKWARD_TITLE, "Author, A.")
    context.library.open_document("doc-cat", "猫の話", "")
    vocab = context.vocabulary
    fall = WordKey("陥る", "おちいる")
    vocab.add(fall, entry_id=1216120, gloss=AWKWARD_GLOSS, status=Status.LEARNING_3,
              context=Context(AWKWARD_SENTENCE, "doc-awkward", 0, 14))
    vocab.set_notes(fall, AWKWARD_NOTES)
    vocab.add(WordKey("猫", "ねこ"), gloss="cat", status=Status.KNOWN,
              context=Context("猫が好きです。", "doc-cat", 0, 0))
    vocab.add(WordKey("犬", "いぬ"), gloss="dog", status=Status.IGNORED)
    vocab.add(WordKey("難しい", "むずかしい"), status=Status.NEW)


# ---------------------------------------------------------------------------
# AnkiConnect, played by a local server over a real collection
# ---------------------------------------------------------------------------


class AnkiConnectStandIn:
    """The actions of AnkiConnect (version 6) Shiori uses, over *col*; *requests* records every action asked."""

    def __init__(self, col: Collection) -> None:
        self.col = col
        self.requests: list[str] = []

    def handle(self, body: dict) -> dict:
        action = body.get("action", "")
        self.requests.append(action)
        try:
            method = getattr(self, "do_" + action, None)
            if method is None:
                raise Exception("unsupported action")
            result = method(**body.get("params", {}))
        except Exception as e:  # AnkiConnect puts every failure in "error"
            return {"result": None, "error": str(e)}
        return {"result": result, "error": None}

    def do_version(self):
        return 6

    def do_deckNames(self):
        return [d.name for d in self.col.decks.all_names_and_ids()]

    def do_createDeck(self, deck):
        return self.col.decks.id(deck)

    def do_modelNames(self):
        return [m.name for m in self.col.models.all_names_and_ids()]

    def do_createModel(self, modelName, inOrderFields, cardTemplates, css=None, isCloze=False):
        if modelName in self.do_modelNames():
            raise Exception("Model name already exists")
        return create_model(self.col, modelName, inOrderFields, cardTemplates, css)

    def do_addNote(self, note):
        model = self.col.models.by_name(note["modelName"])
        if model is None:
            raise Exception(f"model was not found: {note['modelName']}")
        deck = self.col.decks.by_name(note["deckName"])
        if deck is None:
            raise Exception(f"deck was not found: {note['deckName']}")
        anki_note = Note(self.col, model)
        for name, value in note["fields"].items():
            anki_note[name] = value
        anki_note.tags = list(note.get("tags", []))
        if not note.get("options", {}).get("allowDuplicate") and anki_note.fields_check() == 2:
            raise Exception("cannot create note because it is a duplicate")
        self.col.add_note(anki_note, deck["id"])
        return anki_note.id

    def do_findNotes(self, query):
        return [int(n) for n in self.col.find_notes(query)]

    def do_updateNoteFields(self, note):
        anki_note = self.col.get_note(note["id"])
        for name, value in note["fields"].items():
            if name in anki_note:
                anki_note[name] = value
        self.col.update_note(anki_note)
        return None

    def do_addTags(self, notes, tags):
        self.col.tags.bulk_add(notes, tags)

    def do_removeTags(self, notes, tags):
        self.col.tags.bulk_remove(notes, tags)


def _handler(answer):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            status, content_type, body = answer(self.rfile.read(length))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # quiet
            pass

    return Handler


@contextmanager
def local_server(answer, lifetime: float = 60.0) -> Iterator[int]:
    """An HTTP server on 127.0.0.1 (a free port, yielded) answering each POST with answer(body) -> (status, type, bytes).

    One thread serves requests one at a time (the collection is used from it
    alone); it stops when the block ends, or after *lifetime* seconds.
    """
    server = HTTPServer(("127.0.0.1", 0), _handler(answer))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    watchdog = threading.Timer(lifetime, server.shutdown)
    watchdog.daemon = True
    thread.start()
    watchdog.start()
    try:
        yield server.server_address[1]
    finally:
        watchdog.cancel()
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextmanager
def anki_connect_server(col: Collection) -> Iterator[tuple[int, AnkiConnectStandIn]]:
    stand_in = AnkiConnectStandIn(col)

    def answer(raw: bytes):
        if not raw:
            return 200, "text/plain", b"AnkiConnect v.6"
        return 200, "application/json", json.dumps(stand_in.handle(json.loads(raw))).encode("utf-8")

    with local_server(answer) as port:
        yield port, stand_in
