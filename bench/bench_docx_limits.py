"""How big a .docx the importer handles in seconds and bounded memory (issue 19, item 13).

Builds Word documents whose document.xml holds 1 to 32 MB of an article's XML (intro
paragraphs, Quote-styled tweets, attributions, Word's run properties) and times
`cxeditor new` on each in a fresh process, with its peak memory. The cap
(cxeditor.formats.docx_package.MAX_DOCX_XML) is set from these figures; past it the
import is refused with one line, in well under a second.

Baseline: before this change the cap was 200 MB, and a 190 MB document.xml ran past
300 s at 1.37 GB (the issue's measurement); python-docx's per-paragraph style lookup
made each MB cost about 1 s, shown below as "before".
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import docx

from cxeditor.formats.docx_package import MAX_DOCX_XML

MB = 1024 * 1024
SIZES_MB = (1, 4, 8, 11, 13, 32)

CHUNK = (
    '<w:p w:rsidR="00A1" w:rsidRDefault="00A1"><w:r w:rsidRPr="00B2"><w:rPr>'
    '<w:rFonts w:ascii="Calibri"/><w:lang w:val="en-US"/></w:rPr><w:t xml:space="preserve">'
    "Paragraph {i}. The chat moved on to topic {i}; everyone agreed it mattered.</w:t></w:r></w:p>"
    '<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t xml:space="preserve">A{i}: '
    "Customers notice when your #CXTweetChat tag breaks. Thanks @host_{i} for hosting! "
    "https://t.co/Ab{i:06d}</w:t></w:r></w:p>"
    '<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t xml:space="preserve">'
    "— Person {i} (@person_{i}) October 25, 2019</w:t></w:r></w:p>"
)


def word_file(megabytes: float) -> bytes:
    """python-docx's own template with `megabytes` MB of article XML in its body."""
    template = io.BytesIO()
    docx.Document().save(template)
    body = []
    size = 0
    i = 0
    while size < megabytes * MB:
        piece = CHUNK.format(i=i)
        body.append(piece)
        size += len(piece)
        i += 1
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                head, _sep, rest = data.decode().partition("<w:body>")
                data = (
                    head
                    + "<w:body>"
                    + "".join(body)
                    + rest.split("<w:sectPr", 1)[0]
                    + "</w:body></w:document>"
                ).encode()
            target.writestr(info.filename, data)
    return out.getvalue()


# Runs `cxeditor ARGS` and writes the process's own peak memory (VmHWM, kB) to the file
# named by $PEAK_FILE at exit. Measured in the process itself: the rusage of a child
# started by (v)fork counts its parent's memory from before the exec.
PEAK_WRAPPER = """
import atexit, os, runpy, sys
def peak():
    with open("/proc/self/status") as status:
        line = next(l for l in status if l.startswith("VmHWM:"))
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(line.split()[1])
atexit.register(peak)
sys.argv = ["cxeditor", *sys.argv[1:]]
runpy.run_module("cxeditor", run_name="__main__")
"""


def measured_new(path: Path, out: Path) -> tuple[int, float, int]:
    peak_file = out.with_suffix(".peak")
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, "new", str(path), "-o", str(out), "--force"],
        capture_output=True,
        check=False,
        env=dict(os.environ, PEAK_FILE=str(peak_file)),
    )
    seconds = time.monotonic() - start
    return result.returncode, seconds, int(peak_file.read_text()) // 1024


def before_seconds(path: Path) -> float:
    """The old reading of paragraph styles (python-docx's `paragraph.style`)."""
    document = docx.Document(str(path))
    start = time.perf_counter()
    for paragraph in document.paragraphs:
        _name = paragraph.style.name if paragraph.style is not None else ""
    return time.perf_counter() - start


def main() -> None:
    print(f"cap on a .docx's XML: {MAX_DOCX_XML / MB:.0f} MB")
    header = ("document.xml", "exit", "seconds", "peak MB", "before: styles alone")
    print(f"{header[0]:>13} {header[1]:>5} {header[2]:>8} {header[3]:>8} {header[4]:>21}")
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in SIZES_MB:
            path = Path(folder) / f"article-{megabytes}.docx"
            path.write_bytes(word_file(megabytes))
            status, seconds, peak = measured_new(path, Path(folder) / "p.cxproj")
            before = f"{before_seconds(path):.1f} s" if megabytes <= 8 else "-"
            print(f"{megabytes:>10} MB {status:>5} {seconds:>8.1f} {peak:>8} {before:>21}")


if __name__ == "__main__":
    main()
