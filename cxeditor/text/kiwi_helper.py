"""kiwipiepy in a process of its own, for cxeditor.text.spacing.

Run as `python -m cxeditor.text.kiwi_helper`: it loads Kiwi, says `ready`, then
answers each line on stdin (a JSON list of texts) with one line on stdout (for each
text, a list of [form, tag, start, end], one per morpheme), until stdin closes.

Why a process: kiwipiepy holds the GIL for the whole of its load (one to a few
seconds), so loading it in the editor's process would freeze the window, and in the
command's it would wait for the other checks; here it loads on another core meanwhile.
"""

from __future__ import annotations

import json
import sys

from cxeditor.text.spacing import KIWI_OPTIONS


def main() -> int:
    from kiwipiepy import Kiwi  # noqa: PLC0415 - the helper's whole purpose

    kiwi = Kiwi(**KIWI_OPTIONS)
    kiwi.tokenize("준비")  # the first analysis loads the rest of the model: before "ready"
    out = sys.stdout.buffer
    out.write(b"ready\n")
    out.flush()
    for line in sys.stdin.buffer:
        answer = [
            [[token.form, token.tag, token.start, token.end] for token in kiwi.tokenize(text)]
            for text in json.loads(line)
        ]
        out.write(json.dumps(answer, ensure_ascii=False).encode() + b"\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
