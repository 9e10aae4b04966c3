"""`plan report`: the data from real runs and history, the page, and the page in Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from runner.outputs.page import data as pagedata
from runner.outputs.page import render as page
from runner.workspace import layout
from tests.conftest import DemoRun, git
from tests.helpers import TABLE, plan, row, write_plan

NOW = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
# Anything in a page that would make a browser fetch something.
LOADERS = re.compile(
    r"https?://|src\s*=|@import|url\(|<script|<link|<img|<iframe|<object|<embed|srcset",
    re.IGNORECASE,
)


class Loaders(HTMLParser):
    """Elements and attributes of a page that would make a browser fetch something."""

    TAGS = ("script", "img", "link", "iframe", "object", "embed", "audio", "video", "source")

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[str] = []
        self._style = False

    @classmethod
    def found(cls, html: str) -> list[str]:
        """Everything in `html` that would load something."""
        parser = cls()
        parser.feed(html)
        return parser.hits

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"
        if tag in self.TAGS:
            self.hits.append(f"<{tag}>")
        self.hits += [f"{tag} {k}=" for k, _ in attrs if k in ("src", "srcset", "background")]

    def handle_data(self, data: str) -> None:
        if self._style and re.search(r"@import|url\(", data):
            self.hits.append("css that loads")


def three_runs(repo: Path) -> Path:
    """A plan whose first task passes, second fails, and whose gate passes: three commits."""
    path = write_plan(
        repo,
        [
            row("1", "`true`"),
            row("2", "`echo boom-on-stdout; exit 3`", depends="1"),
            row("3", "`true`", depends="2"),
        ],
    )
    assert plan("next").code == 0
    assert plan("next").code == 1
    assert plan("gates").code == 0
    return path


def gathered(repo: Path) -> pagedata.ReportData:
    ws = layout.workspace(repo)
    return page.build(ws, [], NOW)


def test_data_from_real_runs_and_history(repo: Path) -> None:
    three_runs(repo)
    data = gathered(repo)
    assert data.generated == "2030-01-02T03:04:05Z"
    assert data.branch == "main"
    (p,) = data.plans
    assert p.title == "ExecPlan: Run fixture"
    assert p.status == "In Progress"
    assert p.counts == {
        "passed": 1,
        "failed": 1,
        "in_progress": 0,
        "outstanding": 1,
        "blocked": 0,
        "skipped": 0,
    }
    assert p.next_task == "2"
    assert p.purpose == "Run things."
    # Four commits touched the plan (added, two runs, gates), then the plan as it is now.
    assert p.versions == 4
    assert [(x.done, x.total) for x in p.burnup] == [(0, 3), (1, 3), (1, 3), (1, 3), (1, 3)]
    assert p.burnup[-1].time == data.generated
    assert all(a.time <= b.time for a, b in zip(p.burnup, p.burnup[1:], strict=False))
    tasks = {t.id: t for t in p.tasks}
    assert (tasks["1"].status, tasks["1"].last_result) == ("passed", "passed")
    assert tasks["1"].duration_s is not None
    assert tasks["1"].last_time
    assert (tasks["2"].status, tasks["2"].last_result) == ("failed", "failed")
    assert (tasks["3"].last_result, tasks["3"].last_time) == (None, None)
    (gate,) = p.gates
    assert (gate.name, gate.status) == ("Ok", "passed")
    assert [r.result for r in gate.runs] == ["passed"]
    assert gate.runs[0].commit == git(repo, "rev-parse", "HEAD").strip()
    assert p.failure is not None
    assert (p.failure.kind, p.failure.name) == ("task", "2")
    assert p.failure.reason.startswith("exit 3")
    assert "boom-on-stdout" in p.failure.log_tail
    journal = [(j.depth, j.text) for j in p.journal]
    assert journal[0][0] == 0
    assert "plan session on `main`" in journal[0][1]
    assert any("task 1 (Code) passed" in text for _, text in journal[1:])
    assert all(depth == 1 for depth, _ in journal[1:])
    assert p.last_activity is not None
    assert p.last_activity <= data.generated


def test_json_is_the_same_document(repo: Path) -> None:
    three_runs(repo)
    r = plan("report", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["schema"] == 1
    (p,) = doc["plans"]
    assert p["counts"]["failed"] == 1
    assert p["failure"]["name"] == "2"
    assert [x["done"] for x in p["burnup"]][:4] == [0, 1, 1, 1]
    assert not (repo / ".git" / "plan" / "report.html").exists()


def test_cli_writes_the_page_to_the_state_folder_or_the_path_given(repo: Path) -> None:
    three_runs(repo)
    r = plan("report")
    assert r.code == 0, r.err
    default = repo / ".git" / "plan" / "report.html"
    assert default.is_file()
    assert "report written to .git/plan/report.html" in r.out
    text = default.read_text(encoding="utf-8")
    assert '<h2 id="plan-1-h">ExecPlan: Run fixture</h2>' in text
    assert text.count('<svg class="burnup"') == 1
    r = plan("report", "plans/0001-run.md", "-o", "out/page.html")
    assert r.code == 0, r.err
    assert (repo / "out" / "page.html").read_text(encoding="utf-8").count("<section") == 2
    assert plan("report", "no-such-plan").code == 2


def test_the_page_loads_nothing(repo: Path) -> None:
    three_runs(repo)
    text = page.render(gathered(repo))
    assert LOADERS.findall(text) == []
    assert Loaders.found(text) == []
    assert "Content-Security-Policy" in text
    assert "default-src 'none'" in text
    # Accessibility: a chart is an image with a title and a description; tables have scopes.
    assert re.search(r'<svg class="burnup" role="img"[^>]*aria-labelledby=', text)
    assert '<title id="plan-1-t">' in text
    assert '<desc id="plan-1-d">' in text
    assert 'scope="col"' in text
    assert 'scope="row"' in text
    assert "prefers-color-scheme: dark" in text
    assert "@media print" in text
    # Status is said in words and symbols, not colour alone.
    assert '<span class="sym" aria-hidden="true">✗</span>failed' in text


def test_html_in_a_plan_is_text_and_images_are_not_loaded(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")])
    text = path.read_text(encoding="utf-8").replace(
        "Run things.",
        "Run <script>alert(1)</script> things ![logo](https://example.com/a.png)"
        ' <img src="x.png"> **bold**.',
    )
    path.write_text(text, encoding="utf-8")
    html = page.render(gathered(repo))
    assert Loaders.found(html) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=&quot;x.png&quot;&gt;" in html
    assert "<strong>bold</strong>" in html
    # The image is not an image; at most a link a person may follow.
    assert '<a href="https://example.com/a.png">logo</a>' in html


def test_a_plan_outside_git_still_gets_a_page(plain_dir: Path) -> None:
    folder = plain_dir / "plans"
    folder.mkdir()
    (folder / "a.md").write_text(
        "# ExecPlan: Outside\n\n- Status: In Progress\n\n## Tasks\n\n"
        "| Status | ID | Description | Validation |\n| --- | --- | --- | --- |\n"
        "| X | 1 | First. | `true` |\n|  | 2 | Second. | `true` |\n",
        encoding="utf-8",
    )
    r = plan("report")
    assert r.code == 0, r.err
    text = (plain_dir / ".plan" / "report.html").read_text(encoding="utf-8")
    assert "ExecPlan: Outside" in text
    assert "<svg" not in text
    assert "not in a git repository" in text
    assert "1 passed, 1 outstanding" in text
    assert LOADERS.findall(text) == []


def test_an_uncommitted_plan_says_why_there_is_no_chart(repo: Path) -> None:
    (repo / "plans").mkdir()
    (repo / "plans" / "0001-new.md").write_text(
        TABLE.format(rows=row("1", "`true`"), gates="| Ok | `true` | passes |"), encoding="utf-8"
    )
    (p,) = gathered(repo).plans
    assert p.burnup == ()
    assert "not been committed" in p.burnup_note


def test_an_unreadable_plan_is_named_on_the_page(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    (repo / "plans" / "0002-bad.md").write_bytes(b"# Bad \xff\n")
    r = plan("report")
    assert r.code == 0
    assert "0002-bad.md" in r.err
    assert "UTF-8" in r.err
    text = (repo / ".git" / "plan" / "report.html").read_text(encoding="utf-8")
    assert "Cannot read this plan" in text
    assert text.count('<svg class="burnup"') == 1


def test_a_long_history_is_sampled_and_keeps_the_last_version(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_plan(repo, [row(str(i), "`true`") for i in range(1, 8)])
    for _ in range(7):
        assert plan("next").code == 0
    monkeypatch.setattr(pagedata, "MOST_VERSIONS", 3)
    (p,) = gathered(repo).plans
    assert p.versions == 8
    # Every third version, the last one, then now.
    assert [x.done for x in p.burnup] == [0, 3, 6, 7, 7]
    assert path.read_text(encoding="utf-8").count("| X ") == 7


def test_demo_ends_with_the_report(demo_run: DemoRun) -> None:
    r, target = demo_run, demo_run.target
    assert r.returncode == 0, r.stderr
    report = target / ".git" / "plan" / "report.html"
    assert report.as_uri() in r.stdout.splitlines()[-2]
    assert "ExecPlan: Greeting script" in report.read_text(encoding="utf-8")


# --- in a real browser -------------------------------------------------------------------

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def browser() -> str:
    """Chromium's path; skip (or fail in CI) when there is none, saying so."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    why = (
        f"no Chromium found (looked for {', '.join(BROWSERS)} on PATH); install Debian's"
        " `chromium` package to run the browser tests"
    )
    if os.environ.get("CI"):
        pytest.fail(why + " (CI is set: .ci/run installs it, so this is an error)")
    pytest.skip(why)


def headless(page_file: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Chromium, headless, with no name resolving anywhere and a net log of every request."""
    cmd = [
        browser(),
        "--headless",
        "--no-sandbox",  # CI runs as root, where the sandbox refuses to start
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--log-net-log={tmp / 'net.json'}",
        *args,
        page_file.as_uri(),
    ]
    return subprocess.run(cmd, capture_output=True, timeout=120, check=True)


def page_requests(net_log: Path) -> list[str]:
    """URLs the page asked for (the browser's own update checks have no page as initiator)."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        e["params"]["url"]
        for e in log["events"]
        if e["type"] == start
        and "url" in e.get("params", {})
        and e["params"].get("initiator") != "not an origin"
    ]


class Dom(HTMLParser):
    """What the test looks for in the DOM Chromium dumps."""

    def __init__(self) -> None:
        super().__init__()
        self.svgs: list[dict[str, str | None]] = []
        self.h2: list[str] = []
        self._in_h2 = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.svgs.append(dict(attrs))
        self._in_h2 = tag == "h2" or self._in_h2

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.h2.append(data)
        self.text.append(data)


def two_plans(repo: Path) -> Path:
    three_runs(repo)
    write_plan(repo, [row("A", "`true`"), row("B", "`true`")], name="0002-second.md")
    assert plan("run", "-p", "0002", "A").code == 0
    r = plan("report")
    assert r.code == 0, r.err
    return repo / ".git" / "plan" / "report.html"


def test_chromium_shows_every_plan_and_loads_nothing(repo: Path, tmp_path: Path) -> None:
    report = two_plans(repo)
    done = headless(report, tmp_path, "--dump-dom")
    dom = Dom()
    dom.feed(done.stdout.decode("utf-8"))
    titles = "".join(dom.h2)
    assert "ExecPlan: Run fixture" in titles
    assert titles.count("ExecPlan: Run fixture") == 2  # the first plan and the second
    charts = [s for s in dom.svgs if s.get("class") == "burnup"]
    assert len(charts) == 2
    assert all(s.get("role") == "img" for s in charts)
    text = " ".join(dom.text)
    assert "1 passed, 1 failed, 1 outstanding" in text
    assert "1 passed, 1 outstanding" in text
    assert page_requests(tmp_path / "net.json") == []


def test_the_net_log_would_see_a_request(tmp_path: Path) -> None:
    # The check above can fail: a page with an image is caught asking for it.
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<!DOCTYPE html><img src="https://example.invalid/a.png">', "utf-8")
    headless(leaky, tmp_path, "--dump-dom")
    assert page_requests(tmp_path / "net.json") == ["https://example.invalid/a.png"]


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) pixels of an 8-bit, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, b"", b""
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        at += 12 + size
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8
    assert colour in (2, 6)
    assert interlace == 0
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [b"".join(r[i : i + 3] for i in range(0, stride, bpp)) for r in rows]


def test_a_screenshot_is_not_blank(repo: Path, tmp_path: Path) -> None:
    report = two_plans(repo)
    shot = tmp_path / "shot.png"
    headless(report, tmp_path, f"--screenshot={shot}", "--window-size=1200,900")
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1200, 900)
    colours = {row[i : i + 3] for row in rows[::4] for i in range(0, len(row), 12)}
    assert len(colours) > 20, "the screenshot is (nearly) one colour"
    # The light theme's background, and the green of passed work in the progress bars.
    assert rows[2][:3] == b"\xff\xff\xff"
    assert any(b"\x1a\x7f\x37" in r for r in rows), "no progress bar drawn"


def test_open_hands_the_page_to_the_browser(repo: Path, tmp_path: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    opened = tmp_path / "opened.txt"
    recorder = tmp_path / "browser.py"
    recorder.write_text(
        f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n", encoding="utf-8"
    )
    env = {**os.environ, "BROWSER": f"{sys.executable} {recorder} %s"}
    r = subprocess.run(
        [sys.executable, "-m", "runner", "report", "--open"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0, r.stderr
    assert opened.read_text(encoding="utf-8") == (repo / ".git/plan/report.html").as_uri()


def test_secrets_in_a_failure_log_are_masked(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEPLOY_TOKEN", "s3cret-value-42")
    write_plan(repo, [row("1", '`echo "using $DEPLOY_TOKEN"; exit 1`')])
    assert plan("next").code == 1
    (p,) = gathered(repo).plans
    assert p.failure is not None
    assert "using ***" in p.failure.log_tail
    html = page.render(gathered(repo))
    assert "s3cret-value-42" not in html


def test_browser_search_says_why_it_skips_or_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match=r"no Chromium found.*CI is set"):
        browser()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="install Debian's `chromium` package"):
        browser()


def test_a_plan_in_another_repository_is_read_with_its_own_history(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q", "-b", "trunk")
    path = write_plan(other, [row("1", "`true`")])
    monkeypatch.chdir(other)
    assert plan("next").code == 0
    monkeypatch.chdir(repo)
    (p,) = page.build(layout.workspace(repo), [str(path)], NOW).plans
    assert p.path == os.path.relpath(path, repo)
    assert p.versions == 2
    assert [x.done for x in p.burnup] == [0, 1, 1]


def test_it_prints(repo: Path, tmp_path: Path) -> None:
    report = two_plans(repo)
    pdf = tmp_path / "report.pdf"
    headless(report, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) >= 3  # the overview and two plans


def test_dark_mode_follows_the_system(repo: Path, tmp_path: Path) -> None:
    report = two_plans(repo)
    shot = tmp_path / "dark.png"
    headless(report, tmp_path, "--force-dark-mode", f"--screenshot={shot}", "--window-size=800,600")
    _, _, rows = png_pixels(shot.read_bytes())
    assert rows[2][:3] == bytes.fromhex("0d1117")  # the dark theme's background
