"""Send to Anki: notes added to the running Anki through its AnkiConnect add-on, as Yomitan and Lute do.

AnkiConnect listens on 127.0.0.1:8765 and answers POSTed JSON
``{"action", "version", "params"}`` with ``{"result", "error"}``. This is the
only place Shiori opens a network connection, only to this computer, and
only when the reader asks for a word to be sent. Sending creates Shiori's
note type and the deck when Anki lacks them, and updates the note of a word
already in Anki instead of adding a second one.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from .export.anki_deck import CARD_NAME, DEFAULT_DECK, MODEL_NAME, clean_deck_name, templates
from .export.notes import ALL_STATUS_TAGS, FIELD_NAMES, NoteBuilder, NoteFields
from .words import WordKey

log = logging.getLogger(__name__)

__all__ = ["AnkiConnect", "AnkiConnectError", "AnkiNotRunning", "NotAnkiConnect", "SendResult", "send_to_anki",
           "send_notes", "DEFAULT_PORT", "ADDON_CODE"]

DEFAULT_PORT = 8765
API_VERSION = 6
ADDON_CODE = "2055492159"  # AnkiConnect's code in Anki's add-on list
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class AnkiConnectError(Exception):
    """Anki could not take the note; the message is one sentence for the reader."""


class AnkiNotRunning(AnkiConnectError):
    """Nothing listens on AnkiConnect's port."""


class NotAnkiConnect(AnkiConnectError):
    """Something answers on the port, but not as AnkiConnect does."""


@dataclass(frozen=True)
class SendResult:
    key: WordKey
    note_id: int
    added: bool  # False: the note was there and was updated


class AnkiConnect:
    """A client of AnkiConnect on this computer.

    *key*: AnkiConnect's optional API key, when the reader set one in the
    add-on's configuration.
    """

    def __init__(self, port: int = DEFAULT_PORT, host: str = "127.0.0.1", timeout: float = 10.0,
                 key: str | None = None) -> None:
        if host not in _LOOPBACK:  # Anki runs on the reader's own computer; nothing else is ever asked
            raise ValueError(f"AnkiConnect is only reached on this computer, not on {host}")
        self.host, self.port, self.timeout, self.key = host, port, timeout, key
        self._checked = False

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def request(self, action: str, **params: Any) -> Any:
        """One action; its result, or AnkiConnectError with a sentence saying what went wrong."""
        payload: dict[str, Any] = {"action": action, "version": API_VERSION, "params": params}
        if self.key:
            payload["key"] = self.key
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request("POST", "/", body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            status, raw = response.status, response.read()
        except ConnectionRefusedError:
            raise AnkiNotRunning(
                "Anki is not running, or its AnkiConnect add-on is not installed: start Anki with AnkiConnect "
                f"(add-on code {ADDON_CODE}) and try again.") from None
        except socket.timeout:
            raise AnkiConnectError(
                f"Anki did not answer within {self.timeout:g} seconds: close any dialog open in Anki and "
                f"try again.") from None
        except (OSError, http.client.HTTPException) as e:
            raise NotAnkiConnect(f"The program on {self.address} does not answer as AnkiConnect does ({e}); "
                                 f"is it Anki with AnkiConnect?") from None
        finally:
            conn.close()
        try:
            reply = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            reply = None
        if status == 403:
            raise AnkiConnectError("AnkiConnect refused Shiori: allow it in the add-on's configuration in Anki.")
        if not isinstance(reply, dict) or set(reply) != {"result", "error"}:
            raise NotAnkiConnect(
                f"Something other than AnkiConnect answers on {self.address}: install AnkiConnect in Anki "
                f"(add-on code {ADDON_CODE}), or close the program that uses that port.")
        if reply["error"] is not None:
            message = str(reply["error"])
            if "api key" in message.lower():
                raise AnkiConnectError("AnkiConnect asks for an API key: enter the key set in the add-on's "
                                       "configuration.")
            raise AnkiConnectError(f"Anki refused “{action}”: {message}.")
        return reply["result"]

    # -- the actions Shiori uses ----------------------------------------------------

    def check(self) -> int:
        """AnkiConnect's API version; AnkiConnectError if it is missing or too old for Shiori."""
        try:
            version = self.request("version")
        except AnkiConnectError as e:
            if isinstance(e, (AnkiNotRunning, NotAnkiConnect)):
                raise
            raise NotAnkiConnect(f"The program on {self.address} does not know AnkiConnect's actions: install "
                                 f"AnkiConnect in Anki (add-on code {ADDON_CODE}).") from None
        if not isinstance(version, int) or version < API_VERSION:
            raise AnkiConnectError(f"The AnkiConnect in Anki is too old (version {version}); update the add-on "
                                   f"(Tools > Add-ons > Check for Updates).")
        self._checked = True
        return version

    def ensure_model(self) -> bool:
        """Create Shiori's note type in Anki if it has none; True when it was created."""
        if MODEL_NAME in (self.request("modelNames") or []):
            return False
        front, back, css = templates()
        self.request("createModel", modelName=MODEL_NAME, inOrderFields=list(FIELD_NAMES), css=css, isCloze=False,
                     cardTemplates=[{"Name": CARD_NAME, "Front": front, "Back": back}])
        return True

    def ensure_deck(self, deck: str) -> bool:
        if deck in (self.request("deckNames") or []):
            return False
        self.request("createDeck", deck=deck)
        return True

    def find_note(self, note: NoteFields) -> int | None:
        """The note of this word already in Anki (Shiori note type, same Expression and Reading)."""
        query = " ".join(_search_term(f"{name}:{value}") for name, value in
                         (("note", MODEL_NAME), ("Expression", note.expression), ("Reading", note.reading)))
        found = self.request("findNotes", query=query) or []
        return int(found[0]) if found else None

    def put_note(self, note: NoteFields, deck: str) -> SendResult:
        """Add the note, or update the fields and status tag of the one already there."""
        existing = self.find_note(note)
        if existing is not None:
            self.request("updateNoteFields", note={"id": existing, "fields": note.as_dict()})
            stale = [t for t in ALL_STATUS_TAGS if t not in note.tags]
            self.request("removeTags", notes=[existing], tags=" ".join(stale))
            self.request("addTags", notes=[existing], tags=" ".join(note.tags))
            return SendResult(note.key, existing, False)
        note_id = self.request("addNote", note={
            "deckName": deck, "modelName": MODEL_NAME, "fields": note.as_dict(), "tags": list(note.tags),
            # the search above found no note of this word: one with the same Expression
            # is a homograph (辛い read からい and つらい), a word of its own
            "options": {"allowDuplicate": True},
        })
        return SendResult(note.key, int(note_id), True)


def _search_term(text: str) -> str:
    """One term of Anki's search syntax, quoted, matching *text* literally (no wildcards)."""
    name, _, value = text.partition(":")
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("*", "\\*").replace("_", "\\_")
    return f'"{name}:{escaped}"'


def send_notes(notes: Sequence[NoteFields], deck: str = DEFAULT_DECK, client: AnkiConnect | None = None
               ) -> list[SendResult]:
    """Send ready notes; AnkiConnectError (a sentence) when Anki cannot take them."""
    client = client or AnkiConnect()
    deck = clean_deck_name(deck)
    client.check()
    client.ensure_model()
    client.ensure_deck(deck)
    results = [client.put_note(n, deck) for n in notes]
    log.info("sent %d notes to Anki (%d new)", len(results), sum(r.added for r in results))
    return results


def send_to_anki(context, keys: Iterable[WordKey], deck: str = DEFAULT_DECK, client: AnkiConnect | None = None
                 ) -> list[SendResult]:
    """"Send to Anki" for saved words (the popup's and the sidebar's button): one note each, added or updated.

    Words not in the vocabulary are skipped. Raises AnkiConnectError with a
    sentence for the reader (Anki not running, add-on missing, a refusal).
    """
    vocab = context.vocabulary
    words = [w for w in (vocab.word(k) for k in dict.fromkeys(keys)) if w is not None]
    builder = NoteBuilder(context.dictionary)
    return send_notes([builder.build(w) for w in words], deck, client)
