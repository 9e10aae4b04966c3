"""One command in its own process group: output to a log (and echoed), a deadline, and Ctrl-C
or SIGTERM stopping the whole group; the tail of its output kept on the way for the line that
explains the run (`summaries.summary_line`, secrets masked first)."""

from __future__ import annotations

import math
import os
import selectors
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from runner.plan.results import CommandRun
from runner.run import substitutions
from runner.run.summaries import TailBuffer

if TYPE_CHECKING:
    from runner.run.streaming import Echo

GRACE_S = 2.0
# A command's log keeps its first LOG_HEAD bytes and its last LOG_TAIL (what expected output
# is compared with), whatever it prints: `yes` for half an hour would fill the disk.
LOG_HEAD = 64 << 20
LOG_TAIL = 1 << 20
DRAIN_S = 0.5  # how long the last output may take to arrive once the command exited
CHUNK = 65536


class Stop:
    """Set by SIGINT/SIGTERM/SIGHUP: running commands are stopped, nothing new starts."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signum = 0

    def trip(self, signum: int) -> None:
        """Record the first signal and wake every waiting command."""
        if not self.signum:
            self.signum = signum
        self.event.set()


@contextmanager
def catch_signals(stop: Stop) -> Iterator[None]:
    """Turn Ctrl-C, SIGTERM and SIGHUP (the terminal closed, an ssh session dropped) into
    `stop` while commands run (main thread only): the command's own process group, which
    the terminal's hangup never reaches, is stopped and the run recorded as interrupted."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = [signal.SIGINT, signal.SIGTERM]
    if hasattr(signal, "SIGHUP"):
        caught.append(signal.SIGHUP)
    previous = {s: signal.getsignal(s) for s in caught}

    def handler(signum: int, _frame: object) -> None:
        stop.trip(signum)

    for s in previous:
        signal.signal(s, handler)
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


# Detached children (issue 19): a check that starts `setsid -f sh -c 'sleep 5; echo x >>
# plans/p.md'` leaves its process group, so killing the group misses it, and it would edit
# the plan after the run. On Linux the runner is a child subreaper while a check runs: what
# the check orphans is reparented to the runner instead of init, and is stopped when the
# check ends. Only while checks run: what else the runner's process starts (an agent, git's
# own detached gc) keeps going to init as it always did.
_PR_SET_CHILD_SUBREAPER = 36
_reaper = threading.Lock()
_holding = [0]  # how many commands being run now hold the subreaper
_unable: list[bool] = []  # set once prctl is found missing
_running: set[int] = set()  # the shells of the commands being run now
_marks: set[str] = set()  # the marks of the commands being run now that hold orphans
_baseline: list[set[int]] = [set()]  # the runner's children when the first of them began
_count = [0]
# Every check's processes carry its mark in their environment, so an orphan given to the
# runner can be told apart when several checks run at once (`plan gates -j 2`): the sweep at
# the end of one check leaves what another running check detached to that check.
MARK = "PLAN_CHECK_MARK"


def detached_stopped() -> bool:
    """Whether what a check detaches from its group is stopped when it ends (Linux, where
    the runner can be a child subreaper): then nothing of a check outlives it."""
    return sys.platform.startswith("linux") and not _unable


def _prctl_subreaper(on: bool) -> bool:
    if _unable or not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) == 0:
            return True
    except (OSError, AttributeError):
        pass
    _unable.append(True)
    return False


@contextmanager
def _orphans_held(wanted: bool) -> Iterator[str | None]:
    """While it lasts, orphans of this process's descendants are given to it (Linux); the
    mark the command's environment carries (None: orphans are not held)."""
    held = False
    mark = ""
    if wanted:
        with _reaper:
            held = _holding[0] > 0 or _prctl_subreaper(True)
            if held:
                if _holding[0] == 0:
                    # What the runner had before any check began is none of theirs; what a
                    # check left comes after, whichever check's sweep meets it.
                    _baseline[0] = set(_children())
                _holding[0] += 1
                _count[0] += 1
                mark = f"{os.getpid()}.{_count[0]}"
                _marks.add(mark)
    try:
        yield mark if held else None
    finally:
        if held:
            with _reaper:
                _marks.discard(mark)
                _holding[0] -= 1
                if _holding[0] == 0:
                    _prctl_subreaper(False)


def _mark_of(pid: int) -> str | None:
    """The check mark in a process's environment (None: it has none, or it cannot be read)."""
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            environ = f.read()
    except OSError:
        return None
    key = MARK.encode() + b"="
    for item in environ.split(b"\0"):
        if item.startswith(key):
            return item[len(key) :].decode(errors="replace")
    return None


def _children() -> dict[int, tuple[int, str]]:
    """This process's children: pid -> (process group, its command line or name)."""
    me = os.getpid()
    found: dict[int, tuple[int, str]] = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return found
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) < 3 or fields[1] != str(me):
            continue
        comm = stat[stat.find("(") + 1 : stat.rfind(")")]
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            cmdline = ""
        found[int(name)] = (int(fields[2]), cmdline or comm)
    return found


def _stop_orphans(own: str) -> list[str]:
    """Kill and reap the processes a command left behind that were given to this process
    (not its own children from before the first running check began, nor a command still
    running, nor the runner's own helpers, which stay in its process group). Each one's group
    goes with it, so a daemon's children do not outlive it; theirs come back here, and are
    taken in turn. What carries the mark of another check still running is that check's;
    what carries no mark (its environment was emptied) waits until no other check runs.
    The command lines of those stopped."""
    stopped: list[str] = []
    mine = os.getpgrp()
    for _ in range(100):
        with _reaper:
            others = _marks - {own}
            left = {
                pid: seen
                for pid, seen in _children().items()
                if pid not in _baseline[0]
                and pid not in _running
                and seen[0] != mine
                and not _someone_elses(_mark_of(pid), own, others)
            }
        if not left:
            break
        for pid, (group, cmdline) in left.items():
            try:
                if group == pid:
                    os.killpg(pid, signal.SIGKILL)
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            stopped.append(cmdline)
    return stopped


def _someone_elses(mark: str | None, own: str, others: set[str]) -> bool:
    """Whether an orphan belongs to a check other than this one that still runs."""
    if mark == own:
        return False
    if mark is None or not mark.startswith(f"{os.getpid()}."):
        return bool(others)  # whose it is cannot be told: the last check to end stops it
    return mark in others


def _kill_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """TERM the whole group, then KILL what is left after the grace period."""
    _kill_group(proc, signal.SIGTERM)
    try:
        proc.wait(timeout=GRACE_S)
    except subprocess.TimeoutExpired:
        pass
    _kill_group(proc, signal.SIGKILL)


@dataclass
class _Watch:
    """What happened while a command ran: stopped by its deadline or a signal, and the tail
    of its output (bounded) to find the line that explains the run in."""

    timed_out: bool = False
    interrupted: bool = False
    tail: TailBuffer = field(default_factory=TailBuffer)
    lines: int = 0
    orphans: list[str] = field(default_factory=list)

    def scan(self, chunk: bytes) -> None:
        """Keep the tail of the output, and count its lines."""
        self.tail.feed(chunk)
        self.lines += chunk.count(b"\n")

    def text(self, code: int | None, command: str, env: dict[str, str]) -> str:
        """The line of the output that explains the run, secrets masked."""
        from runner.run.checks import explain_output

        return explain_output(self.tail.getvalue(), code, command, env)


def _pump(
    proc: subprocess.Popen[bytes],
    log: IO[bytes],
    echo: Echo | None,
    stop: Stop,
    deadline: float,
    clock: Callable[[], float],
    mark: str | None,
) -> _Watch:
    """Copy the command's output to the log (and echo) until it ends, is stopped or times out.

    The command is done when its process exits (issue 11): its group is killed then, and the
    pipe is read only `DRAIN_S` longer, since a daemon that left the group (`setsid`) may hold
    it open for as long as it lives.
    """
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    watch = _Watch()
    drain_until = math.inf
    eof = False
    kept = _Kept(log)
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while clock() < drain_until:
            if stop.event.is_set() and not watch.interrupted:
                watch.interrupted = True
                _stop_group(proc)
            if not watch.timed_out and not watch.interrupted and clock() > deadline:
                watch.timed_out = True
                _stop_group(proc)
            if drain_until == math.inf and proc.poll() is not None:
                _kill_group(proc, signal.SIGKILL)  # nothing of the command may outlive it
                if mark is not None:  # nor what it detached (`setsid`)
                    watch.orphans += _stop_orphans(mark)
                drain_until = clock() + DRAIN_S
            if eof:
                # The command closed its output (`exec >/dev/null 2>&1; sleep 60`) but runs
                # on: its process, not its pipe, says when it is done (issue 19), and its
                # deadline and Ctrl-C still hold.
                try:
                    proc.wait(timeout=0.05)  # returns the moment it exits
                except subprocess.TimeoutExpired:
                    continue
                break
            if not sel.select(timeout=0.05):
                continue
            chunk = os.read(fd, CHUNK)
            if not chunk:
                eof = True
                sel.unregister(fd)
                continue
            kept.write(chunk)
            if echo is not None:
                echo.write(chunk)
                echo.flush()
            watch.scan(chunk)
    kept.close()
    return watch


class _Kept:
    """A log that keeps the first LOG_HEAD bytes written and the last LOG_TAIL, with a line
    between them saying how much was not kept."""

    def __init__(self, log: IO[bytes]) -> None:
        self.log = log
        self.written = 0
        self.dropped = 0
        self.tail = bytearray()

    def write(self, chunk: bytes) -> None:
        room = LOG_HEAD - self.written
        if room > 0:
            self.log.write(chunk[:room])
            self.written += min(room, len(chunk))
            chunk = chunk[room:]
        if chunk:
            self.tail += chunk
            if len(self.tail) > LOG_TAIL:
                self.dropped += len(self.tail) - LOG_TAIL
                del self.tail[: len(self.tail) - LOG_TAIL]

    def close(self) -> None:
        if self.dropped:
            self.log.write(
                f"\n[plan: {self.dropped} bytes of output not kept in this log; its last"
                f" {len(self.tail)} bytes follow]\n".encode()
            )
        self.log.write(bytes(self.tail))


# bash with `pipefail`, so `pytest | tail -5` fails when pytest does (issue 19); `sh` where
# there is no bash (README, "How a run works").
SHELLS = (
    ("bash", "-o", "pipefail", "-c"),
    # bash where it usually is, when the PATH given leaves it out (the seventh pass: a
    # minimal PATH fell back to sh, and `false | cat` passed there without a word)
    ("/bin/bash", "-o", "pipefail", "-c"),
    ("/usr/bin/bash", "-o", "pipefail", "-c"),
    ("/usr/local/bin/bash", "-o", "pipefail", "-c"),
    ("sh", "-c"),
)

# What bash reads before the command (through BASH_ENV, so the command's own text, `$0` and
# line numbers are untouched): an EXIT trap that writes the statuses of the last pipeline
# (`${PIPESTATUS[@]}`) to a file, and a `trap` that puts a command's own EXIT trap after it
# (`$?` kept) instead of in its place. Only the top shell writes; a subshell's trap does not.
_HEAD = '__plan_pipes "$?" "${PIPESTATUS[@]}"'
_PRELUDE = """__plan_pid=$$
__plan_pipes() {{
  if [ "$BASHPID" = "$__plan_pid" ]; then
    printf '%s\\n' "${{*:2}}" >{out} 2>/dev/null
    {wait}
  fi
  return "$1"
}}
{subs}
builtin trap -- {head} EXIT
trap() {{
  local act exit= s rest=()
  if [ "${{1-}}" = -- ]; then shift
  elif [ $# -eq 0 ] || [[ $1 = -?* ]]; then builtin trap "$@"; return; fi
  [ $# -eq 1 ] && set -- - "$1"
  act=$1; shift
  for s; do
    case ${{s^^}} in 0|EXIT|SIGEXIT) exit=1 ;; *) rest+=("$s") ;; esac
  done
  if [ ${{#rest[@]}} -gt 0 ]; then builtin trap -- "$act" "${{rest[@]}}" || return; fi
  if [ -n "$exit" ]; then
    act=${{act#{head}}}; act=${{act#$'\\n'}}  # a trap saved with `trap -p` comes back whole
    case $act in -|'') act= ;; esac
    builtin trap -- {head}"${{act:+$'\\n'$act}}" EXIT
  fi
}}
{env}
"""


def _prelude(out: Path, bash_env: str | None, subs: Path | None = None) -> str:
    """The text bash reads first: the statuses to `out`, the command's own BASH_ENV after;
    with `subs`, what makes its process substitutions report their exits there."""
    if bash_env is None:
        env = "unset BASH_ENV"
    else:
        env = f'export BASH_ENV={shlex.quote(bash_env)}\n[ -f "$BASH_ENV" ] && . "$BASH_ENV"'
    wait, observe = ":", ""
    if subs is not None:
        wait, observe = "__plan_subwait", substitutions.PRELUDE.format(subs=shlex.quote(str(subs)))
    return _PRELUDE.format(
        out=shlex.quote(str(out)), head=shlex.quote(_HEAD), env=env, wait=wait, subs=observe
    )


def _pipe_statuses(path: Path) -> list[int] | None:
    """The statuses of the last pipeline the shell ran, or None when it did not say (`sh`,
    `exec`, a trap the command set with `builtin trap`)."""
    try:
        words = path.read_text(encoding="ascii").split()
        return [int(w) for w in words] or None
    except (OSError, ValueError):
        return None


def _sigpipe_is_fine(
    code: int, statuses: list[int] | None, command: str = "", lines: int | None = None
) -> int:
    """With `pipefail`, `seq 1 1000000 | head -1` exits 141: `seq` was killed by SIGPIPE
    because `head` had read enough, and `head` succeeded: exit 0, as a person reads it.
    `echo x | tool` where `tool`, the last stage, dies of SIGPIPE is a failure: 141 is read
    as 0 only when bash says the pipeline's last stage exited 0 (issue 19). Nor is it when
    the stage after the one that died reads to the end of its input (`cat`, `sort`, `wc`,
    a `grep` without -q or -m) and exited 0: no reader closed that pipe early, so the 141
    is the writer's own (a program that kills itself with SIGPIPE, or exits 141). So too
    when the last stage is `head -n N` and the command printed fewer than N lines (`lines`,
    its output's lines): `head` read all it was given, so it closed nothing early."""
    sigpipe = 128 + signal.SIGPIPE
    if code != sigpipe or statuses is None or len(statuses) < 2 or statuses[-1] != 0:
        return code
    rightmost = next((s for s in reversed(statuses) if s), 0)  # the status under `pipefail`
    if rightmost != sigpipe:
        return code
    stages = last_pipeline(command)
    if (stages is None or len(stages) != len(statuses)) and statuses[-2] == sigpipe:
        # A pipeline not read whole (a group, a subshell: `(exit 141) | cat`, the eleventh
        # pass): its last stage still says whether a reader closed the pipe early.
        tail = _last_stage(command)
        if tail is not None and reads_to_the_end(tail):
            return code
    if stages is not None and len(stages) == len(statuses):
        for i, status in enumerate(statuses[:-1]):
            if status != sigpipe or statuses[i + 1] != 0:
                continue
            if reads_to_the_end(stages[i + 1]):
                return code
            wanted = head_count(stages[i + 1]) if i + 2 == len(stages) else None
            if wanted is not None and lines is not None and lines < wanted:
                return code
    return 0


def _last_stage(command: str) -> list[str] | None:
    """The words after a command's last pipe (`|`, not `||`), or None."""
    try:
        lexer = shlex.shlex(command, posix=True, punctuation_chars="|&;()<>")
        lexer.whitespace_split = True
        tokens = list(lexer)
    except ValueError:
        return None
    pipes = [k for k, t in enumerate(tokens) if t == "|"]
    if not pipes:
        return None
    tail = tokens[pipes[-1] + 1 :]
    if any(set(t) <= set("|&;()<>{}") for t in tail):
        return None  # more than one simple command after the pipe
    return tail or None


# Programs that read all of their input before they end, whatever it holds.
_FULL_READERS = frozenset(
    [
        *("cat", "tee", "sort", "wc", "uniq", "tr", "cut", "nl", "tac", "rev", "fold"),
        *("paste", "od", "xxd", "hexdump", "base64", "md5sum", "sha1sum", "sha256sum"),
        *("sha512sum", "cksum", "gzip", "bzip2", "xz", "zstd", "column", "fmt", "expand"),
        "unexpand",
    ]
)
_SEARCHERS = frozenset(["grep", "egrep", "fgrep", "rg"])
_STOPS_EARLY = frozenset("qmlL")  # grep's options that end before the input does
_STOPS_EARLY_LONG = frozenset(
    ["--quiet", "--silent", "--max-count", "--files-with-matches", "--files-without-match"]
)


def head_count(stage: list[str]) -> int | None:
    """How many lines a `head` stage prints before it stops reading (10 by default); None
    for anything else (`head -c`, another program, a count not read)."""
    words = list(stage)
    while words and "=" in words[0] and not words[0].startswith("="):
        words = words[1:]
    if not words or os.path.basename(words[0]) != "head":
        return None
    count = "10"
    args = words[1:]
    for n, w in enumerate(args):
        if w in ("-c", "--bytes") or w.startswith(("-c", "--bytes=")):
            return None
        if w in ("-n", "--lines") and n + 1 < len(args):
            count = args[n + 1]
        elif w.startswith("--lines="):
            count = w.split("=", 1)[1]
        elif w.startswith("-n"):
            count = w[2:]
        elif w[1:].isdigit() and w.startswith("-"):
            count = w[1:]
    if count.startswith("-"):
        return 1 << 62  # all but the last lines: it reads to the end
    return int(count) if count.isdigit() else None


def reads_to_the_end(stage: list[str]) -> bool:
    """Whether a pipeline stage (its words) reads all of its input."""
    words = list(stage)
    while words and "=" in words[0] and not words[0].startswith("="):
        words = words[1:]  # VAR=value before the program
    if not words:
        return False
    program = os.path.basename(words[0])
    if program in _FULL_READERS:
        return True
    if program not in _SEARCHERS:
        return False
    for w in words[1:]:
        if w.startswith("--") and w.split("=")[0] in _STOPS_EARLY_LONG:
            return False
        if w.startswith("-") and not w.startswith("--") and set(w[1:]) & _STOPS_EARLY:
            return False
    return True


def last_pipeline(command: str) -> list[list[str]] | None:
    """The words of each stage of the command's last pipeline (`a | b -x` -> [[a], [b, -x]]);
    None when the shell's grammar there is more than this reads (subshells, braces,
    unbalanced quotes), so nothing is guessed."""
    try:
        lexer = shlex.shlex(command.replace("\n", " ; "), posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        tokens = list(lexer)
    except ValueError:
        return None
    pipelines: list[list[list[str]]] = [[[]]]
    for token in tokens:
        if token in (";", "&&", "||", "&", ";;"):
            pipelines.append([[]])
        elif token in ("|", "|&"):
            pipelines[-1].append([])
        elif token in ("(", ")", "{", "}"):
            return None
        else:
            pipelines[-1][-1].append(token)
    filled = [p for p in pipelines if any(p)]
    return filled[-1] if filled else None


def _start(
    command: str,
    cwd: Path,
    env: dict[str, str],
    pipes: Path,
    stdin: IO[bytes] | None = None,
    marked: str | None = None,
) -> subprocess.Popen[bytes]:
    """The command in its own process group under the first shell this machine has; stdin
    closed unless a file is given (an agent reads its brief there). Under bash the statuses
    of the last pipeline of a command with a pipe are written to `pipes`; `marked` is the
    command with its process substitutions marked, whose exits go beside it."""
    for n, shell in enumerate(SHELLS):
        given, text = env, command
        # Only a command with a pipe gets the prelude: a trap keeps bash from exec-ing the
        # last command in its own place (`echo $$ > pid; sleep 30` stays one process).
        bash = os.path.basename(shell[0]) == "bash"
        if bash and ("|" in command or marked is not None):
            subs = _substitutions(pipes) if marked is not None else None
            prelude = pipes.with_name("prelude.sh")
            prelude.write_text(_prelude(pipes, env.get("BASH_ENV"), subs), encoding="utf-8")
            given = {**env, "BASH_ENV": str(prelude)}
            text = marked or command
        try:
            return subprocess.Popen(
                [*shell, text],
                cwd=cwd,
                env=given,
                stdin=subprocess.DEVNULL if stdin is None else stdin,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                process_group=0,
            )
        except FileNotFoundError as exc:
            if n == len(SHELLS) - 1 or exc.filename != shell[0]:
                raise
    raise AssertionError("unreachable")


def _substitutions(pipes: Path) -> Path:
    return pipes.with_name("substitutions")


def _substitution_failed(marked: str | None, pipes: Path) -> int | None:
    """The failing exit of a process substitution of the command, when bash ran it marked
    (None: none failed, or it had none; a shell other than bash had none to run)."""
    if marked is None or not pipes.with_name("prelude.sh").exists():
        return None
    try:
        text: str | None = _substitutions(pipes).read_text(encoding="ascii")
    except (OSError, ValueError):
        text = None
    return substitutions.failed(text)


def run_command(
    command: str,
    *,
    cwd: Path,
    env: dict[str, str],
    timeout: float | None,
    log_path: Path,
    echo: Echo | None,
    stop: Stop,
    clock: Callable[[], float] = time.monotonic,
    stdin: Path | None = None,
    stop_detached: bool = True,
) -> CommandRun:
    """Run one command through `bash -c` in its own process group; output to the log (and echo).

    `timeout` is seconds; None or 0 means no limit. `stdin` is a file the command reads on
    its standard input (else it is closed). `stop_detached`: what the command detaches from
    its group (`setsid -f`) is stopped when it ends, as a check may leave nothing behind
    (Linux); an agent's is left to it.
    """
    start = clock()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log, tempfile.TemporaryDirectory(prefix="plan-run-") as scratch:
        log.write(f"$ {command}\n".encode())
        if stop.event.is_set():
            return CommandRun(command, None, 0.0, False, str(log_path), "", True)
        pipes = Path(scratch) / "pipestatus"
        with _orphans_held(stop_detached) as mark:
            if mark is not None:
                env = {**env, MARK: mark}
            try:
                marked = substitutions.observed(command) if "(" in command else None
                with _reaper:  # registered before any sweep can see it
                    if stdin is None:
                        proc = _start(command, cwd, env, pipes, None, marked)
                    else:
                        with stdin.open("rb") as given:
                            proc = _start(command, cwd, env, pipes, given, marked)
                    _running.add(proc.pid)
            except OSError as exc:
                log.write(f"cannot start a shell: {exc}\n".encode())
                why = f"cannot start a shell: {exc.strerror}"
                return CommandRun(command, 127, clock() - start, False, str(log_path), why)
            deadline = start + timeout if timeout else math.inf
            try:
                watch = _pump(proc, log, echo, stop, deadline, clock, mark)
                assert proc.stdout is not None
                proc.stdout.close()
                statuses = _pipe_statuses(pipes)
                code = _sigpipe_is_fine(proc.wait(), statuses, command, watch.lines)
                if code == 0 and (sub := _substitution_failed(marked, pipes)) is not None:
                    # `cat <(exit 4)`: bash said 0, the substitution said otherwise (case 13).
                    code = sub
                    note = (
                        f"plan: a process substitution (<(...) or >(...)) exited {sub}"
                        if pipes.with_name("substitutions").exists()
                        and _substitutions(pipes).read_text(encoding="ascii").endswith("end\n")
                        else "plan: the shell ended before its process substitutions could be"
                        " observed (exec, or its EXIT trap taken away): not a pass"
                    )
                    log.write(f"\n[{note}]\n".encode())
                    watch.scan(f"{note}\n".encode())
                # Nothing of the command may outlive it.
                _kill_group(proc, signal.SIGKILL)
            finally:
                with _reaper:
                    _running.discard(proc.pid)
                    # Before the last sweep: of two checks ending at once, the one that
                    # sweeps second must see no other running, and stop what no one owns.
                    _marks.discard(mark or "")
            if mark is not None:
                watch.orphans += _stop_orphans(mark)
            for left in dict.fromkeys(watch.orphans):
                log.write(f"\n[plan: stopped a process the command left running: {left}]".encode())
        duration = clock() - start
        log.write(
            f"\n[exit {code}{' timed out' if watch.timed_out else ''}"
            f"{' interrupted' if watch.interrupted else ''} after {duration:.2f}s]\n".encode()
        )
    stopped = watch.timed_out or watch.interrupted
    return CommandRun(
        command,
        None if stopped else code,
        duration,
        watch.timed_out,
        str(log_path),
        watch.text(None if stopped else code, command, env),
        watch.interrupted,
        pipe_statuses=tuple(statuses) if statuses else None,
    )
