"""The confirm latency an editor feels on a shared project: the time a Ctrl+Enter key
press takes to return in the window (confirm, move on, claim the next segment), with
the team server on this machine and behind a relay that adds network delay.

Prints, for each added round trip (--delay-ms, default 0,20: a server on this machine,
and one 20 ms further away, as over a VPN or from another city), the median and p95 key-press
time, the time until the server had every confirm, and the time the window took to
close, for this checkout and, with --baseline REV, for the code at REV in turns (run
against the same cluster, interleaved, --rounds times). Each run confirms --confirms
segments of a freshly shared 400-segment article, pausing a little between segments
as a user does (the pause is not counted).

    python bench/bench_team_editor.py --baseline main --rounds 3
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

PAUSE_SECONDS = 0.15  # between two confirms, as a user's glance at the next segment


# -- measuring, in a process of its own (this checkout's code or the baseline's) --------


def measure(url: str, confirms: int) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt  # noqa: PLC0415
    from PySide6.QtTest import QTest  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    import cxeditor  # noqa: PLC0415
    from cxeditor.gui.main_window import MainWindow  # noqa: PLC0415
    from cxeditor.gui.settings import Settings  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="cxeditor-bench-"))
    window = MainWindow(Settings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)))
    window.ask = lambda _title, _question: True  # type: ignore[method-assign]
    window.show()
    assert window.open_project(url)
    deadline = time.perf_counter() + 60
    while window.project is None:  # a shared project opens in a worker (since teamasync)
        assert time.perf_counter() < deadline, "the shared project did not open"
        app.processEvents()
        time.sleep(0.005)
    window.select_segment(1)
    times: list[float] = []

    def pause(seconds: float) -> None:
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            app.processEvents()
            time.sleep(0.005)

    for number in range(confirms):
        window.target_edit.setPlainText(f"bench confirm {number}")
        started = time.perf_counter()
        QTest.keyClick(window.target_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        times.append(time.perf_counter() - started)
        pause(PAUSE_SECONDS)
    started = time.perf_counter()
    unanswered = getattr(window, "unanswered", lambda: 0)  # the baseline waited already
    while unanswered():
        pause(0.005)
    settled = time.perf_counter() - started
    started = time.perf_counter()
    window.close()
    closed = time.perf_counter() - started
    return {"times": times, "settled": settled, "closed": closed, "code": cxeditor.__file__}


# -- a relay that delays every byte, as a network does ---------------------------------


class DelayRelay:
    def __init__(self, port: int, delay: float) -> None:
        self._target, self._delay = port, delay
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _address = self._listener.accept()
                upstream = socket.create_connection(("127.0.0.1", self._target))
                for source, sink in ((client, upstream), (upstream, client)):
                    source.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    chunks: queue.Queue[tuple[float, bytes]] = queue.Queue()
                    threading.Thread(target=self._read, args=(source, chunks), daemon=True).start()
                    threading.Thread(target=self._write, args=(sink, chunks), daemon=True).start()

    def _read(self, source: socket.socket, chunks: queue.Queue[tuple[float, bytes]]) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                chunks.put((time.perf_counter() + self._delay, data))
        chunks.put((0.0, b""))

    def _write(self, sink: socket.socket, chunks: queue.Queue[tuple[float, bytes]]) -> None:
        with contextlib.suppress(OSError):
            while True:
                due, data = chunks.get()
                if not data:
                    sink.shutdown(socket.SHUT_WR)
                    return
                wait = due - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                sink.sendall(data)

    def close(self) -> None:
        self._listener.close()


# -- the driver -------------------------------------------------------------------------


def _article(size: int):  # type: ignore[no-untyped-def]
    from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status  # noqa: PLC0415

    rng = random.Random(7)
    words = ["team", "editor", "brand", "social", "post", "chat", "global", "reply", "tweet"]
    blocks = [
        Block(
            BlockKind.PARAGRAPH,
            [Segment(" ".join(rng.choices(words, k=9)) + ".", "", Status.DRAFT) for _ in range(4)],
        )
        for _ in range(size // 4)
    ]
    return Article(ArticleMeta(title="Bench"), blocks)


def _run(code: Path, url: str, confirms: int, env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(HERE / "bench_team_editor.py"), "--measure", url, str(confirms)],
        env={**env, "PYTHONPATH": str(code)},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode != 0:
        raise SystemExit(f"a measuring run failed:\n{done.stderr[-3000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _figures(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms, p95 {p95 * 1000:7.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", nargs=2, metavar=("URL", "CONFIRMS"))
    parser.add_argument("--baseline", metavar="REV")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--confirms", type=int, default=30)
    parser.add_argument("--delay-ms", default="0,20")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return 0

    import psycopg  # noqa: PLC0415
    from pg_cluster import running_cluster, why_unavailable  # noqa: PLC0415

    from cxeditor.store.shared import SharedProject  # noqa: PLC0415

    reason = why_unavailable()
    if reason is not None:
        print(f"skipped: {reason}")
        return 0
    repo = HERE.parent
    codes = {"this checkout": repo}
    with running_cluster() as cluster, tempfile.TemporaryDirectory() as folder:
        if args.baseline:
            baseline = Path(folder) / "baseline"
            baseline.mkdir()
            archive = subprocess.run(
                ["git", "-C", str(repo), "archive", args.baseline, "cxeditor", "resources"],
                capture_output=True,
                check=True,
            )
            subprocess.run(["tar", "-x", "-C", str(baseline)], input=archive.stdout, check=True)
            codes = {f"baseline {args.baseline}": baseline, **codes}
        os.environ["PGPASSWORD"] = cluster.password
        with psycopg.connect(cluster.url(), autocommit=True) as connection:
            connection.execute("CREATE DATABASE bench")
        owner = cluster.url("bench")
        SharedProject.share(owner, "warm-up", _article(8))  # the schema and the team's roles
        with psycopg.connect(owner, autocommit=True) as connection:
            connection.execute(
                psycopg.sql.SQL("CREATE ROLE alice LOGIN PASSWORD {}").format(
                    psycopg.sql.Literal(cluster.password)
                )
            )
            connection.execute("GRANT cxeditor_editor TO alice")
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_DATA_HOME": str(Path(folder) / "data"),
            "XDG_CONFIG_HOME": str(Path(folder) / "config"),
        }
        results: dict[tuple[int, str], list[dict[str, object]]] = {}
        runs = 0
        for delay_ms in [int(d) for d in args.delay_ms.split(",")]:
            relay = DelayRelay(cluster.port, delay_ms / 2000) if delay_ms else None
            port = relay.port if relay else cluster.port
            for _round in range(args.rounds):
                for label, code in codes.items():  # in turns: the load hits both alike
                    runs += 1
                    SharedProject.share(owner, f"run{runs}", _article(400))
                    url = f"postgresql://alice@127.0.0.1:{port}/bench/run{runs}"
                    results.setdefault((delay_ms, label), []).append(
                        _run(code, url, args.confirms, env)
                    )
            if relay:
                relay.close()
    print(
        f"Ctrl+Enter on a shared project, {args.confirms} confirms x {args.rounds} rounds"
        f" per row (load: {os.getloadavg()[0]:.2f}):"
    )
    for (delay_ms, label), runs_of in results.items():
        times = [t for run in runs_of for t in run["times"]]  # type: ignore[attr-defined]
        settled = max(float(run["settled"]) for run in runs_of)  # type: ignore[arg-type]
        closed = max(float(run["closed"]) for run in runs_of)  # type: ignore[arg-type]
        print(
            f"  round trip +{delay_ms:3d} ms, {label:<16}: key press {_figures(times)};"
            f" all on the server {settled * 1000:6.0f} ms after the last key;"
            f" window closed in {closed * 1000:5.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
