"""Reading an input file safely: existence, size, type sniffing, text decoding.

Every importer reads through here, so every kind of bad input gets the same one-line
answer (ImportFormatError) before any parser sees the bytes.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from cxeditor.errors import ImportFormatError
from cxeditor.i18n import _

if TYPE_CHECKING:
    from lxml import etree

MAX_ARTICLE_BYTES = 20 * 1024 * 1024

# Magic numbers of formats people rename by accident.
_FOREIGN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\xd0\xcf\x11\xe0", "old Office (.doc/.xls)"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"\x1f\x8b", "gzip"),
    (b"{\\rtf", "RTF"),
)


def describe_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def require_regular_file(path: Path) -> os.stat_result:
    """Refuse, before opening it, what is not an ordinary file: reading a FIFO blocks
    forever, a device never ends (/dev/zero), a folder is no article."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImportFormatError(_("{path}: no such file").format(path=path)) from None
    except OSError as error:
        raise ImportFormatError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from error
    if stat.S_ISDIR(info.st_mode):
        raise ImportFormatError(_("{path} is a folder, not an article file").format(path=path))
    if not stat.S_ISREG(info.st_mode):
        raise ImportFormatError(
            _("{path} is not a regular file (a FIFO, a device or a socket)").format(path=path)
        )
    return info


def _too_large(path: Path, size: int) -> ImportFormatError:
    return ImportFormatError(
        _("{name} is {size}; articles up to {limit} can be imported").format(
            name=path.name, size=describe_size(size), limit=describe_size(MAX_ARTICLE_BYTES)
        )
    )


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing what no article can be (missing, folder, FIFO or
    device, empty, huge)."""
    info = require_regular_file(path)
    if info.st_size > MAX_ARTICLE_BYTES:
        raise _too_large(path, info.st_size)
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it
        # does not block, and fstat tells.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ImportFormatError(
                    _("{path} is not a regular file (a FIFO, a device or a socket)").format(
                        path=path
                    )
                )
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as error:
        raise ImportFormatError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from error
    if len(data) > MAX_ARTICLE_BYTES:  # it grew while we looked
        raise _too_large(path, len(data))
    if not data.strip():
        raise ImportFormatError(_("{name} is empty").format(name=path.name))
    return data


def read_xml(path: Path, unreadable: str, *, allow_doctype: bool = True) -> etree._Element:
    """The file as an XML tree, nothing in it resolved or fetched: a file that declares
    entities (or, unless allowed, any DOCTYPE) is refused before the parser sees it.
    `unreadable` is the translated message for a syntax error, formatted with {name}
    and, if it has one, {reason}."""
    from lxml import etree  # noqa: PLC0415 - a text import need not load lxml

    data = read_bytes(path)
    if b"<!ENTITY" in data or (not allow_doctype and b"<!DOCTYPE" in data[:4096]):
        # Entity expansion and external entities have no place in our exchange files.
        raise ImportFormatError(
            _("{name} declares XML entities; refusing it").format(name=path.name)
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ImportFormatError(
            unreadable.format(
                name=path.name, reason=str(error).splitlines()[0] if str(error) else "syntax"
            )
        ) from error


def refuse_foreign_binary(path: Path, data: bytes, expected: str) -> None:
    """A PDF or image renamed .html/.txt: say what it really is."""
    for magic, kind in _FOREIGN_MAGIC:
        if data.startswith(magic):
            raise ImportFormatError(
                _("{name} is not {expected} (it looks like a {kind} file)").format(
                    name=path.name, expected=expected, kind=kind
                )
            )
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFormatError(
            _("{name} is not {expected} (it contains binary data)").format(
                name=path.name, expected=expected
            )
        )


# Korean encodings charset-normalizer may name, as a user knows them.
KOREAN_ENCODINGS = {
    "cp949": "CP949",
    "euc_kr": "EUC-KR",
    "johab": "Johab",
    "iso2022_kr": "ISO-2022-KR",
}
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def decode_text(
    path: Path, data: bytes, *, declared: str | None = None, notices: list[str] | None = None
) -> str:
    """Decode with a BOM if any, else the declared encoding (HTML), else strict UTF-8;
    a Korean file in a legacy encoding (CP949, EUC-KR) is detected and read, and a
    line saying so is added to `notices`."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _refuse_nul(path, _decode(path, data, encoding))
    try:
        return _refuse_nul(path, _decode(path, data, declared or "utf-8"))
    except ImportFormatError:
        if declared not in (None, "utf-8", "utf8"):
            raise
        found = _detect_korean(data)
        if found is None:
            raise
    encoding, text = found
    if notices is not None:
        notices.append(
            _("{name} is not UTF-8: it was read as Korean {encoding}").format(
                name=path.name, encoding=encoding
            )
        )
    return _refuse_nul(path, text.replace("\r\n", "\n").replace("\r", "\n"))


def _detect_korean(data: bytes) -> tuple[str, str] | None:
    """(the encoding's name, the text) when `data` is Korean text in a legacy encoding.

    charset-normalizer ranks the candidates; short texts can rank Big5 first, so any
    Korean candidate whose text is mostly Hangul is taken."""
    try:
        from charset_normalizer import from_bytes  # noqa: PLC0415 - only for non-UTF-8
    except ImportError:
        return None
    for match in from_bytes(data):
        if match.encoding not in KOREAN_ENCODINGS:
            continue
        try:
            text = data.decode(match.encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        letters = [c for c in text if c.isalpha() and ord(c) > 127]
        if letters and sum(1 for c in letters if _HANGUL.match(c)) >= 0.8 * len(letters):
            # Every EUC-KR file is also CP949 (its extension): name the smaller one that fits.
            name = KOREAN_ENCODINGS[match.encoding]
            if match.encoding == "cp949" and _decodes(data, "euc_kr"):
                name = "EUC-KR"
            return name, text
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _refuse_nul(path: Path, text: str) -> str:
    """A NUL anywhere in a text (not only in the first 4 KB the binary sniff looks at)."""
    position = text.find("\x00")
    if position >= 0:
        raise ImportFormatError(
            _("{name} contains a NUL character (line {line}); it is not a text file").format(
                name=path.name, line=text.count("\n", 0, position) + 1
            )
        )
    return text


def _decode(path: Path, data: bytes, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportFormatError(
            _(
                "{name} is not valid {encoding} text (bad byte at offset {offset}); "
                "save it as UTF-8 and try again"
            ).format(name=path.name, encoding=encoding.upper(), offset=error.start)
        ) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")
