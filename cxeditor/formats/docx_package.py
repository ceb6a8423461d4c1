"""Opening a Word file safely: every part inflated here, under a cap, before python-docx.

A zip's headers say how big each part is, but an attacker writes the headers: a part
that declares 10 KB may inflate to gigabytes, and zipfile's `read()` inflates up to
2 GB in one call before it truncates to the declared size. So each XML part is read
here in bounded chunks, counting what is really decompressed; sizes and CRCs are
checked; and python-docx gets a stored (uncompressed) copy that cannot expand again.
Pictures and other binary parts are replaced by empty ones: no importer needs them.
"""

from __future__ import annotations

import copy
import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from cxeditor.errors import ImportFormatError
from cxeditor.formats.reading import describe_size, read_bytes
from cxeditor.i18n import _

# What the importer gets through in seconds and bounded memory: python-docx holds the
# whole XML tree, and bench/bench_docx_limits.py measured `cxeditor new` on 11 MB of
# document.xml at 7 s and 195 MB peak (1 MB: 0.7 s, 51 MB). An article's text part is
# rarely 1 MB; past the cap the refusal takes a fraction of a second.
MAX_DOCX_XML = 12 * 1024 * 1024
MAX_DOCX_PARTS = 5000
_CHUNK = 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels")


def _damaged(path: Path, reason: str) -> ImportFormatError:
    return ImportFormatError(
        _("{name} is a damaged Word document ({reason})").format(name=path.name, reason=reason)
    )


def _too_big(path: Path, size: int) -> ImportFormatError:
    return ImportFormatError(
        _(
            "{name} holds more than {size} of text (XML); .docx articles up to {limit} "
            "can be imported (save a shorter document, or as .txt or .html)"
        ).format(name=path.name, size=describe_size(size), limit=describe_size(MAX_DOCX_XML))
    )


def _inflate(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """The part's bytes, inflating at most 1 MB past what its header declares or what is
    left of the budget."""
    if info.flag_bits & 0x1:
        raise _damaged(path, _("{part} is encrypted").format(part=info.filename))
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # Word writes only these; bzip2 and LZMA would inflate without a bound per call.
        raise _damaged(path, _("{part} uses an unknown compression").format(part=info.filename))
    # zipfile stops at the declared size (after inflating up to 2 GB in one call, for a
    # plain read()); read in chunks past it instead, to see what is really there.
    probe = copy.copy(info)
    probe.file_size = min(info.file_size, budget) + 2 * _CHUNK
    chunks = []
    total = 0
    with archive.open(probe) as member:
        while chunk := member.read(_CHUNK):
            total += len(chunk)
            if total > info.file_size:
                raise _damaged(
                    path,
                    _("{part} declares {declared} bytes but holds more").format(
                        part=info.filename, declared=info.file_size
                    ),
                )
            if total > budget:
                raise _too_big(path, MAX_DOCX_XML - budget + total)
            chunks.append(chunk)
    if total != info.file_size:
        raise _damaged(
            path,
            _("{part} declares {declared} bytes but holds {actual}").format(
                part=info.filename, declared=info.file_size, actual=total
            ),
        )
    return b"".join(chunks)


def verified_package(path: Path, data: bytes) -> bytes:
    """A stored copy of the .docx in `data`, every XML part inflated and checked."""
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFormatError(_("{name} is not a Word document (.docx)").format(name=path.name))
    budget = MAX_DOCX_XML
    output = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            if "word/document.xml" not in names:
                raise ImportFormatError(
                    _("{name} is a zip file but not a Word document").format(name=path.name)
                )
            if len(infos) > MAX_DOCX_PARTS or len(set(names)) != len(names):
                raise _damaged(path, _("its zip directory is not a Word document's"))
            declared = sum(i.file_size for i in infos if i.filename.lower().endswith(_XML_SUFFIXES))
            if declared > MAX_DOCX_XML:  # an honest bomb says so itself
                raise _too_big(path, declared)
            with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as copy_archive:
                for info in infos:
                    if info.is_dir():
                        continue
                    if info.filename.lower().endswith(_XML_SUFFIXES):
                        content = _inflate(path, archive, info, budget)
                        budget -= len(content)
                    else:
                        content = b""
                    copy_archive.writestr(info.filename, content)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as error:
        reason = str(error) or type(error).__name__
        raise _damaged(path, reason) from error
    return output.getvalue()


def open_word_document(path: Path) -> Any:
    """The python-docx Document of the .docx at `path`, or one clear ImportFormatError."""
    import docx  # noqa: PLC0415 - python-docx loads only for .docx files
    from docx.opc.exceptions import PackageNotFoundError  # noqa: PLC0415

    package = verified_package(path, read_bytes(path))
    try:
        return docx.Document(io.BytesIO(package))
    except (PackageNotFoundError, KeyError, ValueError, SyntaxError, zipfile.BadZipFile) as error:
        raise _damaged(path, str(error) or type(error).__name__) from error
