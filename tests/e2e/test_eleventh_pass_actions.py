"""Issue 19, rule 6 (the tenth attacker's second list): a check observes, never acts.

Each command below ran as a check before. They are read as families, not phrasings:
- a write whose target the runner cannot place in the work tree or a temporary folder (a
  bare `cd`, `${PWD%/*}`, `"$(dirname "$PWD")"`, `Path.home()`), with `..` resolved and a
  link in /tmp followed;
- a target named by an option (`cp -t DIR`, `gcc -oF`, `go build -o F`, `TMPDIR=D`);
- short options read in clusters as the tools read them (`curl -sSfX POST`, `gh api -XPOST`);
- a program run through a wrapper whose options are not known one by one (`unshare -r`,
  `bwrap ... --`), or Perl's `exec LIST`;
- a job handed to a daemon (`at`, `batch`, `systemd-run`), a container given the host.
Each test runs `plan run` in a real repository and proves the command never ran: the
programs that would change the machine are stand-ins on PATH that leave a sentinel.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from runner.errors import EXIT_MANUAL
from tests.conftest import git
from tests.helpers import plan, row, write_plan

# A port nothing listens on: had the old code run the request, it failed at once.
URL = "http://127.0.0.1:9/x"
STAND_INS = ("gcc", "cc", "clang", "rustc", "go", "at", "batch", "systemd-run", "docker",
             "unshare", "chroot", "firejail", "bwrap", "setpriv", "runuser")  # fmt: skip


@pytest.fixture
def stand_ins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Programs on PATH that leave a sentinel when they run (and run nothing)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    sentinel = tmp_path / "ran"
    for name in STAND_INS:
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{sentinel}"\n', encoding="utf-8")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return sentinel


def run_one(repo: Path, command: str) -> tuple[int, str]:
    write_plan(repo, [row("T1", "`" + command.replace("|", "\\|") + "`")])
    r = plan("run", "T1", "--json")
    return r.code, r.out + r.err


def outside_files(repo: Path) -> set[str]:
    """The files beside the repository (its parent is the test's own folder)."""
    return {p.name for p in repo.parent.iterdir()} - {"repo", "bin", "home"}


@pytest.mark.parametrize(
    "command",
    [
        "cd; touch f",
        "cd && touch f",
        "cd ~ && touch f",
        "cd - && touch f",
        "touch ${PWD%/*}/f",
        'touch "${PWD%/*}/f"',
        'touch "$(realpath ..)/f"',
        'touch "$(dirname "$PWD")/f"',
        "mkdir -p $(dirname $PWD)/f",
        "cd .. && touch f",
        'cd "$OLDPWD" && touch f',
        "cd @OUT@ && touch f",
        "echo x > $OUT/f",
        "python3 -c \"import pathlib; (pathlib.Path.home() / 'f').write_text('x')\"",
        "python3 -c \"from pathlib import Path; Path.home().joinpath('f').touch()\"",
        "python3 -c \"import os; open(os.path.join(os.environ['HOME'], 'f'), 'w')\"",
        "python3 -c \"import os; open(os.path.expanduser('~') + '/f', 'w')\"",
        "node -e \"require('fs').writeFileSync(require('os').homedir() + '/f', 'x')\"",
    ],
)
def test_a_write_the_runner_cannot_place_never_runs_as_a_check(
    repo: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    home = repo.parent / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("OUT", str(home))
    monkeypatch.setenv("OLDPWD", str(home))
    code, out = run_one(repo, command.replace("@OUT@", str(home)))
    assert code == EXIT_MANUAL, out
    assert not list(home.iterdir())
    assert outside_files(repo) == set()


@pytest.mark.parametrize(
    "command",
    [
        "cp -t .. a",
        "cp -t ../ a",
        "cp -vt.. a",
        "cp --target-directory=.. a",
        "mv -t .. a",
        "ln -t .. a",
        "install -m 644 -t .. a",
        "gcc -o ../f a.c",
        "gcc -o../f a.c",
        "cc a.c -o ../f",
        "clang -o ~/f a.c",
        "rustc -o ../f a.rs",
        "go build -o ../f .",
        "go build -o=../f .",
        "go test -coverprofile=../f ./...",
        "sort -o../f a",
        "sort -o ../f a",
        "TMPDIR=.. mktemp",
        'TMP=.. TMPDIR=.. python3 -c "import tempfile; tempfile.mkstemp()"',
        "mktemp -p ..",
        "tar -C .. -xf a.tar",
        "tar -cf a.tar a && tar -xf a.tar -C..",
        "tar -cf a.tar a && tar -xzC .. -f a.tar",
        "unzip -d .. a.zip",
        "unzip -d.. a.zip",
        "unzip -qd .. a.zip",
        "mktemp -dp ..",
        "mktemp -p..",
    ],
)
def test_a_target_named_by_an_option_outside_the_tree_is_an_action(
    repo: Path, stand_ins: Path, command: str
) -> None:
    (repo / "a").write_text("x\n", encoding="utf-8")
    code, out = run_one(repo, command)
    assert code == EXIT_MANUAL, out
    assert not stand_ins.exists()
    assert outside_files(repo) == set()


@pytest.mark.parametrize(
    "command",
    [
        "curl -sSfX POST @URL@",
        "curl -sXPUT @URL@",
        "curl -sX PUT @URL@",
        "curl -sSX PATCH @URL@",
        "curl -sd x @URL@",
        "curl -sSfdX @URL@",
        "curl -sX PURGE @URL@",
        "wget -q --method=POST @URL@",
        "wget -q --method POST @URL@",
        "gh api -XPOST repos/o/r/dispatches",
        "gh api -X POST repos/o/r/dispatches",
        "gh api -fname=x repos/o/r/labels",
    ],
)
def test_a_write_in_a_cluster_of_short_options_never_runs_as_a_check(
    repo: Path, command: str
) -> None:
    code, out = run_one(repo, command.replace("@URL@", URL))
    assert code == EXIT_MANUAL, out


@pytest.mark.parametrize(
    "command",
    [
        "unshare -r git tag v1",
        "unshare --map-root-user git tag v1",
        "runuser -u root -- git tag v1",
        "setpriv --reuid=0 git tag v1",
        "chroot / git tag v1",
        "firejail git tag v1",
        "bwrap --bind / / -- git tag v1",
        "bwrap --ro-bind / / --dev /dev git tag v1",
        'perl -e \'exec "git", "tag", "v1"\'',
        'perl -e \'system "git", "tag", "v1"; print 1\'',
        'ruby -e \'system "git", "tag", "v1"\'',
    ],
)
def test_a_program_run_through_a_wrapper_is_judged(
    repo: Path, stand_ins: Path, command: str
) -> None:
    code, out = run_one(repo, command)
    assert code == EXIT_MANUAL, out
    assert git(repo, "tag", "-l") == ""
    assert not stand_ins.exists()


@pytest.mark.parametrize(
    "command",
    [
        "echo 'git tag v1' | at now",
        "echo true | at now + 1 minute",
        "echo 'git tag v1' | batch",
        "systemd-run git tag v1",
        "systemd-run --user true",
        "docker run -v /:/host alpine true",
        "docker run --rm --volume=/etc:/x alpine true",
        "docker run -it -v ~/.ssh:/root/.ssh alpine true",
        "docker run --mount type=bind,source=/,target=/host alpine true",
        "docker run --privileged alpine true",
        "docker run --pid=host alpine true",
    ],
)
def test_a_job_handed_to_a_daemon_never_runs_as_a_check(
    repo: Path, stand_ins: Path, command: str
) -> None:
    code, out = run_one(repo, command)
    assert code == EXIT_MANUAL, out
    assert not stand_ins.exists()


@pytest.fixture
def link_out_of_tmp() -> object:
    """A symbolic link in /tmp that leads out of it (to /), removed after the test."""
    if not Path("/tmp").is_dir() or Path("/tmp").resolve() != Path("/tmp"):
        pytest.skip("needs a plain /tmp")
    folder = Path(tempfile.mkdtemp(prefix="plan-link-", dir="/tmp"))
    (folder / "out").symlink_to("/")
    yield folder / "out"
    shutil.rmtree(folder)


def test_a_write_through_a_link_in_tmp_that_leads_out_is_an_action(
    repo: Path, link_out_of_tmp: Path
) -> None:
    target = f"{link_out_of_tmp}/plan-test-not-there-{os.getpid()}/f"
    code, out = run_one(repo, f"echo x > {target}")
    assert code == EXIT_MANUAL, out
    assert "leads to" in out


@pytest.mark.parametrize(
    "command",
    [
        "echo x > /tmp/../root/plan-test-f",
        "ln -s / /tmp/plan-test-link-$$ && echo x > /tmp/plan-test-link-$$/f",
        "ln -s /etc /tmp/plan-test-link-$$; touch /tmp/plan-test-link-$$/f",
        "python3 -c \"import os; os.symlink('/', 'out')\"",
        "node -e \"require('fs').symlinkSync('/', 'out')\"",
    ],
)
def test_a_tmp_path_that_leaves_tmp_as_written_is_an_action(repo: Path, command: str) -> None:
    code, out = run_one(repo, command)
    assert code == EXIT_MANUAL, out


@pytest.mark.parametrize(
    "command",
    [
        "mkdir sub && cd sub && touch f",
        "mkdir sub && cd sub && true",
        "cd /tmp && ls",
        "go build ./...",
        "go build -o bin/x .",
        "gcc -o /tmp/plan-test-x a.c",
        "gcc -o build/x a.c",
        'cd "$PWD" && touch f',
        "touch $PWD/f",
        'D=out; mkdir -p $D && echo x > "$D/f"',
        "echo x > /tmp/plan-test-$$ && rm /tmp/plan-test-$$",
        "mktemp -p /tmp",
        "mktemp -dp /tmp",
        "mkdir -p out && tar -cf a.tar a && tar -xf a.tar -Cout",
        'TMPDIR="$(mktemp -d)" mktemp',
        "cp a /tmp/plan-test-$$ && rm /tmp/plan-test-$$",
        "mkdir -p out && cp -t out a",
        "sort -o out.txt a",
        "sort -T /tmp -o out.txt a",
        "curl -sS --max-time 1 @URL@ || true",
        "curl -sSfX GET --max-time 1 @URL@ || true",
        "python3 -c \"import os; print(os.path.expanduser('~'))\"",
        'python3 -c "from pathlib import Path; print(Path.home())"',
        'docker run --rm -v "$PWD":/src alpine true',
        "docker run --rm -v /etc:/x:ro alpine true",
    ],
)
def test_checks_that_stay_in_place_still_run(repo: Path, stand_ins: Path, command: str) -> None:
    (repo / "a").write_text("x\n", encoding="utf-8")
    code, out = run_one(repo, command.replace("@URL@", URL))
    assert code == 0, out
    assert '"status": "passed"' in out


@pytest.mark.parametrize(
    "command",
    [
        "export TMPDIR=..; mktemp",
        "TMPDIR=..; export TMPDIR; mktemp",
    ],
)
def test_a_temporary_folder_set_outside_the_tree_is_an_action(repo: Path, command: str) -> None:
    code, out = run_one(repo, command)
    assert code == EXIT_MANUAL, out
    assert outside_files(repo) == set()


@pytest.mark.parametrize(
    "command",
    [
        "true  # a note (at most 4,000 characters)",
        "true  # then (git push) by hand",
        "echo $# && true  # count",
    ],
)
def test_a_comment_is_not_read_as_a_command(repo: Path, command: str) -> None:
    """`# (at most ...)` is prose the shell skips: not `at`, nor `git push`."""
    code, out = run_one(repo, command)
    assert code == 0, out
    assert '"status": "passed"' in out
