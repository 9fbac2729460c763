"""EPUB books: the chapters of the spine, in reading order, read as HTML.

A ZIP archive can claim any size and XML can expand entities without end, so
every entry is size-checked before it is unpacked and entity declarations are
refused: a hostile book must fail with a sentence, not exhaust memory.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote
from xml.etree import ElementTree as ET

from . import html
from .encoding import decode
from .model import DocumentError, Parsed, Progress, describe_size

# A ZIP entry can claim any size; these keep a hostile EPUB (a "zip bomb")
# from exhausting memory before we notice.  Read at call time, so a test can
# lower them here.
MAX_EPUB_ENTRY_BYTES = 50 * 1024 * 1024
MAX_EPUB_TOTAL_BYTES = 200 * 1024 * 1024

_XHTML_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml", "text/xml"})


def _epub_read(zf: zipfile.ZipFile, member: str, name: str) -> bytes:
    try:
        info = zf.getinfo(member)
    except KeyError:
        raise DocumentError(f"{name}: this EPUB book is damaged: {member} is missing.") from None
    if info.file_size > MAX_EPUB_ENTRY_BYTES:
        raise DocumentError(
            f"{name}: this EPUB book is too large to open safely ({member} unpacks to "
            f"{describe_size(info.file_size)}, more than the {describe_size(MAX_EPUB_ENTRY_BYTES)} "
            "Shiori unpacks from one part of a book)."
        )
    try:
        with zf.open(info) as handle:
            data = handle.read(MAX_EPUB_ENTRY_BYTES + 1)
    except RuntimeError as e:  # zipfile's way of saying "encrypted"
        raise DocumentError(
            f"{name}: this EPUB book is password-protected, so Shiori cannot read it."
        ) from e
    except Exception as e:  # BadZipFile, zlib.error, EOFError, struct.error…
        raise DocumentError(
            f"{name}: this EPUB book is damaged: {member} cannot be unpacked."
        ) from e
    if len(data) > MAX_EPUB_ENTRY_BYTES:  # its size in the archive was a lie
        raise DocumentError(
            f"{name}: this EPUB book is too large to open safely ({member} unpacks to more "
            f"than the {describe_size(MAX_EPUB_ENTRY_BYTES)} Shiori unpacks from one part "
            "of a book)."
        )
    return data


def _epub_xml(data: bytes, member: str, name: str) -> ET.Element:
    # Entity declarations are how "billion laughs" XML bombs work; EPUB
    # metadata never needs them.
    if b"<!ENTITY" in data:
        raise DocumentError(f"{name}: this EPUB book is damaged: {member} is not valid XML.")
    try:
        return ET.fromstring(data)
    except (ET.ParseError, ValueError, LookupError) as e:  # bad syntax or bad encoding name
        raise DocumentError(f"{name}: this EPUB book is damaged: {member} is not valid XML.") from e


def _local(tag: object) -> str:
    """Element name without its namespace: real-world OPFs get namespaces wrong."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _epub_text(elem: ET.Element | None) -> str | None:
    if elem is None:
        return None
    text = re.sub(r"\s+", " ", "".join(elem.itertext())).strip()
    return text or None


def parse(zf: zipfile.ZipFile, name: str, progress: Progress | None = None) -> Parsed:
    """The book's chapters in spine order, with the title and author of its package file.

    *progress* hears of every chapter: (chapters read, chapters in the spine).
    """
    progress = progress or Progress()
    infos = zf.infolist()
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_EPUB_TOTAL_BYTES:
        raise DocumentError(
            f"{name}: this EPUB book is too large to open safely (it unpacks to "
            f"{describe_size(unpacked)}, more than the {describe_size(MAX_EPUB_TOTAL_BYTES)} "
            "Shiori unpacks from one book)."
        )
    names = {i.filename for i in infos}
    if "META-INF/container.xml" not in names:
        raise DocumentError(
            f"{name}: this EPUB book is damaged: META-INF/container.xml, "
            "which says where the book's contents are, is missing."
        )
    container = _epub_xml(_epub_read(zf, "META-INF/container.xml", name), "container.xml", name)
    rootfile = next((e for e in container.iter() if _local(e.tag) == "rootfile"), None)
    opf_path = rootfile.get("full-path") if rootfile is not None else None
    if not opf_path:
        raise DocumentError(
            f"{name}: this EPUB book is damaged: its container.xml does not name a package file."
        )
    opf_path = posixpath.normpath(unquote(opf_path).lstrip("/"))
    if opf_path not in names:
        raise DocumentError(
            f"{name}: this EPUB book is damaged: its package file {opf_path} is missing."
        )
    opf = _epub_xml(_epub_read(zf, opf_path, name), opf_path, name)
    opf_dir = posixpath.dirname(opf_path)

    metadata = next((e for e in opf.iter() if _local(e.tag) == "metadata"), opf)
    title = _epub_text(next((e for e in metadata.iter() if _local(e.tag) == "title"), None))
    author = _epub_text(next((e for e in metadata.iter() if _local(e.tag) == "creator"), None))

    manifest: dict[str, tuple[str, str, bool]] = {}
    for item in (e for e in opf.iter() if _local(e.tag) == "item"):
        item_id, href = item.get("id"), item.get("href")
        if item_id and href:
            path = _epub_href(opf_dir, href, names)
            is_nav = "nav" in (item.get("properties") or "").split()
            manifest[item_id] = (path, (item.get("media-type") or "").lower(), is_nav)

    # The table of contents and other non-linear pages (notes, pop-ups) are
    # in the spine for navigation, not for reading straight through; they are
    # read only if the book has nothing else.
    spine = [e for e in opf.iter() if _local(e.tag) == "itemref"]
    main = [e for e in spine if not _epub_aside(e, manifest)]
    archive = _Archive(zf, names, manifest, _epub_encrypted(zf, names, name), name)
    book = _read_spine(archive, main, progress, 0, len(main))
    if len(main) < len(spine) and not book.has_text():
        # Rare (a book of nothing but navigation pages): the second pass counts
        # on from the first, so `done` never goes back.
        book = _read_spine(archive, spine, progress, len(main), len(main) + len(spine))
    book.title, book.author = title, author
    return book


def _epub_href(opf_dir: str, href: str, names: set[str]) -> str:
    """The archive path a manifest href points to."""
    href = unquote(href.split("#", 1)[0])
    if href.startswith("/"):
        # Meant from the archive root; some tools mean the package folder.
        rooted = posixpath.normpath(href.lstrip("/"))
        relative = posixpath.normpath(posixpath.join(opf_dir, href.lstrip("/")))
        return relative if rooted not in names and relative in names else rooted
    return posixpath.normpath(posixpath.join(opf_dir, href))


def _epub_aside(itemref: ET.Element, manifest: dict[str, tuple[str, str, bool]]) -> bool:
    """True for a spine entry that is not part of the reading order proper."""
    if (itemref.get("linear") or "").strip().lower() == "no":
        return True
    item = manifest.get(itemref.get("idref") or "")
    return item is not None and item[2]


@dataclass(slots=True)
class _Archive:
    """What reading a chapter needs to know about the book it is in."""

    zf: zipfile.ZipFile
    names: set[str]
    manifest: dict[str, tuple[str, str, bool]]  # id -> (path, media type, is the nav page)
    encrypted: set[str]
    name: str  # the book's path, for messages

    def chapter(self, itemref: ET.Element) -> Parsed | None:
        """One entry of the spine, read as HTML; None for a page with nothing to read."""
        name = self.name
        idref = itemref.get("idref") or ""
        if idref not in self.manifest:
            raise DocumentError(
                f"{name}: this EPUB book is damaged: the chapter “{idref}” "
                "listed in its reading order is missing."
            )
        path, media_type, _ = self.manifest[idref]
        if media_type and media_type not in _XHTML_TYPES:
            return None  # an image page or similar
        if path not in self.names:
            raise DocumentError(
                f"{name}: this EPUB book is damaged: the chapter {path} "
                "listed in its reading order is missing."
            )
        if path in self.encrypted:
            raise DocumentError(
                f"{name}: this EPUB book is protected by DRM (copy protection), "
                "so Shiori cannot read its text."
            )
        text, _ = decode(_epub_read(self.zf, path, name), f"{name} ({path})")
        return html.parse(text, name)


def _read_spine(
    archive: _Archive, itemrefs: list[ET.Element], progress: Progress, done: int, total: int
) -> Parsed:
    book = Parsed("epub")
    progress(done, total)
    for number, itemref in enumerate(itemrefs, done + 1):
        chapter = archive.chapter(itemref)
        if chapter is not None:
            book.extend(chapter)
        progress(number, total)
    return book


def _epub_encrypted(zf: zipfile.ZipFile, names: set[str], name: str) -> set[str]:
    """Paths the book encrypts; fonts are often obfuscated, text only under DRM."""
    if "META-INF/encryption.xml" not in names:
        return set()
    try:
        root = _epub_xml(_epub_read(zf, "META-INF/encryption.xml", name), "encryption.xml", name)
    except DocumentError:
        return set()
    paths = set()
    for elem in root.iter():
        if _local(elem.tag) == "CipherReference" and elem.get("URI"):
            paths.add(posixpath.normpath(unquote(elem.get("URI", "")).lstrip("/")))
    return paths


def is_epub(zf: zipfile.ZipFile) -> bool:
    names = set(zf.namelist())
    if "META-INF/container.xml" in names:
        return True
    if "mimetype" in names:
        try:
            info = zf.getinfo("mimetype")
            if info.file_size < 100:
                return zf.read("mimetype").strip() == b"application/epub+zip"
        except Exception:
            return False
    return False
