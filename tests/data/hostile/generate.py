"""The hostile corpus: files built to break cxeditor's input paths (issue 19).

Generated, not stored: a zip bomb or a FIFO has no place in git, and each file is
clearer as the few lines that build it. `python tests/data/hostile/generate.py [FOLDER]`
writes the corpus (default: tests/data/hostile/out/, ignored by git) and prints what
each file attacks; the tests build the same files in a temporary folder.

Every case names the `cxeditor` command a user would feed it to and, for refused
input, a fragment of the one line the command must answer with (exit status 2).
"""

from __future__ import annotations

import io
import os
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MB = 1024 * 1024
# Big enough that the old importer visibly inflated it in one go (hundreds of MB of
# memory), small enough that a regression does not take the machine down with it.
BOMB_BYTES = 600 * MB


# -- a minimal .docx, written byte by byte (the attacks need control of every field) --


@dataclass(frozen=True, slots=True)
class ZipEntry:
    name: str
    data: bytes  # the stored or raw-deflated bytes, as they go into the archive
    size: int  # the uncompressed size the headers declare
    crc: int  # the CRC the headers declare
    deflated: bool = True


def deflated(name: str, content: bytes) -> ZipEntry:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return ZipEntry(name, data, len(content), zlib.crc32(content))


def zip_bytes(entries: list[ZipEntry]) -> bytes:
    out = io.BytesIO()
    central = []
    for entry in entries:
        name = entry.name.encode()
        offset = out.tell()
        method = 8 if entry.deflated else 0
        # version, flags, method, time, date (1980-01-01), CRC, sizes, name length, extra
        common = (20, 0, method, 0, 0x21, entry.crc, len(entry.data), entry.size, len(name), 0)
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", *common) + name + entry.data)
        central.append(struct.pack("<4sH5H3I5H2I", b"PK\x01\x02", 20, *common, 0, 0, 0, 0, offset))
        central[-1] += name
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    count = len(central)
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return out.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/>'
    b"</Relationships>"
)


def paragraph_xml(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def document_xml(body: str, *, doctype: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'{doctype}<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


ARTICLE_BODY = "".join(
    paragraph_xml(text)
    for text in (
        "#CXTweetChat recap: a hostile corpus",
        "Published: 2019-11-21",
        "A1: Customers notice when your #CXTweetChat tag breaks.",
        "— Jane Doe (@janedoe) October 25, 2019",
        "Thanks for joining the chat.",
    )
)


def docx_with(document: bytes | ZipEntry) -> bytes:
    part = document if isinstance(document, ZipEntry) else deflated("word/document.xml", document)
    return zip_bytes(
        [
            deflated("[Content_Types].xml", CONTENT_TYPES),
            deflated("_rels/.rels", PACKAGE_RELS),
            part,
        ]
    )


def repeated_deflate(head: bytes, chunk: bytes, count: int, tail: bytes) -> tuple[bytes, int]:
    """Raw deflate of head + chunk * count + tail, built without compressing it all:
    after a full flush the compressor starts afresh, so each chunk compresses to the
    same bytes. Returns (stream, CRC of the whole)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    return first + block * count + last, zlib.crc32(tail, crc)


# -- the cases ------------------------------------------------------------------------


def underdeclared_bomb() -> bytes:
    """Item 12: headers declare a small, valid document.xml (CRC and all) while the
    deflate stream goes on for hundreds of MB of trailing spaces (still valid XML)."""
    honest = document_xml(ARTICLE_BODY)
    stream, _crc = repeated_deflate(honest, b" " * MB, BOMB_BYTES // MB, b"")
    return docx_with(ZipEntry("word/document.xml", stream, len(honest), zlib.crc32(honest)))


def honest_bomb() -> bytes:
    """Headers tell the truth: 600 MB of spaces after the document."""
    honest = document_xml(ARTICLE_BODY)
    stream, crc = repeated_deflate(honest, b" " * MB, BOMB_BYTES // MB, b"")
    return docx_with(ZipEntry("word/document.xml", stream, len(honest) + BOMB_BYTES, crc))


def huge_document(megabytes: int) -> bytes:
    """Item 13: a document.xml of real paragraphs, `megabytes` MB of them."""
    paragraph = paragraph_xml("A1: Customers notice when your #CXTweetChat tag breaks. " * 3)
    chunk = (paragraph * (MB // len(paragraph))).encode()
    head = document_xml("").split(b"</w:body>")[0]
    stream, crc = repeated_deflate(head, chunk, megabytes, b"</w:body></w:document>")
    size = len(head) + len(chunk) * megabytes + len(b"</w:body></w:document>")
    return docx_with(ZipEntry("word/document.xml", stream, size, crc))


def bad_crc() -> bytes:
    """Item 16: one flipped bit in document.xml's CRC."""
    entry = deflated("word/document.xml", document_xml(ARTICLE_BODY))
    return docx_with(ZipEntry(entry.name, entry.data, entry.size, entry.crc ^ 1))


def nul_in_docx() -> bytes:
    """Item 17: a NUL byte inside a paragraph's text."""
    return docx_with(document_xml(ARTICLE_BODY + paragraph_xml("Hidden\x00byte")))


def entity_in_docx() -> bytes:
    """Item 10: an external entity (never to be resolved) in the middle of a run."""
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
    return docx_with(
        document_xml(ARTICLE_BODY + paragraph_xml("Second &xxe; here."), doctype=doctype)
    )


def not_xml_docx() -> bytes:
    return docx_with(b"\x89PNG this is not XML at all")


def nul_in_tmx() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
        'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="x" '
        'creationtoolversion="1" o-tmf="x"/><body><tu><tuv xml:lang="en"><seg>Hello\x00'
        '</seg></tuv><tuv xml:lang="ko"><seg>안녕</seg></tuv></tu></body></tmx>\n'
    ).encode()


def text_article(extra: str = "") -> str:
    return (
        "#CXTweetChat recap: a hostile corpus\n\nPublished: 2019-11-21\n\n"
        "A1: Customers notice when your #CXTweetChat tag breaks.\n"
        "— Jane Doe (@janedoe) October 25, 2019\n\n"
        f"Thanks for joining the chat.{extra}\n"
    )


def nul_after_4k() -> bytes:
    """Item 9: a NUL byte where the old check (the first 4 KB) did not look."""
    filler = "\n\n".join(f"Paragraph {i} says something harmless about chats." for i in range(120))
    return (text_article() + "\n" + filler + "\n\nA last one with a \x00 inside.\n").encode()


def nul_after_4k_html() -> bytes:
    paragraphs = "".join(f"<p>Paragraph {i} says something harmless.</p>" for i in range(150))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Recap</title></head><body>"
        f"<article><h1>Recap</h1>{paragraphs}<p>A hidden \x00 byte.</p></article></body></html>"
    ).encode()


def paren_author_txt() -> bytes:
    """Item 4: the author's display name has parentheses of its own."""
    return (
        "#CXTweetChat recap\n\nPublished: 2020-01-02\n\n"
        "A1: The body of Jane's tweet must survive.\n"
        "— Jane (CX lead) (@evil) Jan 1, 2020\n\n"
        "A closing paragraph.\n"
    ).encode()


def paren_author_html() -> bytes:
    return (
        b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Recap</title></head><body>"
        b"<article><h1>#CXTweetChat recap</h1><p>Published: 2020-01-02</p>"
        b'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">A1: The body of Jane\'s '
        b"tweet must survive.</p>&mdash; Jane (CX lead) (@evil) "
        b'<a href="https://twitter.com/evil/status/1">January 1, 2020</a></blockquote>'
        b"<p>A closing paragraph.</p></article></body></html>"
    )


HOSTILE_PERMALINKS = (
    "javascript:alert(document.domain)//twitter.com/mallory/status/1",
    "data:text/html,<script>alert(1)</script>/status/1",
    "//evil.example/status/9",
    "https://twitter.com.evil.example/mallory/status/2",
    "https://twitter.com@evil.example/mallory/status/3",
)


def permalinks_html() -> bytes:
    """Item 2: tweet permalinks that would be live script or foreign links."""
    from html import escape  # noqa: PLC0415

    tweets = "".join(
        f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Tweet {i} #CXTweetChat</p>'
        f'&mdash; Mallory (@mallory) <a href="{escape(url)}">January {i + 1}, 2020</a>'
        "</blockquote>"
        for i, url in enumerate(HOSTILE_PERMALINKS)
    )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Recap</title></head><body>"
        f"<article><h1>#CXTweetChat recap</h1><p>An introduction.</p>{tweets}"
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">A good one</p>&mdash; '
        'Jane (@janedoe) <a href="https://twitter.com/janedoe/status/42?ref_src=twsrc">'
        "January 9, 2020</a></blockquote></article></body></html>"
    ).encode()


def permalinks_txt() -> bytes:
    return (
        "#CXTweetChat recap\n\nAn introduction.\n\n"
        "A1: A tweet pointing elsewhere.\n"
        "— Mallory (@mallory) Jan 2, 2020 https://evil.example/mallory/status/1\n\n"
        "A2: A real one.\n— Jane (@janedoe) Jan 3, 2020 https://x.com/janedoe/status/2\n"
    ).encode()


def glossary_nul() -> bytes:
    return "source,target,dnt\n#CXTweetChat,,1\nAl\x00ice,앨리스,0\n".encode()


def glossary_huge_field() -> bytes:
    """Item 18: one field past the csv module's 128 KB limit."""
    return ("source,target\nbig," + "x" * (200 * 1024) + "\n").encode()


KOREAN_ARTICLE = (
    "#CXTweetChat 요약: 고객 경험 이야기\n\n게시일: 2019년 11월 21일\n\n"
    "A1: 고객은 여러분의 해시태그가 깨지면 바로 알아챕니다.\n"
    "- 김지수 (@jisoo_cx) 2019년 10월 25일\n\n"
    "채팅에 참여해 주셔서 감사합니다. 다음 주에도 만나요.\n"
)


def korean_cp949() -> bytes:
    """Item 25: a Korean article saved by a Korean Windows program (CP949)."""
    return KOREAN_ARTICLE.encode("cp949")


def korean_euc_kr() -> bytes:
    return KOREAN_ARTICLE.encode("euc-kr")


def glossary_cp949() -> bytes:
    return "source,target,dnt\nCustomer experience,고객 경험,0\nJane Doe,제인 도,0\n".encode(
        "cp949"
    )


def long_title() -> bytes:
    """Item 22: a title past the 255 characters .docx core properties allow."""
    title = "#CXTweetChat recap " + "with a very long title " * 14
    return f"{title.strip()}\n\nA1: Short body text.\n\nAnother paragraph.\n".encode()


# -- the catalogue ----------------------------------------------------------------------

ARTICLE = ("new", "{file}", "-o", "{out}")
TRANSLATION = ("new", "{english}", "--translation", "{file}", "-o", "{out}")
REVIEW = ("review-import", "{project}", "{file}")


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile file and how a user would feed it to cxeditor."""

    file: str
    item: int  # the item of issue 19 it reproduces (0: none, a neighbour of one)
    build: Callable[[], bytes] | None  # None: a special file made by make_special()
    command: tuple[str, ...]
    fragment: str | None = None  # refused: the one line says this (None: accepted)


CASES: tuple[Case, ...] = (
    Case("bomb-underdeclared.docx", 12, underdeclared_bomb, ARTICLE, "declares"),
    Case("bomb-underdeclared-review.docx", 12, underdeclared_bomb, REVIEW, "declares"),
    Case("bomb-honest.docx", 12, honest_bomb, ARTICLE, "can be imported"),
    Case("huge-document-190mb.docx", 13, lambda: huge_document(190), ARTICLE, "can be imported"),
    Case("huge-document-13mb.docx", 13, lambda: huge_document(13), ARTICLE, "can be imported"),
    Case("bad-crc.docx", 16, bad_crc, ARTICLE, "damaged"),
    Case("bad-crc-translation.docx", 16, bad_crc, TRANSLATION, "damaged"),
    Case("bad-crc-review.docx", 16, bad_crc, REVIEW, "damaged"),
    Case("nul.docx", 17, nul_in_docx, ARTICLE, "damaged"),
    Case("nul-review.docx", 17, nul_in_docx, REVIEW, "damaged"),
    Case("not-xml.docx", 17, not_xml_docx, ARTICLE, "damaged"),
    Case("nul.tmx", 17, nul_in_tmx, ("tm", "import", "{file}"), "well-formed"),
    Case("nul-after-4k.txt", 9, nul_after_4k, ARTICLE, "NUL"),
    Case("nul-after-4k-translation.txt", 9, nul_after_4k, TRANSLATION, "NUL"),
    Case("nul-after-4k.html", 9, nul_after_4k_html, ARTICLE, "NUL"),
    Case("glossary-nul.csv", 9, glossary_nul, ("glossary", "import", "{file}"), "NUL"),
    Case(
        "glossary-huge-field.csv",
        18,
        glossary_huge_field,
        ("glossary", "import", "{file}"),
        "line 2",
    ),
    Case("fifo.txt", 15, None, ARTICLE, "not a regular file"),
    Case("fifo-translation.txt", 15, None, TRANSLATION, "not a regular file"),
    Case("fifo-review.docx", 15, None, REVIEW, "not a regular file"),
    Case("fifo.tmx", 15, None, ("tm", "import", "{file}"), "not a regular file"),
    Case("fifo.csv", 15, None, ("glossary", "import", "{file}"), "not a regular file"),
    Case("fifo.tbx", 15, None, ("glossary", "import", "{file}"), "not a regular file"),
    Case("fifo-review.xlf", 15, None, REVIEW, "not a regular file"),
    Case("fifo.html", 15, None, ARTICLE, "not a regular file"),
    Case("device.txt", 15, None, ARTICLE, "not a regular file"),
    # Accepted: imported whole and right (the tests say what "right" is).
    Case("entity.docx", 10, entity_in_docx, ARTICLE),
    Case("paren-author.txt", 4, paren_author_txt, ARTICLE),
    Case("paren-author.html", 4, paren_author_html, ARTICLE),
    Case("permalinks.html", 2, permalinks_html, ARTICLE),
    Case("permalinks.txt", 2, permalinks_txt, ARTICLE),
    Case("korean-cp949.txt", 25, korean_cp949, ARTICLE),
    Case("korean-euc-kr.txt", 25, korean_euc_kr, ARTICLE),
    Case("glossary-cp949.csv", 25, glossary_cp949, ("glossary", "import", "{file}")),
    Case("long-title.txt", 22, long_title, ARTICLE),
)


def case(file: str) -> Case:
    return next(c for c in CASES if c.file == file)


def make(case_: Case, folder: Path) -> Path:
    """Write one case's file into `folder` (special files made as what they are)."""
    path = folder / case_.file
    if path.exists() or path.is_symlink():
        return path
    if case_.build is not None:
        path.write_bytes(case_.build())
    elif case_.file.startswith("fifo"):
        os.mkfifo(path)
    else:  # a character device behind an ordinary name
        path.symlink_to("/dev/zero")
    return path


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "out"
    folder.mkdir(parents=True, exist_ok=True)
    for item in CASES:
        path = make(item, folder)
        verdict = f"refused: {item.fragment!r}" if item.fragment else "accepted"
        print(f"item {item.item:2}  {path.name:34} cxeditor {' '.join(item.command)}  ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
