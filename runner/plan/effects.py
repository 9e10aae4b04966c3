"""What a program's options and arguments make it do besides observing (docs/format.md,
"Checks and actions"; the ninth pass): the files it writes (`git diff --output=F`, `sed -n
'w F'`, `curl -o F`, `find -fprint F`, `openssl rand -out F`, `strace -o F`), the commands
it runs (`git -c core.fsmonitor=CMD`, `GIT_EXTERNAL_DIFF=CMD`, `tar
--checkpoint-action=exec=CMD`, `zip -TT CMD`, sed's `e`, awk's `"cmd" | getline`), and the
installs and project tools that change the machine or the project (`npm link`, `make
install`, `pre-commit install`, `rustup default`).

Pure: `effects(words, program)` reads one simple command's words (as the shell splits
them, and again with wrappers and assignments taken off); `runner.plan.actions` judges the
paths (outside the work tree or in `.git/` acts; inside, it is a write in the tree) and the
commands (by what they are).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from runner.markdown.patterns import later


@dataclass
class Effects:
    """What one simple command does through its options: files written, commands run (each
    with where it came from), and a reason when it acts on its own."""

    writes: list[str] = field(default_factory=list)
    runs: list[tuple[str, str]] = field(default_factory=list)
    acts: str | None = None


def effects(words: list[str], program: list[str]) -> Effects:
    """`words`: the simple command as split; `program`: the same with its leading
    assignments, wrappers and runners taken off (`python3 -m json.tool` is `json.tool`)."""
    out = Effects()
    _prefix(words, out)
    if program:
        prog = program_name(program[0])
        _program(prog, program[1:], out)
    return out


# A versioned pip (`pip3.11`, `pip-3.12`) is pip.
_PIP = later(r"^pip(?:-?\d+(?:\.\d+)*)?$")


def program_name(word: str) -> str:
    """The program a command word names, as the classifier reads it: the base name of a
    path (`/usr/bin/git`, `"$(npm bin)/eslint"`), quotes taken off, a versioned pip as
    `pip`. `git-tag` stays itself: `git_form` reads git's dashed forms."""
    name = word.strip("'\"").rsplit("/", 1)[-1].strip("'\"")
    return "pip" if _PIP.match(name) else name


# git's subcommands as programs of their own (`git-tag`, `/usr/lib/git-core/git-push`,
# `"$(git --exec-path)/git-tag"`): the ones git itself installs, in its exec path.
_GIT_DASHED = frozenset(
    """add am annotate apply archive bisect blame branch bundle cat-file check-attr
    check-ignore check-ref-format checkout checkout-index cherry cherry-pick clean clone
    commit commit-graph commit-tree config count-objects describe diff diff-files diff-index
    diff-tree difftool fast-export fast-import fetch fetch-pack filter-branch for-each-ref
    format-patch fsck gc grep hash-object help http-push index-pack init log ls-files
    ls-remote ls-tree maintenance merge merge-base merge-file merge-index merge-tree
    mergetool mktag mktree mv name-rev notes pack-objects pack-refs prune pull push
    range-diff read-tree rebase receive-pack reflog remote repack replace request-pull reset
    restore rev-list rev-parse revert rm send-email send-pack shortlog show show-ref
    sparse-checkout stash status submodule switch symbolic-ref tag unpack-objects
    update-index update-ref update-server-info upload-archive upload-pack var verify-commit
    verify-pack verify-tag whatchanged worktree write-tree""".split()  # noqa: SIM905
)


def git_form(word: str) -> str | None:
    """The git subcommand a program word runs when it is one of git's dashed forms
    (`git-tag` is `git tag`), or any program in git's exec folder (`git-core/`)."""
    path = word.strip("'\"")
    name = program_name(path)
    if not name.startswith("git-"):
        return None
    if name[4:] in _GIT_DASHED or "git-core/" in path:
        return name[4:]
    return None


# ---------------------------------------------------------------------------------------
# Option reading


def _values(args: list[str], shorts: str = "", longs: tuple[str, ...] = (),
            takes: str = "") -> list[str]:  # fmt: skip
    """The values given to the short options `shorts` (`-o F`, `-oF`, `-so F`) and the long
    options `longs` (`--output F`, `--output=F`); `takes` lists the other short options that
    take a value, so a cluster is read as the tool reads it."""
    found: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        nxt = args[i + 1] if i + 1 < len(args) else None
        if a == "--":
            break
        if a.startswith("--"):
            name, eq, value = a.partition("=")
            if name in longs:
                if eq:
                    found.append(value)
                elif nxt is not None:
                    found.append(nxt)
                    i += 1
        elif a.startswith("-") and len(a) > 1:
            for k, ch in enumerate(a[1:], start=1):
                if ch in shorts or ch in takes:
                    rest = a[k + 1 :]
                    given = rest if rest else nxt
                    if not rest and nxt is not None:
                        i += 1
                    if ch in shorts and given is not None:
                        found.append(given)
                    break
        i += 1
    return found


# The reading of a command's options, for the classifier's own readers (curl's `-sSfX POST`).
option_values = _values


def _single(args: list[str], names: tuple[str, ...]) -> list[str]:
    """Values of single-dash long options (`openssl ... -out F`, `find -fprint F`)."""
    return [args[k + 1] for k, a in enumerate(args[:-1]) if a in names]


def _positional(args: list[str], takes: tuple[str, ...] = ()) -> list[str]:
    """The words that are not options nor their values."""
    found: list[str] = []
    skip = False
    for a in args:
        if skip:
            skip = False
        elif a.startswith("-") and a != "-":
            skip = a in takes
        else:
            found.append(a)
    return found


# A long option whose name says it names a file the tool writes (`--junitxml=F`,
# `--output-file F`, `--basetemp=D`, `--cov-report=xml:F`), whatever the tool.
_OUTPUT_OPTION = later(
    r"^--(?:[\w-]*[-_])?(?:out|output|outfile|outdir|output-file|output-dir|out-file|out-dir|"
    r"junitxml|junit-xml|junit|basetemp|log-file|logfile|report-log|result-log|resultlog|"
    r"html|lcov|dest|destination|target-dir|dist-dir|install-dir|prefix|save|dump|write|"
    r"tmpdir|temp-dir|alluredir|json-report-file|target-directory|output-path|output_path|"
    r"outputpath|output_base|output_user_root|outputdirectory|site-dir|build-dir|builddir|"
    r"cache-dir|cache_dir|cachedir|cache-location|cachelocation|cachedirectory|"
    r"cache-directory|cache-folder|disk_cache|repository_cache|coveragedirectory|"
    r"coverage-directory)$",
    re.I,  # tsc's `--outDir`, `--outFile`; jest's `--cacheDirectory`; bazel's `--output_base`
)
_REPORT_OPTION = later(r"^--(?:cov-report|coverage-report|report)$")


def _generic(args: list[str], out: Effects) -> None:
    for k, a in enumerate(args):
        if not a.startswith("--"):
            continue
        name, eq, value = a.partition("=")
        if not eq and k + 1 < len(args) and not args[k + 1].startswith("-"):
            value = args[k + 1] if _OUTPUT_OPTION.match(name) else ""
        if not value:
            continue
        if _OUTPUT_OPTION.match(name):
            out.writes.append(value)
        elif _REPORT_OPTION.match(name) and re.match(r"^[\w-]+:.", value):
            out.writes.append(value.split(":", 1)[1])  # `--cov-report=xml:out/cov.xml`


# ---------------------------------------------------------------------------------------
# Assignments and wrappers before the program

# Variables whose value is a command that git or another tool runs.
_ENV_COMMANDS = {
    "GIT_EXTERNAL_DIFF", "GIT_SSH_COMMAND", "GIT_SSH", "GIT_PAGER", "PAGER", "GIT_EDITOR",
    "EDITOR", "VISUAL", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_PROXY_COMMAND",
    "GIT_SEQUENCE_EDITOR", "MANPAGER", "LESSOPEN", "LESSCLOSE", "BROWSER",
}  # fmt: skip
# Variables that load settings from a file or a list: what they say cannot be read here.
_ENV_SETTINGS = {"GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_CONFIG", "GIT_CONFIG_GLOBAL",
                 "GIT_CONFIG_SYSTEM", "BASH_ENV", "LD_PRELOAD"}  # fmt: skip
_ASSIGNMENT = later(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>.*)$", re.S)
_HARMLESS_SETTING = later(r"^(?:/dev/null|0|\.?|)$")


def _prefix(words: list[str], out: Effects) -> None:
    i = 0
    while i < len(words):
        w = words[i]
        head = w.rsplit("/", 1)[-1]
        if m := _ASSIGNMENT.match(w):
            _assignment(m.group("name"), m.group("value"), out)
            i += 1
        elif head == "env":
            i += 1
            while i < len(words) and words[i].startswith("-"):
                if words[i] in ("-S", "--split-string") and i + 1 < len(words):
                    out.runs.append((words[i + 1], "env -S"))
                i += 2 if words[i] in ("-u", "-C", "-S", "--unset", "--chdir") else 1
        elif head == "time":
            i += 1
            while i < len(words) and words[i].startswith("-"):
                opt, eq, value = words[i].partition("=")
                if opt in ("-o", "--output") and not eq and i + 1 < len(words):
                    out.writes.append(words[i + 1])
                    i += 1
                elif opt == "--output" and eq:
                    out.writes.append(value)
                elif opt in ("-f", "--format") and not eq:
                    i += 1
                i += 1
        elif head == "flock":
            i += 1
            while i < len(words) and words[i].startswith("-"):
                if words[i] in ("-c", "--command") and i + 1 < len(words):
                    out.runs.append((words[i + 1], "flock -c"))
                takes = ("-w", "--wait", "--timeout", "-E", "--conflict-exit-code", "-c")
                i += 2 if words[i] in takes else 1
            if i < len(words):
                out.writes.append(words[i])  # the lock file, created when absent
            return
        elif head in _OTHER_WRAPPERS:
            i += 1
            while i < len(words) and words[i].startswith("-"):
                i += 2 if words[i] in ("-n", "-s", "-k", "-c", "--signal", "--kill-after") else 1
            if head == "timeout" and i < len(words) and re.match(r"^\d", words[i]):
                i += 1
        else:
            return


_OTHER_WRAPPERS = {"nohup", "nice", "timeout", "stdbuf", "ionice", "command", "builtin", "exec",
                   "chronic", "unbuffer", "setsid"}  # fmt: skip


# Where programs make their temporary files (`TMPDIR=/root mktemp`): a folder they write.
TEMP_VARIABLES = ("TMPDIR", "TMP", "TEMP", "TEMPDIR")


def made_by_mktemp(value: str) -> bool:
    """A value that is a folder `mktemp` makes (`$(mktemp -d)`), in the temporary folder."""
    return value.strip("'\"").startswith(("$(mktemp", "`mktemp"))


def _assignment(name: str, value: str, out: Effects) -> None:
    if name in TEMP_VARIABLES and value.strip():
        if not made_by_mktemp(value):
            out.writes.append(value.rstrip("/") + "/")
    elif name in ("CURL_HOME", "WGETRC", "CURLRC") and value.strip() != "/dev/null":
        # `CURL_HOME=. curl URL` reads ./.curlrc, which may say `-d x` or `-X POST`.
        out.acts = out.acts or f"{name}={value} reads a request's settings from a file"
    elif name in _ENV_COMMANDS and value.strip():
        out.runs.append((value, f"${name}"))
    elif name in _ENV_SETTINGS and not _HARMLESS_SETTING.match(value.strip()):
        out.acts = out.acts or (
            f"{name}={value} loads settings or code that cannot be read here:"
            " it cannot be shown to observe"
        )
    elif name.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_")):
        out.acts = out.acts or f"{name} sets git's settings: it cannot be shown to observe"


# ---------------------------------------------------------------------------------------
# Programs


def _program(prog: str, args: list[str], out: Effects) -> None:
    reader = _READERS.get(prog)
    if reader is not None:
        reader(args, out)
    _compiled(prog, args, out)
    _generic(args, out)
    if (why := _installs(prog, args)) is not None:
        out.acts = out.acts or why


def _git(args: list[str], out: Effects) -> None:
    i = 0
    while i < len(args) and args[i].startswith("-"):
        a = args[i]
        if a == "-c" and i + 1 < len(args):
            _git_setting(args[i + 1], out)
            i += 2
            continue
        if a.startswith("--config-env"):
            out.acts = out.acts or "git --config-env sets git's settings from the environment"
        i += 2 if a in ("-C", "--git-dir", "--work-tree", "--namespace") else 1
    rest = args[i + 1 :]
    sub = args[i] if i < len(args) else ""
    out.writes += _values(rest, "", ("--output",))
    if sub == "grep":
        for a in rest:
            if a == "--":
                break
            if a.startswith(("--open-files-in-pager", "-O")):
                pager = a.split("=", 1)[1] if "=" in a else a[2:] if a.startswith("-O") else ""
                out.runs.append((pager or "less", "git grep --open-files-in-pager"))
    if sub in ("ls-remote", "fetch", "clone", "pull", "push", "archive"):
        for v in _values(rest, "u", ("--upload-pack", "--receive-pack", "--exec")):
            out.runs.append((v, f"git {sub}'s --upload-pack"))
    for a in rest:
        if a.startswith("ext::"):
            ext = [w.replace("% ", " ").replace("%%", "%") for w in re.split(r"(?<!%) ", a[5:])]
            out.runs.append((" ".join(_quote(w) for w in ext if w), "an ext:: URL"))
    if sub == "fsck" and any(a == "--lost-found" for a in rest):
        out.acts = out.acts or "git fsck --lost-found writes .git/lost-found"


# git settings whose value is a command git runs (or a file of settings it reads).
_GIT_COMMAND_KEYS = later(
    r"^(?:core\.(?:fsmonitor|pager|editor|sshcommand|askpass|gitproxy|hookspath)|"
    r"diff\.external|diff\.[^=]*\.(?:textconv|command)|merge\.[^=]*\.driver|"
    r"filter\.[^=]*\.(?:clean|smudge|process)|gpg(?:\.[^=]*)?\.program|"
    r"credential(?:\.[^=]*)?\.helper|sequence\.editor|pager\.[^=]*|"
    r"uploadpack\.packobjectshook|remote\.[^=]*\.(?:uploadpack|receivepack)|"
    r"alias\.[^=]*|core\.sshcommand|ssh\.variant|sendemail\.[^=]*cmd|"
    r"interactive\.difffilter|web\.browser|browser\.[^=]*\.cmd|man\.[^=]*\.cmd|"
    r"mergetool\.[^=]*\.cmd|difftool\.[^=]*\.cmd)$",
    re.I,
)
_GIT_FILE_KEYS = later(r"^(?:include\.path|includeif\..*\.path)$", re.I)
_GIT_BOOL = later(r"^(?:true|false|yes|no|on|off|1|0|)$", re.I)


def _git_setting(setting: str, out: Effects) -> None:
    key, _, value = setting.partition("=")
    key = key.strip()
    if _GIT_FILE_KEYS.match(key):
        out.acts = out.acts or (
            f"git -c {key} reads settings from {value}: it cannot be shown to observe"
        )
    elif _GIT_COMMAND_KEYS.match(key):
        lowered = key.lower()
        if lowered == "core.hookspath":
            out.acts = out.acts or f"git -c {key} runs hooks from {value}"
            return
        if (lowered == "core.fsmonitor" and _GIT_BOOL.match(value.strip())) or (
            lowered.startswith("alias.") and not value.lstrip().startswith("!")
        ):
            return
        if lowered.startswith("credential") and not value.lstrip().startswith(("!", "/")):
            return  # `credential.helper=store`: a helper by name, git's own
        out.runs.append((value.lstrip().removeprefix("!"), f"git's setting {key}"))


def _sed(args: list[str], out: Effects) -> None:
    scripts = _values(args, "e", ("--expression",), takes="lf")
    if not scripts and not _values(args, "f", ("--file",), takes="el"):
        pos = _positional(args, ("-l", "--line-length"))
        scripts = pos[:1]
    for script in scripts:
        _sed_script(script, out)


# One sed command: an address (`1`, `$`, `/re/`, `1,/x/`, `0~2`), `!`, then its letter.
_SED_ADDRESS = later(
    r"\s*(?:(?:\d+|\$|/(?:\\.|[^/\\])*/[IM]*|\\(?P<d>.)(?:\\.|(?!(?P=d)).)*(?P=d)[IM]*)"
    r"(?:~\d+)?(?:\s*,\s*(?:[+~]?\d+|\$|/(?:\\.|[^/\\])*/[IM]*))?)?\s*!?\s*"
)


def _sed_script(script: str, out: Effects) -> None:
    i, n = 0, len(script)
    while i < n:
        m = _SED_ADDRESS.match(script, i)
        i = m.end() if m else i
        if i >= n:
            break
        c = script[i]
        i += 1
        if c in ";\n{} \t":
            continue
        if c in "wWrRaic:bTtvlLqQ":
            end = script.find("\n", i)
            end = n if end < 0 else end
            arg = script[i:end].strip()
            if c in ":bTtvlLqQ":  # a label or a number: to `;` or the line's end
                semi = script.find(";", i)
                end = min(end, semi) if semi >= 0 else end
            elif c in "wW":
                out.writes.append(arg)
            i = end
        elif c == "e":
            end = script.find("\n", i)
            end = n if end < 0 else end
            arg = script[i:end].strip()
            if arg:
                out.runs.append((arg, "sed's e command"))
            else:
                out.acts = out.acts or "sed's e command runs its input as a command"
            i = end
        elif c in "sy":
            if i >= n:
                break
            delim = script[i]
            i += 1
            for _ in range(2):  # the pattern and the replacement
                while i < n and script[i] != delim:
                    i += 2 if script[i] == "\\" else 1
                i += 1
            flags_end = i
            while flags_end < n and script[flags_end] not in ";\n}":
                if c == "s" and script[flags_end] == "w":
                    end = script.find("\n", flags_end)
                    end = n if end < 0 else end
                    out.writes.append(script[flags_end + 1 : end].strip())
                    flags_end = end
                    break
                if c == "s" and script[flags_end] == "e":
                    out.acts = out.acts or "sed's s///e runs its result as a command"
                flags_end += 1
            i = flags_end


# awk: a command in a string piped to or from (`"cmd" | getline`, `print | "cmd"`), or
# given to system(); one built from variables cannot be read.
_AWK_PIPE_FROM = later(r"\"((?:\\.|[^\"\\])*)\"\s*\|&?\s*getline")
_AWK_PIPE_TO = later(r"\|&?\s*\"((?:\\.|[^\"\\])*)\"")
_AWK_SYSTEM = later(r"\bsystem\s*\(\s*(\"(?:\\.|[^\"\\])*\"\s*\))?")
_AWK_ANY_PIPE = later(r"\|&?\s*getline|\bprint[f]?\b[^;}]*\|")


def _awk(args: list[str], out: Effects) -> None:
    if _values(args, "f", ("--file",), takes="vF"):
        return  # the program is in a file: read inside, as `bash script.sh` is
    pos = _positional(args, ("-v", "-F", "--assign", "--field-separator"))
    if not pos:
        return
    prog = pos[0]
    literal = [m.group(1) for m in _AWK_PIPE_FROM.finditer(prog)]
    literal += [m.group(1) for m in _AWK_PIPE_TO.finditer(prog)]
    for cmd in literal:
        out.runs.append((cmd.replace('\\"', '"'), "awk's pipe"))
    for m in _AWK_SYSTEM.finditer(prog):
        if m.group(1) is None:
            out.acts = out.acts or "its awk program runs a command it builds: it cannot be read"
        else:
            out.runs.append((m.group(1)[1:].rstrip(" )").removesuffix('"'), "awk's system()"))
    if _AWK_ANY_PIPE.search(prog) and not literal:
        out.acts = out.acts or "its awk program pipes through a command it builds"


_TAR_COMMANDS = ("--to-command", "--use-compress-program", "--info-script",
                 "--new-volume-script", "--rsh-command", "--rmt-command")  # fmt: skip


def _tar(args: list[str], out: Effects) -> None:
    for a in args:
        name, _, value = a.partition("=")
        if name == "--checkpoint-action" and value.startswith(("exec=", "exec ")):
            out.runs.append((value[5:], "tar --checkpoint-action"))
        elif name in _TAR_COMMANDS and value:
            out.runs.append((value, f"tar {name}"))
    for k, a in enumerate(args[:-1]):
        if a in ("-I", "-F", "--to-command", "--use-compress-program", "--info-script"):
            out.runs.append((args[k + 1], f"tar {a}"))
    if tar_extracting(args):
        # `-C DIR`, `-xC DIR`, `-C..`, `--directory=DIR`: where the members are written.
        folders = _values(args, "C", ("--directory",), takes=TAR_TAKES)
        out.writes += [f.rstrip("/") + "/" for f in folders if not _in_git(f)]


# tar's short options that take a value, so that `-xzC DIR -f a.tgz` reads as tar reads it.
TAR_TAKES = "bCfFgHIKLNTVX"


def tar_extracting(args: list[str]) -> bool:
    """Whether `tar ARGS` extracts (`-x`, `-xzf`, `--extract`, old-style `xzf`)."""
    first = args[0] if args else ""
    if re.match(r"^[A-Za-z]+$", first) and "x" in first:
        return True
    for a in args:
        if a in ("--extract", "--get"):
            return True
        if re.match(r"^-[A-Za-z]+", a) and not a.startswith("--"):
            for ch in a[1:]:
                if ch == "x":
                    return True
                if ch in TAR_TAKES:
                    break
    return False


def _unzip(args: list[str], out: Effects) -> None:
    """`unzip -d DIR`, `-qd DIR`, `-d..`: the folder it writes into."""
    out.writes += [d.rstrip("/") + "/" for d in _values(args, "d", (), takes="P") if not _in_git(d)]


def _in_git(folder: str) -> bool:
    """A folder in `.git/`: an archive unpacked there is refused by the run layer, which
    reads its members and names the one that lands in git's records."""
    return folder.strip("'\"").removeprefix("./").split("/", 1)[0] == ".git"


def _mktemp(args: list[str], out: Effects) -> None:
    """`mktemp -p DIR`, `-dp DIR`, `-p..`, `--tmpdir=DIR`: the folder it creates in."""
    out.writes += [d.rstrip("/") + "/" for d in _values(args, "p", ("--tmpdir",))]


def _zip(args: list[str], out: Effects) -> None:
    for v in _values(args, "", ("--unzip-command",)) + _single(args, ("-TT",)):
        out.runs.append((v, "zip's test command"))


def _find(args: list[str], out: Effects) -> None:
    out.writes += _single(args, ("-fprint", "-fprint0", "-fprintf", "-fls"))


CURL_TAKES = "AbcCdDeEFHKmoPQrTtuUwxXyYz"


def _curl(args: list[str], out: Effects) -> None:
    out.writes += _values(
        args, "oDc", ("--output", "--dump-header", "--cookie-jar", "--trace", "--trace-ascii",
                      "--stderr", "--libcurl", "--etag-save", "--hsts", "--alt-svc",
                      "--output-dir"), takes=CURL_TAKES)  # fmt: skip
    if _values(args, "K", ("--config",), takes=CURL_TAKES):
        out.acts = out.acts or "curl reads its options from a file: it cannot be shown to observe"


def _wget(args: list[str], out: Effects) -> None:
    out.writes += _values(
        args, "OoaP", ("--output-document", "--output-file", "--append-output",
                       "--directory-prefix", "--save-cookies", "--warc-file"),
        takes="eiBtTwUQlAR")  # fmt: skip
    if _values(args, "", ("--config",)):
        out.acts = out.acts or "wget reads its settings from a file: it cannot be shown to observe"
    for command in _values(args, "e", ("--execute",), takes="OoaPiBtTwUQlAR"):
        key, _, value = command.partition("=")
        key = key.strip().lower().replace("-", "_")
        if key in ("post_data", "post_file", "body_data", "body_file") or (
            key == "method" and value.strip().upper() in ("POST", "PUT", "PATCH", "DELETE")
        ):
            out.acts = out.acts or f"wget -e {key} sends a request that changes something"
        elif key in ("output_document", "dir_prefix", "logfile", "save_cookies"):
            out.writes.append(value.strip())


def _openssl(args: list[str], out: Effects) -> None:
    out.writes += _single(args, ("-out", "-keyout", "-writerand", "-sess_out", "-dump"))


def _tracer(args: list[str], out: Effects) -> None:
    """strace/ltrace: `-o F` writes F; the command after the options runs."""
    out.writes += _values(args, "o", ("--output",), takes="eEpPsSuXIabU")
    pos: list[str] = []
    k = 0
    takes = set("eEpPsSuXIabUo")
    while k < len(args):
        a = args[k]
        if a.startswith("-") and pos == []:
            k += 2 if len(a) == 2 and a[1] in takes else 1
            continue
        pos = args[k:]
        break
    if pos:
        out.runs.append((" ".join(_quote(w) for w in pos), "the tracer"))


def _valgrind(args: list[str], out: Effects) -> None:
    rest = [a for a in args if not a.startswith("-")]
    if rest:
        first = args.index(rest[0])
        out.runs.append((" ".join(_quote(w) for w in args[first:]), "valgrind"))
    out.writes += [a.split("=", 1)[1] for a in args if a.startswith(("--log-file=", "--xml-file="))]


def _script(args: list[str], out: Effects) -> None:
    takes = ("-c", "--command", "-E", "--echo", "-o", "--output-limit", "-m",
             "--logging-format", "-T", "--log-timing", "-I", "--log-in", "-O", "--log-out",
             "-B", "--log-io")  # fmt: skip
    out.writes += _values(args, "TIOB", ("--log-timing", "--log-in", "--log-out", "--log-io"),
                          takes="cEom")  # fmt: skip
    out.writes += _positional(args, takes)[:1]
    for cmd in _values(args, "c", ("--command",), takes="EomTIOB"):
        out.runs.append((cmd, "script -c"))


def _json_tool(args: list[str], out: Effects) -> None:
    out.writes += _positional(args, ("--indent",))[1:2]


def _zipfile(args: list[str], out: Effects) -> None:
    for flag in ("-c", "--create", "-e", "--extract"):
        if flag in args[:-1]:
            k = args.index(flag)
            given = [a for a in args[k + 1 :] if not a.startswith("-")]
            out.writes += given[:1] if flag in ("-c", "--create") else given[1:2] or ["."]


def _gzip_module(args: list[str], out: Effects) -> None:
    out.writes += _positional(args)


def _sqlite(args: list[str], out: Effects) -> None:
    text = " ".join(args[1:]) if args else ""
    for m in _SQLITE_FILE.finditer(text):
        out.writes.append(m.group("file"))
    for m in _SQLITE_SHELL.finditer(text):
        out.runs.append((m.group("cmd"), "sqlite3's .shell"))


_SQLITE_FILE = later(
    r"(?:\bvacuum\s+(?:\w+\s+)?into|\battach\s+(?:database\s+)?|"
    r"(?:^|[\s;])\.(?:output|once|backup(?:\s+\w+)?|save|log|open))\s+"
    r"(?:\"|')?(?P<file>[^\"'\s;]+)",
    re.I,
)
_SQLITE_SHELL = later(r"(?:^|[\s;])\.(?:shell|system)\s+(?P<cmd>[^\n]+)", re.I)


def _ssh_keygen(args: list[str], out: Effects) -> None:
    if any(a in args for a in ("-l", "-y", "-F", "-L", "-B", "-Q", "-D")):
        return
    files = _values(args, "f", (), takes="bCEIgmNnOPrtVwZazMjK")
    out.writes += files or ["~/.ssh/id_*"]


def _creates(args: list[str], out: Effects) -> None:
    """mkfifo, mknod, venv: the paths they create."""
    out.writes += _positional(args, ("-m", "--mode", "--prompt"))[:1] or []


def _perl_ruby(args: list[str], out: Effects) -> None:
    for code in _values(args, "e", (), takes="IMm") + _values(args, "E", ()):
        for m in _CODE_RUNS.finditer(code):
            cmd = m.group("cmd") if m.group("cmd") is not None else m.group("tick")
            if cmd is None:
                out.acts = out.acts or "its code runs a command it builds: it cannot be read"
            else:
                out.runs.append((cmd, "its code"))


# Perl's and Ruby's ways to run a command: system/exec with a string, backticks, qx//.
_CODE_RUNS = later(
    r"""\b(?:system|exec)\b\s*\(?\s*(?:(?P<q>["'])(?P<cmd>[^"']*)(?P=q))?"""
    r"""|`(?P<tick>[^`]*)`|\bqx\s*[{(/]|%x\{"""
)


def _target_dir(args: list[str], out: Effects) -> None:
    """cp, mv, ln, install: `-t DIR`, `-tDIR`, `--target-directory=DIR` (in a cluster too,
    `-vt DIR`): the folder everything is written into."""
    out.writes += [v.rstrip("/") + "/" for v in _values(args, "t", (), takes="Sgmo")]


# Compilers, linkers and other tools whose short option names the file they write
# (`gcc -o ../x a.c`, `gcc -o../x`, `sort -o F`, `javac -d DIR`): the letters, per program.
_OUTPUT_LETTERS = {
    **dict.fromkeys(("gcc", "g++", "cc", "c++", "clang", "clang++", "tcc", "icc", "icx"), "o"),
    **dict.fromkeys(("gfortran", "ld", "ld.lld", "ld.gold", "lld", "as", "nasm", "yasm"), "o"),
    **dict.fromkeys(("rustc", "zig", "strip", "objcopy", "pandoc", "sort", "protoc"), "o"),
    **dict.fromkeys(("javac", "kotlinc"), "d"),
    "sort": "oT",  # `-T DIR`: its temporary files
    # `shuf -o F`, `rollup -o F`/`-d DIR`, `webpack -o DIR`, `hugo -d DIR`, `mkdocs build
    # -d DIR`, `cmake -B DIR` (its build folder): the sixteenth pass wrote `../` through each.
    "shuf": "o",
    "rollup": "od",
    "webpack": "o",
    "webpack-cli": "o",
    "hugo": "d",
    "mkdocs": "d",
    "cmake": "B",
}
# The other short options that take a value, so that a cluster reads as the tool reads it.
_OUTPUT_TAKES = {"sort": "ktS", "rustc": "LlCWADF", "ld": "LlTe", "pandoc": "ftrwMVcHBA",
                 "shuf": "ni", "rollup": "fnigep", "webpack": "cm", "hugo": "sctbep",
                 "mkdocs": "fa", "cmake": "SGTACDUPWLE"}  # fmt: skip


def _compiled(prog: str, args: list[str], out: Effects) -> None:
    letters = _OUTPUT_LETTERS.get(prog)
    if letters is None:
        return
    if prog in ("gcc", "g++", "cc", "c++", "clang", "clang++", "tcc", "icc", "icx", "gfortran"):
        # Not clusters: `-o F`/`-oF`; `-MF F` and `-MT`/`-MQ` take a value of their own.
        for k, a in enumerate(args):
            if a == "-o" and k + 1 < len(args):
                out.writes.append(args[k + 1])
            elif a.startswith("-o") and len(a) > 2:
                out.writes.append(a[2:])
            elif a == "-MF" and k + 1 < len(args):
                out.writes.append(args[k + 1])
        return
    takes = _OUTPUT_TAKES.get(prog, "")
    if prog == "rustc":
        for v in _values(args, "", ("--emit",)):
            out.writes += [part.split("=", 1)[1] for part in v.split(",") if "=" in part]
    out.writes += _values(args, letters, (), takes=takes)


# go's flags: single-dash long names, `-o F` or `-o=F` (`go build -o ../x`).
_GO_OUTPUTS = ("-o", "-coverprofile", "-cpuprofile", "-memprofile", "-blockprofile",
               "-mutexprofile", "-trace", "-outputdir", "-pkgdir")  # fmt: skip


def _go(args: list[str], out: Effects) -> None:
    for k, a in enumerate(args):
        if a == "--":
            break
        name, eq, value = a.lstrip("-").partition("=")
        if "-" + name not in _GO_OUTPUTS or not a.startswith("-"):
            continue
        if eq:
            out.writes.append(value)
        elif k + 1 < len(args):
            out.writes.append(args[k + 1])


def _pip(args: list[str], out: Effects) -> None:
    """`pip wheel -w D`, `pip download -d D`: the folder the files are written into."""
    verb = next((a for a in args if not a.startswith("-")), "")
    if verb == "wheel":
        out.writes += _values(args, "w", ("--wheel-dir",), takes="rceib")
    elif verb == "download":
        out.writes += _values(args, "d", ("--dest", "--destination-dir"), takes="rceib")


def _compileall(args: list[str], out: Effects) -> None:
    """`python3 -m compileall DIR`: its `__pycache__` files are written beside the sources."""
    takes = ("-d", "-s", "-p", "-x", "-i", "-r", "-j", "-o", "--invalidation-mode")
    out.writes += [p.rstrip("/") + "/__pycache__/" for p in _positional(args, takes)]


def _py_compile(args: list[str], out: Effects) -> None:
    out.writes += [(p.rpartition("/")[0] or ".") + "/__pycache__/" for p in _positional(args)]


def _container_output(args: list[str], out: Effects) -> None:
    """`docker save -o F`, `docker export -o F`, `docker build -o DIR` (or `--output
    type=local,dest=DIR`): the file or folder the engine writes."""
    pos = [a for a in args if not a.startswith("-")]
    if pos[:1] and pos[0] in ("image", "container", "buildx", "builder"):
        pos = pos[1:]
    if not pos[:1] or pos[0] not in ("save", "export", "build", "bake"):
        return
    for value in _values(args, "o", ("--output",), takes="fte"):
        fields = dict(f.partition("=")[::2] for f in value.split(",")) if "=" in value else {}
        out.writes.append(fields.get("dest", "") if fields else value)


def _coverage(args: list[str], out: Effects) -> None:
    """`coverage xml -o F` (json, lcov too), `coverage html -d DIR`: the report it writes."""
    verb = next((a for a in args if not a.startswith("-")), "")
    if verb in ("xml", "json", "lcov"):
        out.writes += _values(args, "o", (), takes="")
    elif verb == "html":
        out.writes += _values(args, "d", ("--directory",), takes="")


# pytest's settings given on the command line that name a folder or file it writes
# (`-o cache_dir=../c`, `-o log_file=../x.log`).
_PYTEST_WRITTEN = later(r"^(?:cache_dir|log_file|junit_\w*file|\w+_dir)$")


def _pytest(args: list[str], out: Effects) -> None:
    for setting in _values(args, "o", ("--override-ini",), takes="kmpcn"):
        name, eq, value = setting.partition("=")
        if eq and _PYTEST_WRITTEN.match(name.strip()):
            out.writes.append(value)


def _sphinx(args: list[str], out: Effects) -> None:
    """`sphinx-build SRC OUT`, `-M builder SRC OUT`, `-d DOCTREES`: the folders it writes."""
    takes = ("-b", "-d", "-j", "-c", "-D", "-t", "-w", "-A", "-M", "--doctree-dir", "--builder",
             "--jobs", "--define", "--tag", "--warning-file", "--html-define")  # fmt: skip
    out.writes += _positional(args, takes)[1:2]
    out.writes += _values(args, "dw", ("--doctree-dir", "--warning-file"), takes="bjcDtAM")


def _xxd(args: list[str], out: Effects) -> None:
    """`xxd IN OUT`: its second file is written (its `-o` is an offset, not an output)."""
    takes = ("-c", "-g", "-l", "-s", "-o", "-n", "-cols", "-len", "-seek", "-groupsize",
             "-name", "-offset", "-C")  # fmt: skip
    out.writes += _positional(args, takes)[1:2]


def _meson(args: list[str], out: Effects) -> None:
    """`meson setup DIR` (or a bare `meson DIR`), `meson compile -C DIR`: its build folder."""
    pos = _positional(args, ("-C", "--prefix", "--buildtype", "-D", "--backend", "--native-file",
                             "--cross-file"))  # fmt: skip
    if pos[:1] == ["setup"]:
        out.writes += pos[1:2]
    elif pos and ("/" in pos[0] or pos[0] == ".."):
        out.writes += pos[:1]
    out.writes += [d.rstrip("/") + "/" for d in _values(args, "C", (), takes="D")]


# A Java build's system property that names a folder or file it writes
# (`mvn -DoutputDirectory=../x`, `-Dmaven.repo.local=~/r`, `-Dproject.build.directory=..`).
_JAVA_WRITTEN = later(r"(?:dir|directory|output|file|local|path|dest|destination)$", re.I)


def _java_build(args: list[str], out: Effects) -> None:
    for a in args:
        if a.startswith(("-D", "-P")) and "=" in a:
            name, _, value = a[2:].partition("=")
            if _JAVA_WRITTEN.search(name.rsplit(".", 1)[-1]):
                out.writes.append(value)


# Programs that run a command string they are given (`nix-shell --run 'git push'`, `sops
# exec-env f 'npm publish'`, `expect -c 'spawn git push'`): each string is judged.
def _nix_shell(args: list[str], out: Effects) -> None:
    for cmd in _values(args, "", ("--run", "--command")):
        out.runs.append((cmd, "nix-shell --run"))


def _sops(args: list[str], out: Effects) -> None:
    pos = _positional(args, ("--config", "--input-type", "--output-type", "--filename-override"))
    if pos[:1] and pos[0] in ("exec-env", "exec-file") and len(pos) > 2:
        out.runs.append((pos[2], f"sops {pos[0]}"))


# What an expect (Tcl) script runs: `spawn CMD`, `exec CMD`, `system CMD`.
_EXPECT_RUNS = later(r"(?:^|[;\[{\n])\s*(?:spawn|exec|system)\s+(?:-\S+\s+)*(?P<cmd>[^;\]}\n]+)")


def _expect(args: list[str], out: Effects) -> None:
    for script in _values(args, "c", (), takes="f"):
        for m in _EXPECT_RUNS.finditer(script):
            out.runs.append((m.group("cmd").strip(), "expect's spawn"))


_READERS = {
    "git": _git,
    "docker": _container_output,
    "podman": _container_output,
    "nerdctl": _container_output,
    "coverage": _coverage,
    "pytest": _pytest,
    "py.test": _pytest,
    "sphinx-build": _sphinx,
    "xxd": _xxd,
    "meson": _meson,
    "mvn": _java_build,
    "mvnw": _java_build,
    "gradle": _java_build,
    "gradlew": _java_build,
    "nix-shell": _nix_shell,
    "sops": _sops,
    "expect": _expect,
    "sed": _sed,
    "gsed": _sed,
    "awk": _awk,
    "gawk": _awk,
    "mawk": _awk,
    "nawk": _awk,
    "tar": _tar,
    "gtar": _tar,
    "bsdtar": _tar,
    "zip": _zip,
    "find": _find,
    "curl": _curl,
    "wget": _wget,
    "openssl": _openssl,
    "strace": _tracer,
    "ltrace": _tracer,
    "valgrind": _valgrind,
    "script": _script,
    "json.tool": _json_tool,
    "zipfile": _zipfile,
    "tarfile": _zipfile,
    "gzip": _gzip_module,
    "sqlite3": _sqlite,
    "ssh-keygen": _ssh_keygen,
    "mkfifo": _creates,
    "mknod": _creates,
    "venv": _creates,
    "virtualenv": _creates,
    "perl": _perl_ruby,
    "pip": _pip,
    "pip3": _pip,
    "compileall": _compileall,
    "py_compile": _py_compile,
    "ruby": _perl_ruby,
    "cp": _target_dir,
    "mv": _target_dir,
    "ln": _target_dir,
    "install": _target_dir,
    "go": _go,
    "unzip": _unzip,
    "mktemp": _mktemp,
}


def _quote(word: str) -> str:
    import shlex

    return shlex.quote(word)


# ---------------------------------------------------------------------------------------
# Installs and project tools

_SYSTEM = "installs or removes system packages"
_TOOLS = "changes the installed tools"
# `TOOL VERB` pairs that install, link or set something on the machine or in the project.
_INSTALL_VERBS: dict[str, tuple[set[str], str]] = {
    "npm": ({"link", "ln", "unlink", "set-script"}, "changes the project or the machine"),
    "pnpm": ({"link", "ln", "unlink", "setup"}, "changes the project or the machine"),
    "yarn": ({"link", "unlink", "set"}, "changes the project or the machine"),
    "bun": ({"link", "unlink", "upgrade"}, "changes the project or the machine"),
    "corepack": ({"enable", "disable", "install", "prepare", "use", "up", "pack"},
                 "installs package managers on the machine"),
    "dpkg": ({"-i", "--install", "-r", "--remove", "-P", "--purge", "--configure",
              "--unpack", "-x", "--extract"}, _SYSTEM),
    "rpm": ({"-i", "-U", "-e", "-F", "--install", "--upgrade", "--erase", "--freshen",
             "-ivh", "-Uvh"}, _SYSTEM),
    "snap": ({"install", "remove", "refresh", "revert", "enable", "disable"},
             _SYSTEM),
    "flatpak": ({"install", "uninstall", "update"}, _SYSTEM),
    "yum": ({"install", "remove", "erase", "update", "upgrade"}, _SYSTEM),
    "dnf": ({"install", "remove", "erase", "update", "upgrade"}, _SYSTEM),
    "zypper": ({"install", "in", "remove", "rm", "update", "up"}, _SYSTEM),
    "pacman": ({"-S", "-R", "-U", "-Syu", "-Sy", "-Rs"}, _SYSTEM),
    "apk": ({"add", "del", "upgrade"}, _SYSTEM),
    "port": ({"install", "uninstall", "upgrade"}, _SYSTEM),
    "pre-commit": ({"install", "uninstall", "install-hooks", "autoupdate", "clean", "gc",
                    "init-templatedir", "migrate-config"},
                   "installs git hooks or rewrites its settings"),
    "husky": ({"", "install", "init", "add", "set", "uninstall"},
              "installs git hooks (core.hooksPath)"),
    "lefthook": ({"install", "uninstall", "add"}, "installs git hooks"),
    "rustup": ({"default", "install", "uninstall", "update", "toolchain", "target",
                "component", "override", "self", "set"}, "changes the installed toolchains"),
    "nvm": ({"use", "install", "uninstall", "alias", "unalias", "reinstall-packages"},
            "changes the installed Node versions"),
    "asdf": ({"install", "uninstall", "global", "local", "set", "shell", "plugin",
              "plugin-add", "reshim"}, _TOOLS),
    "mise": ({"install", "i", "use", "u", "uninstall", "trust", "plugins", "plugin",
              "upgrade", "up", "self-update", "prune", "settings", "set", "unuse"},
             _TOOLS),
    "rtx": ({"install", "use", "uninstall", "trust", "plugins"}, _TOOLS),
    "pyenv": ({"install", "uninstall", "global", "local", "rehash"}, _TOOLS),
    "rbenv": ({"install", "uninstall", "global", "local", "rehash"}, _TOOLS),
    "nodenv": ({"install", "uninstall", "global", "local", "rehash"}, _TOOLS),
    "volta": ({"install", "uninstall", "pin", "setup"}, _TOOLS),
    "fnm": ({"install", "use", "default", "uninstall", "alias"}, _TOOLS),
    "sdk": ({"install", "uninstall", "use", "default", "upgrade"}, "changes the installed SDKs"),
    "proto": ({"install", "uninstall", "pin", "use", "upgrade"}, _TOOLS),
    "git-lfs": ({"install", "uninstall", "track", "untrack", "migrate"}, "installs git hooks"),
}  # fmt: skip
# `TOOL config set`: settings written into the user's home folder.
_CONFIG_TOOLS = {"pip", "pip3", "npm", "pnpm", "yarn", "poetry", "conda", "bundle", "gem",
                 "composer", "cargo", "uv", "pdm", "hatch"}  # fmt: skip
_CONFIG_WRITES = {"set", "unset", "delete", "rm", "edit", "add", "remove", "--add", "--set",
                  "--remove", "--unset"}  # fmt: skip
# Make, just and script targets that install or delete (`make install`, `make clean`).
_INSTALL_TARGET = later(
    r"(?:^|[-_/.:])(?:install|uninstall|reinstall|clean|distclean|mrproper|realclean|"
    r"maintainer-clean|clobber|purge|link|unlink)(?:$|[-_.:/])",
    re.I,
)
_CACHE_WRITES = {"clean", "clear", "rm", "add", "purge"}
_GO_CACHES = {"-modcache", "-cache", "-testcache", "-fuzzcache"}
_TARGET_RUNNERS = {"make", "gmake", "just", "task", "rake", "invoke", "mage", "ninja"}
_SETUP_VERBS = {"install", "develop", "upload", "register", "easy_install", "bdist_egg"}


# Programs whose run installs, whatever they are given but a request for help or a listing
# (`cpanm X`, `cpan X`, `python -m ensurepip`): the sixteenth pass ran each as a check.
_INSTALLERS = {"cpanm": "cpanm installs Perl modules", "cpan": "cpan installs Perl modules",
               "cpm": "cpm installs Perl modules",
               "ensurepip": "ensurepip installs pip into the interpreter"}  # fmt: skip
_INSTALLER_READS = {"-h", "--help", "-V", "--version", "-l", "-L", "--info", "-D", "-a",
                    "--showdeps", "--look"}  # fmt: skip
# nix-env's operations that change the profile (`-i`, `-iA`, `-e`, `-u`, `--set`).
_NIX_ENV_WRITES = {"--install", "--uninstall", "--upgrade", "--set", "--set-flag",
                   "--rollback", "--switch-generation", "--delete-generations",
                   "--switch-profile"}  # fmt: skip
# Perl modules that install when loaded on the command line (`perl -MCPAN -e 'install X'`).
_INSTALLING_MODULE = later(r"^-M(?:CPAN|CPANPLUS|App::cpanminus)(?:=.*)?$")


def _installs(prog: str, args: list[str]) -> str | None:
    pos = [a for a in args if not a.startswith("-")]
    verb = pos[0] if pos else ""
    if prog in _INSTALLERS and not (set(args) & _INSTALLER_READS and not pos):
        return _INSTALLERS[prog]
    if prog == "nix-env" and any(
        a in _NIX_ENV_WRITES or (re.fullmatch(r"-[A-Za-z]*[ieu][A-Za-z]*", a) and "q" not in a)
        for a in args
    ):
        return "nix-env changes the user's Nix profile (installs or removes packages)"
    if prog == "perl" and any(_INSTALLING_MODULE.match(a) for a in args):
        return "runs CPAN, which installs Perl modules"
    if prog == "R" and pos[:1] == ["CMD"] and pos[1:2] and pos[1] in ("INSTALL", "REMOVE"):
        return f"R CMD {pos[1]} installs or removes an R package"
    if prog in _INSTALL_VERBS:
        verbs, why = _INSTALL_VERBS[prog]
        first = args[0] if args else ""
        listing = pos[1:2] in (["list"], ["ls"], ["show"], ["current"])
        pacman = prog == "pacman" and first.startswith(("-S", "-R", "-U"))
        if (verb in verbs or first in verbs or pacman) and not listing:
            return f"{prog} {verb or first} {why}".replace("  ", " ")
    if prog in ("git", "git-lfs") and pos[:2] in (["lfs", "install"], ["lfs", "uninstall"]):
        return "git lfs install writes git hooks and settings"
    if prog == "npm" and verb == "pkg" and pos[1:2] and pos[1] in ("set", "delete", "fix"):
        return f"npm pkg {pos[1]} rewrites package.json"
    if (
        prog in _CONFIG_TOOLS
        and verb == "config"
        and ((pos[1:2] and pos[1] in _CONFIG_WRITES) or any(a in _CONFIG_WRITES for a in args))
    ):
        return f"{prog} config {pos[1] if len(pos) > 1 else ''} writes the user's settings".replace(
            "  ", " "
        )
    if prog in ("pip", "pip3") and verb == "cache" and pos[1:2] and pos[1] in ("purge", "remove"):
        return "pip cache purges the user's cache"
    if prog in ("npm", "yarn") and verb == "cache" and pos[1:2] and pos[1] in _CACHE_WRITES:
        return f"{prog} cache {pos[1]} changes the user's package cache"
    if prog == "pnpm" and verb == "store" and pos[1:2] and pos[1] in ("prune", "add"):
        return f"pnpm store {pos[1]} changes the user's package store"
    if prog == "go" and verb == "clean" and any(a in _GO_CACHES for a in args):
        return "go clean empties the user's Go caches"
    if prog in _TARGET_RUNNERS:
        targets = [a for a in args if not a.startswith("-") and "=" not in a]
        for t in targets[:3]:
            if _INSTALL_TARGET.search(t):
                return f"runs the '{t}' target, which installs, links or deletes"
    if (
        prog in ("npm", "pnpm", "yarn", "bun")
        and verb == "run"
        and pos[1:2]
        and _INSTALL_TARGET.search(pos[1])
        and not pos[1].startswith(("postinstall", "preinstall"))
    ):
        return f"runs the '{pos[1]}' script, which installs, links or deletes"
    if re.match(r"^(?:python[\d.]*|py|pypy3?)$", prog) and args:
        script = next((a for a in args if not a.startswith("-")), "")
        if script.endswith("setup.py"):
            rest = args[args.index(script) + 1 :]
            if any(v in _SETUP_VERBS for v in rest):
                return "setup.py installs or uploads the package"
    return None
