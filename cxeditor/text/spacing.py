"""Korean spacing mistakes machine translation makes, confirmed by kiwipiepy's analysis.

Three kinds, each flagged only where the analysis leaves no doubt:
- a particle, ending or suffix parted from its word (`브랜드 에게`, `참여 했습니다`);
- a bound noun glued to what it depends on, or to the verb after it (`할수`, `수있다`,
  `하는것`, `한적이`);
- an auxiliary verb glued to its main verb (`보고싶은`, `해야합니다`, `싶어하지`).
Kiwi's own respacing (`Kiwi.space`) also rewrites correct text (`Z세대` -> `Z 세대`,
`40%` -> `40 %`), so its output is never taken wholesale: only these morpheme patterns,
between Hangul words, are. Latin words, numbers and tweet tokens are never touched.

Kiwi takes a second or more to load (holding the GIL throughout) and about a
millisecond per hundred characters, so a cheap pattern picks the few spots that may hold
such a mistake, Kiwi reads only a few words around each, and it is loaded, in a helper
process of its own (kiwi_helper.py), only when an article has one whose reading is not
in the user's cache already (kiwi_cache.py): a second run over the same texts needs no
Kiwi at all.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import os
import re
import select
import subprocess
import sys
import threading
from collections.abc import Sequence
from typing import Any, NamedTuple

from cxeditor.text import kiwi_cache

# Texts that may hold one of the mistakes; Kiwi decides. Each text that passes costs
# Kiwi's analysis (half a millisecond), so what correct Korean is full of stays out:
# a particle before 하다/되다 (것이 됩니다, 해야 합니다, 일을 합니다), demonstratives
# (그것은), and 수 inside nouns (점수를); on the corpus, none was ever one of the mistakes.
_PARTED = re.compile(
    # (the class first: most words start with none of these, and fail there at once)
    r"[가-힣][ \t]+(?=[에와과을를은는이가의로으도만까부처보했합한하됐됩된되될할됨])"
    r"(?:(?:에게|에서|와|과|을|를|은|는|이|가|의|에|로|으로|도|만|까지|부터|처럼|보다)"
    r"(?=[\s.,!?;:)]|$)"
    r"|(?<![야를을는은게서에이][ \t])"
    r"(?:했|합니|한다|하는|하고|하여|하며|하므로|하기|하다|하면|하지|하게|하도록|하려"
    r"|됐|됩니|된다|되는|되어|되었|됨|되고|되면|되지)"
    # the adnominal 한/할/된/될 alone, not after what makes it a word of its own
    # (단 한 번, 안 된다, 잘 할, 로 한다, 라 할)
    r"|(?<![야를을는은게서에이로라안단못잘다또][ \t])(?:한|할|된|될)(?=[\s.,!?]|$))"
)
# a bound noun after an adnominal ending (ㄴ or ㄹ: 할수, 하는것, 한적이), or before
# 있다/없다; an auxiliary verb after 고 or 야 (보고싶은, 해야합니다)
_ADNOMINAL = "".join(chr(0xAC00 + i) for i in range(11172) if i % 28 in (4, 8))
# (`적` only as in 한 적이 있다: -적 words, 전문적인, are everywhere), or an auxiliary
# 하다 glued to -고 싶어 (싶어하지 for 싶어 하지)
_GLUED = re.compile(
    f"[{_ADNOMINAL}](?:수[가-힣]|수\\s[있없]|것|적(?:[이은도]\\s|\\s?[있없]))|(?:수|것)[있없]"
    "|고싶|야[하합한했할해]"
    "|싶어[하합한했할해]"
)
_PARTICLE_OR_SUFFIX = ("J", "E", "XSV", "XSA", "XSN")
_WORD_TAGS = frozenset({"NNG", "NNP", "NNB", "NP", "NR", "XR"})
_BOUND_NOUNS = frozenset({"수", "것", "적"})
_SPACED_AUXILIARY_AFTER = frozenset({"고", "어야", "아야"})


class SpacingError(NamedTuple):
    start: int
    end: int
    fix: str  # replaces text[start:end]
    kind: str  # "parted" or "glued"


# One thread, and without the typo and multi-word dictionaries, which these patterns
# never need: half the load time, the same analyses on every corpus line.
KIWI_OPTIONS: dict[str, Any] = {
    "num_workers": -1,
    "load_typo_dict": False,
    "load_multi_dict": False,
}
_HELPER_WAIT = 120.0  # seconds a load or an answer may take before Kiwi loads here instead


class _Morpheme(NamedTuple):
    form: str
    tag: str
    start: int
    end: int


class _Helper:
    """Kiwi in a child process (cxeditor/text/kiwi_helper.py), which loads it on another
    core while the other checks run, and never holds this process's GIL: kiwipiepy holds
    it for the whole load, a frozen window or a stalled run. One request at a time."""

    def __init__(self) -> None:
        self.owner = os.getpid()  # a forked child does not share its pipes
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cxeditor.text.kiwi_helper"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        self._read = self.process.stdout.fileno()  # type: ignore[union-attr]
        self._buffer = b""
        self.ready = False

    def _line(self, wait: bool) -> bytes | None:
        """The helper's next line; None when `wait` is false and none has come yet."""
        while b"\n" not in self._buffer:
            timeout = _HELPER_WAIT if wait else 0
            if not select.select([self._read], [], [], timeout)[0]:
                if wait:
                    raise OSError("the Kiwi helper does not answer")
                return None
            chunk = os.read(self._read, 65536)
            if not chunk:
                raise OSError("the Kiwi helper stopped")
            self._buffer += chunk
        line, _newline, self._buffer = self._buffer.partition(b"\n")
        return line

    def is_ready(self, wait: bool) -> bool:
        if not self.ready:
            line = self._line(wait)
            if line is None:
                return False
            if line != b"ready":
                raise OSError("the Kiwi helper did not start")
            self.ready = True
        return True

    def tokenize(self, texts: list[str]) -> list[list[Any]]:
        """The morphemes of each text, in one round trip (a round trip costs as much as
        the analysis of a short text)."""
        self.is_ready(True)
        request = json.dumps(texts, ensure_ascii=False).encode() + b"\n"
        stdin = self.process.stdin
        assert stdin is not None
        while request:
            written = stdin.write(request) or 0
            request = request[written:]
        line = self._line(True)
        assert line is not None
        readings: list[list[Any]] = json.loads(line)
        return readings

    def close(self) -> None:
        if self.owner != os.getpid():
            return
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()  # the helper ends at the end of its input
        if not self.ready:
            self.process.kill()  # still loading: it would read its input only after
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


_kiwi: Any = None  # Kiwi in this process: where no helper can be had
_helper: _Helper | None = None
_lock = threading.Lock()  # one analysis at a time (Kiwi's threading is not documented)


def _helper_here() -> _Helper | None:
    """This process's helper, started if need be (called with _lock held)."""
    global _helper  # noqa: PLW0603 - one helper per process
    if _helper is not None and _helper.owner == os.getpid():
        return _helper
    _helper = None
    if _kiwi is not None or getattr(sys, "frozen", False):
        return None  # loaded here already; a frozen app has no `python -m`
    try:
        _helper = _Helper()
    except OSError:
        return None
    atexit.register(_helper.close)
    return _helper


def shut_down() -> None:
    """End this process's helper now (it ends with the process otherwise)."""
    global _helper  # noqa: PLW0603 - one helper per process
    with _lock:
        if _helper is not None:
            _helper.close()
            _helper = None


def warm_up(texts: Sequence[str] | None = None) -> None:
    """Start loading Kiwi (in the helper) now, without waiting: QA calls this with an
    article's suspect texts, before the checks that do not need Kiwi run. Given texts
    whose readings are all in the cache, Kiwi is not needed and not started."""
    if texts is not None and not _unread(_pieces(texts)):
        return
    with _lock:
        _helper_here()


def _unread(pieces: list[str]) -> list[str]:
    """Those of `pieces` whose reading is not in the cache."""
    cached = kiwi_cache.read(pieces, KIWI_OPTIONS)
    return [piece for piece in pieces if piece not in cached]


def _tokenize(texts: list[str], wait: bool) -> list[list[Any]] | None:
    """Kiwi's morphemes of each text, from the cache where it read them before; None
    when `wait` is false and Kiwi, needed, is not ready (the load is started then)."""
    known = kiwi_cache.read(texts, KIWI_OPTIONS)
    unread = list(dict.fromkeys(text for text in texts if text not in known))
    if unread:
        analysed = _analyse(unread, wait)
        if analysed is None:
            return None
        fresh = list(zip(unread, analysed, strict=True))
        kiwi_cache.store(fresh, KIWI_OPTIONS)
        known.update(fresh)
    return [[_Morpheme(*item) for item in known[text]] for text in texts]


def _analyse(texts: list[str], wait: bool) -> list[list[Any]] | None:
    """Kiwi's morphemes of each text as [form, tag, start, end]; None when `wait` is
    false and Kiwi is not ready (the load is started then)."""
    global _kiwi, _helper  # noqa: PLW0603 - one analyzer per process, loaded on first need
    if not _lock.acquire(blocking=wait):
        return None  # another thread is analysing (or loading): do not wait for it
    try:
        helper = _helper_here()
        if helper is not None:
            try:
                if not helper.is_ready(wait):
                    return None
                return helper.tokenize(texts)
            except (OSError, ValueError):  # the helper died or garbled: Kiwi here, then
                helper.close()
                _helper = None
        if _kiwi is None:
            if not wait:
                return None
            from kiwipiepy import Kiwi  # noqa: PLC0415 - a second to load: only when needed

            _kiwi = Kiwi(**KIWI_OPTIONS)
        return [
            [[token.form, token.tag, token.start, token.end] for token in _kiwi.tokenize(text)]
            for text in texts
        ]
    finally:
        _lock.release()


def may_have_spacing_errors(text: str) -> bool:
    # substring tests first: ten times cheaper than a scan, and most texts fail them
    if (
        "수" in text or "것" in text or "야" in text or "싶" in text or "적" in text
    ) and _GLUED.search(text):
        return True
    return _PARTED.search(text) is not None


def _hangul(text: str) -> bool:
    return bool(text) and all("가" <= char <= "힣" for char in text)


_CONTEXT_WORDS = 2  # words analysed on each side of a suspect spot


def _windows(text: str) -> list[tuple[int, int]]:
    """The stretches of `text` around each suspect spot, a few words either side,
    merged where they overlap. Kiwi's time grows with the text it reads (a
    130-character paragraph: 0.8 ms, a 12-character stretch: 0.13 ms), and its reading
    of a spot depends on the words next to it, not on the far end of a paragraph."""
    spots = [match.span() for match in _GLUED.finditer(text)]
    spots += [match.span() for match in _PARTED.finditer(text)]
    windows: list[tuple[int, int]] = []
    for spot_start, spot_end in sorted(spots):
        start, end = spot_start, spot_end
        for _ in range(_CONTEXT_WORDS + 1):  # back to the start of the word, then two more
            start = text.rfind(" ", 0, max(start - 1, 0)) + 1 if start > 0 else 0
        for _ in range(_CONTEXT_WORDS + 1):
            found = text.find(" ", end + 1)
            end = len(text) if found < 0 else found
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _pieces(texts: Sequence[str]) -> list[str]:
    """What Kiwi is asked to read of `texts`: the stretches around their suspect spots."""
    return [
        text[start:end]
        for text in texts
        if may_have_spacing_errors(text)
        for start, end in _windows(text)
    ]


def find_spacing_errors(text: str, *, wait: bool = True) -> list[SpacingError] | None:
    """The spacing mistakes of `text` (a Korean sentence or paragraph). With `wait`
    false (a check while the editor types), None rather than wait for Kiwi to load or
    for another thread's analysis; the load is started then."""
    found = find_spacing_errors_in([text], wait=wait)
    return None if found is None else found[0]


def find_spacing_errors_in(
    texts: Sequence[str], *, wait: bool = True
) -> list[list[SpacingError]] | None:
    """find_spacing_errors of each text, Kiwi asked once for them all."""
    windows = [_windows(text) if may_have_spacing_errors(text) else [] for text in texts]
    pieces = [
        text[start:end] for text, spans in zip(texts, windows, strict=True) for start, end in spans
    ]
    if not pieces:
        return [[] for _text in texts]
    analyses = _tokenize(pieces, wait)
    if analyses is None:
        return None
    found: list[list[SpacingError]] = []
    next_analysis = iter(analyses)
    for text, spans in zip(texts, windows, strict=True):
        errors: list[SpacingError] = []
        for start, end in spans:
            errors += [
                SpacingError(error.start + start, error.end + start, error.fix, error.kind)
                for error in _errors_in(text[start:end], next(next_analysis))
            ]
        found.append(errors)
    return found


def _errors_in(text: str, tokens: list[Any]) -> list[SpacingError]:
    errors: list[SpacingError] = []
    for index, (previous, token) in enumerate(itertools.pairwise(tokens)):
        gap = text[previous.end : token.start]
        word_before = text[previous.start : previous.end]
        if gap and gap.isspace():
            if (
                token.tag.startswith(_PARTICLE_OR_SUFFIX)
                and previous.tag in _WORD_TAGS
                and _hangul(word_before)
                and _hangul(text[token.start : token.start + 1])
            ):
                errors.append(SpacingError(previous.end, token.start, "", "parted"))
            continue
        if gap or token.start == 0 or text[token.start - 1].isspace():
            continue
        glued_bound = token.tag == "NNB" and token.form in _BOUND_NOUNS and previous.tag == "ETM"
        after_bound = (
            previous.tag == "NNB" and previous.form in _BOUND_NOUNS and token.tag in ("VA", "VV")
        )
        auxiliary = (
            token.tag == "VX"
            and previous.tag == "EC"
            and (
                previous.form in _SPACED_AUXILIARY_AFTER
                # -어 하다 after an auxiliary (싶어 하다) stands apart; after a word it joins
                # (좋아하다, which Kiwi reads as one verb anyway)
                or (previous.form in ("어", "아") and index > 0 and tokens[index - 1].tag == "VX")
            )
        )
        if (glued_bound or after_bound or auxiliary) and _hangul(text[token.start - 1]):
            before = text[token.start - 1]
            errors.append(SpacingError(token.start - 1, token.start, before + " ", "glued"))
    return errors
