"""Reading an input file safely: existence, size, type sniffing, text decoding.

Every importer reads through here, so every kind of bad input gets the same one-line
answer (ImportFormatError) before any parser sees the bytes.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from cxeditor.errors import ImportFormatError
from cxeditor.i18n import _

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
# A .docx inflates a lot, but an article never needs more than this uncompressed.
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024

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


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing what no article can be (missing, folder, empty, huge)."""
    if not path.exists():
        raise ImportFormatError(_("{path}: no such file").format(path=path))
    if path.is_dir():
        raise ImportFormatError(_("{path} is a folder, not an article file").format(path=path))
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ImportFormatError(
                _("{name} is {size}; articles up to {limit} can be imported").format(
                    name=path.name, size=describe_size(size), limit=describe_size(MAX_ARTICLE_BYTES)
                )
            )
        data = path.read_bytes()
    except OSError as error:
        raise ImportFormatError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from error
    if not data.strip():
        raise ImportFormatError(_("{name} is empty").format(name=path.name))
    return data


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


def decode_text(path: Path, data: bytes, *, declared: str | None = None) -> str:
    """Decode with a BOM if any, else the declared encoding (HTML), else strict UTF-8."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode(path, data, encoding)
    return _decode(path, data, declared or "utf-8")


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


def open_docx_zip(path: Path, data: bytes) -> None:
    """Refuse a .docx that is not a Word zip, or that would inflate absurdly (zip bomb)."""
    import io  # noqa: PLC0415 - only for .docx

    if not data.startswith(b"PK\x03\x04"):
        raise ImportFormatError(_("{name} is not a Word document (.docx)").format(name=path.name))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise ImportFormatError(
            _("{name} is a damaged .docx file").format(name=path.name)
        ) from error
    if "word/document.xml" not in names:
        raise ImportFormatError(
            _("{name} is a zip file but not a Word document").format(name=path.name)
        )
    if total > MAX_DOCX_UNCOMPRESSED:
        raise ImportFormatError(
            _("{name} would expand to {size}; refusing it").format(
                name=path.name, size=describe_size(total)
            )
        )
