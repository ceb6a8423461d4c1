"""The command line as outside scripts use it: exit codes, one-line errors, JSON shapes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]

from cxeditor.cli.main import main
from cxeditor.store import Project

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    out = tmp_path / "sample.cxproj"
    assert main(["new", str(SAMPLES / "locchat-recap.html"), "-o", str(out)]) == 0
    return out


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("cxeditor ")


def test_new_from_html_then_export_json(tmp_path: Path) -> None:
    out = tmp_path / "p.cxproj"
    result = run_cli("new", SAMPLES / "locchat-recap.html", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "6 tweets" in result.stdout
    exported = tmp_path / "p.json"
    result = run_cli("export", out, "--to", "json", "-o", exported)
    assert result.returncode == 0, result.stderr
    data = json.loads(exported.read_text(encoding="utf-8"))
    meta = data["meta"]
    assert meta["title"] == "#LocChat recap: what global brands get wrong about social posts"
    assert meta["published"] == "2024-03-14"
    assert (meta["source_lang"], meta["target_lang"]) == ("en", "ko")
    tweets = [b for b in data["blocks"] if b["kind"] == "tweet"]
    assert [t["tweet"]["handle"] for t in tweets] == [
        "minapark_cx",
        "dosei_loc",
        "sofiareyes",
        "minapark_cx",
        "arjun_m",
        "ExampleCorp",
    ]
    assert tweets[0]["tweet"] == {
        "name": "Mina Park",
        "handle": "minapark_cx",
        "date": "2024-03-14",
        "url": "https://twitter.com/minapark_cx/status/1768000000000000001",
    }
    assert all(len(t["segments"]) == 1 for t in tweets)
    assert tweets[2]["segments"][0]["source"].startswith("A3: Keep a glossary")
    assert "📚 #LocChat https://t.co/Zz9Yy8Xx7W" in tweets[2]["segments"][0]["source"]
    ids = [s["id"] for b in data["blocks"] for s in b["segments"]]
    assert ids == sorted(set(ids))
    assert all(
        s["status"] == "new" and s["target"] == "" for b in data["blocks"] for s in b["segments"]
    )
    kinds = [b["kind"] for b in data["blocks"]]
    assert kinds[:2] == ["title", "meta"]


def test_new_with_translation_aligns_and_stats(tmp_path: Path) -> None:
    out = tmp_path / "aligned.cxproj"
    assert (
        main(
            [
                "new",
                str(SAMPLES / "locchat-recap.en.txt"),
                "--translation",
                str(SAMPLES / "locchat-recap.ko-mt.txt"),
                "-o",
                str(out),
            ]
        )
        == 0
    )
    result = run_cli("stats", out, "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["tweets"] == 6
    assert stats["status"]["draft"] == stats["segments"] - stats["status"]["new"]
    assert stats["status"]["draft"] >= 15
    with Project.open(out, readonly=True) as project:
        article = project.load_article()
    by_handle = {b.tweet.handle: b.segments[0].target for b in article.tweets() if b.tweet}
    assert by_handle["sofiareyes"].startswith("답3: 절대 번역하지 않는 용어집")
    assert by_handle["arjun_m"].endswith("#월드CX데이2024")
    korean = " ".join(s.target for s in article.segments())
    assert "지난 목요일의 #LocChat을 보셨나요?" in korean


def test_korean_only_review_project(tmp_path: Path) -> None:
    out = tmp_path / "review.cxproj"
    result = run_cli("new", "--translation", SAMPLES / "locchat-recap.ko-mt.txt", "-o", out)
    assert result.returncode == 0, result.stderr
    exported = tmp_path / "review.json"
    assert main(["export", str(out), "--to", "json", "-o", str(exported)]) == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["meta"]["title"].startswith("#LocChat 요약")
    assert data["meta"]["published"] == "2024-03-14"
    segments = [s for b in data["blocks"] for s in b["segments"]]
    assert all(not s["source"] for s in segments)
    assert all(s["target"] for s in segments)
    tweets = [b["tweet"] for b in data["blocks"] if b["kind"] == "tweet"]
    assert tweets[0] == {
        "name": "미나 박",
        "handle": "minapark_cx",
        "date": "2024-03-14",
        "url": None,
    }


def test_a_korean_file_given_as_the_source_becomes_a_review_project(tmp_path: Path) -> None:
    out = tmp_path / "review.cxproj"
    result = run_cli("new", SAMPLES / "locchat-recap.ko-mt.txt", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "is in Korean: imported as a Korean article to review" in result.stderr
    with Project.open(out, readonly=True) as project:
        segments = list(project.load_article().segments())
    assert all(not s.source and s.target for s in segments)


def test_swapped_source_and_translation_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "swapped.cxproj"
    result = run_cli(
        "new",
        SAMPLES / "locchat-recap.ko-mt.txt",
        "--translation",
        SAMPLES / "locchat-recap.en.txt",
        "-o",
        out,
    )
    assert_one_line_error(result, "is in Korean", "--translation")
    assert not out.exists()


def test_stats_human_readable(sample_project: Path) -> None:
    result = run_cli("stats", sample_project)
    assert result.returncode == 0
    assert "6 tweets" in result.stdout


@pytest.mark.parametrize("name", ["empty.txt", "blank.html"])
def test_empty_input(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_text("  \n" if name == "blank.html" else "", encoding="utf-8")
    result = run_cli("new", source, "-o", tmp_path / "p.cxproj")
    assert_one_line_error(result, name)
    assert not (tmp_path / "p.cxproj").exists()


def test_invalid_utf8(tmp_path: Path) -> None:
    source = tmp_path / "broken.txt"
    source.write_bytes("#LocChat 요약\nPublished: 2024-03-14\n".encode() + b"\xff\xfe\xfa bad\n")
    result = run_cli("new", source, "-o", tmp_path / "p.cxproj")
    assert_one_line_error(result, "broken.txt")
    assert not (tmp_path / "p.cxproj").exists()


def test_wrong_format_for_extension(tmp_path: Path) -> None:
    source = tmp_path / "article.docx"
    source.write_text("this is not a word document", encoding="utf-8")
    assert_one_line_error(run_cli("new", source, "-o", tmp_path / "p.cxproj"), "article.docx")
    pdf = tmp_path / "article.html"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert_one_line_error(run_cli("new", pdf, "-o", tmp_path / "p.cxproj"), "article.html")


def test_html_without_article_text(tmp_path: Path) -> None:
    source = tmp_path / "nav.html"
    source.write_text(
        "<html><head><script>var a=1;</script></head><body><nav><a href='/'>"
        "Home</a></nav></body></html>",
        encoding="utf-8",
    )
    assert_one_line_error(run_cli("new", source, "-o", tmp_path / "p.cxproj"), "nav.html")


def test_huge_file(tmp_path: Path) -> None:
    source = tmp_path / "huge.txt"
    with source.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert_one_line_error(run_cli("new", source, "-o", tmp_path / "p.cxproj"), "huge.txt")


def test_missing_source(tmp_path: Path) -> None:
    assert_one_line_error(
        run_cli("new", tmp_path / "nope.html", "-o", tmp_path / "p.cxproj"), "nope.html"
    )


def test_unwritable_output(tmp_path: Path) -> None:
    result = run_cli(
        "new", SAMPLES / "locchat-recap.html", "-o", tmp_path / "no" / "such" / "p.cxproj"
    )
    assert_one_line_error(result, "does not exist")


def test_output_exists_needs_force(sample_project: Path) -> None:
    result = run_cli("new", SAMPLES / "locchat-recap.html", "-o", sample_project)
    assert_one_line_error(result, "already exists")
    result = run_cli("new", SAMPLES / "locchat-recap.html", "-o", sample_project, "--force")
    assert result.returncode == 0, result.stderr


def test_export_onto_the_project_itself(sample_project: Path) -> None:
    result = run_cli("export", sample_project, "--to", "json", "-o", sample_project)
    assert_one_line_error(result, "project file itself")
    with Project.open(sample_project, readonly=True) as project:
        assert project.stats().tweets == 6


def test_stats_of_a_non_project(tmp_path: Path) -> None:
    fake = tmp_path / "fake.cxproj"
    fake.write_text("hello", encoding="utf-8")
    assert_one_line_error(run_cli("stats", fake), "not a cxeditor project")


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    assert_one_line_error(run_cli("new", SAMPLES / "locchat-recap.html"), "-o")
    assert_one_line_error(
        run_cli("export", tmp_path / "x.cxproj", "--to", "pdf", "-o", "x"), "invalid choice"
    )
    assert_one_line_error(run_cli("new", "-o", tmp_path / "x.cxproj"), "--translation")


def test_help_lists_every_command() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for name in ("new", "stats", "translate", "qa", "export", "review-import", "tm", "glossary"):
        assert f"    {name} " in result.stdout or f"    {name}\n" in result.stdout, name


def test_a_command_loads_only_its_own_module(sample_project: Path) -> None:
    # `qa` and `stats` start without the MT engines' HTTP stack or the exporters.
    probe = (
        "import sys; from cxeditor.cli.main import main; "
        f"code = main(['stats', {str(sample_project)!r}]); "
        "print(code, 'requests' in sys.modules, 'cxeditor.cli.export_cmd' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "0 False False", result.stderr


def test_opening_a_missing_project_is_one_line_without_a_window(tmp_path: Path) -> None:
    assert_one_line_error(run_cli(tmp_path / "nowhere.cxproj"), "no such project file")


def test_kill_during_import_leaves_no_project(tmp_path: Path) -> None:
    """A killed import never leaves a half-written project behind."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    try:
        from bench_import import generated_text  # noqa: PLC0415
    finally:
        sys.path.pop(0)
    source = tmp_path / "big.txt"
    source.write_text(generated_text(5000), encoding="utf-8")
    out = tmp_path / "big.cxproj"
    for delay in (0.3, 0.8, 1.5):
        with subprocess.Popen(
            [sys.executable, "-m", "cxeditor", "new", str(source), "-o", str(out), "--force"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ) as process:
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait()
        leftovers = [p.name for p in tmp_path.iterdir() if p.name not in {"big.txt"}]
        if out.exists():  # finished before the kill: then it must be complete
            with Project.open(out, readonly=True) as project:
                assert project.stats().tweets == 5000
            out.unlink()
            leftovers.remove("big.cxproj")
        # A temporary file may remain after a kill -9, but never under the project's name.
        assert all(name.startswith(".big.cxproj.") for name in leftovers), leftovers
