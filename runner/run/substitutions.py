"""Process substitutions a check runs (`diff <(sort a) <(sort b)`, `tee >(wc -l)`), made
observable (issue 19, case 13): bash reports neither their exit nor their end, and
`pipefail` does not see them, so `cat <(exit 4)` passed.

The command's text is given to bash with each substitution's opening marked
(`<(__plan_sub; ...`): the marked substitution records its own exit status when it ends.
The top shell, when it exits, closes its copies of their pipes and waits for them, so every
status is written before the runner reads it. A status other than 0 (or 141: its reader
stopped early, as `head -1 <(seq 1 1000000)` does) makes the check fail, as a stage of a
pipeline does under `pipefail`. Pure text work here; `commands` runs it.
"""

from __future__ import annotations

HOOK = "__plan_sub; "
# What bash reads first (with the pipe-status prelude) when a command has a substitution;
# `{subs}` is the file the records go to. Each substitution records its start and, from its
# EXIT trap, its exit. The top shell, at its own exit, closes its copies of their pipes
# (else `head -1 <(seq 1 1000000)` would wait forever on a full pipe), waits for each of its
# own (`wait PID` gives their status, a signal's too), then waits, on Linux, for those a
# pipeline stage started (`x | tee >(y)`: not its children) to record their exit or end.
PRELUDE = """__plan_sub() {{
  printf 'start %s\\n' "$BASHPID" >>{subs} 2>/dev/null
  builtin trap '__plan_subend "$?"' EXIT
}}
__plan_subend() {{ printf 'exit %s %s\\n' "$BASHPID" "$1" >>{subs} 2>/dev/null; }}
__plan_subwait() {{
  local __plan_fd __plan_p __plan_s __plan_st __plan_rest
  for __plan_fd in /dev/fd/*; do
    __plan_fd=${{__plan_fd##*/}}
    if [ "$__plan_fd" -ge 10 ] 2>/dev/null && [ -p "/dev/fd/$__plan_fd" ]; then
      exec {{__plan_fd}}>&-
    fi
  done
  while read -r __plan_s __plan_p __plan_rest; do
    [ "$__plan_s" = start ] || continue
    wait "$__plan_p" 2>/dev/null
    __plan_s=$?
    if [ "$__plan_s" != 127 ]; then
      printf 'waited %s %s\\n' "$__plan_p" "$__plan_s" >>{subs}
      continue
    fi
    while [ -r "/proc/$__plan_p/stat" ] && ! grep -q "^exit $__plan_p " {subs}; do
      read -r __plan_rest __plan_rest __plan_st __plan_rest < "/proc/$__plan_p/stat" || break
      [ "$__plan_st" = Z ] && break
      sleep 0.01
    done
  done < <(cat {subs} 2>/dev/null)
  wait
  printf 'end\\n' >>{subs} 2>/dev/null
}}
"""
# The statuses a substitution may end with and still have observed what it was given.
FINE = {0, 128 + 13}


def observed(command: str) -> str | None:
    """`command` with each process substitution marked to report its exit, or None when it
    has none outside quotes, comments and here-documents."""
    out: list[str] = []
    stack: list[list[object]] = [["top", 0]]  # contexts: top, cmd (with depth), dq
    heredocs: list[tuple[str, bool]] = []
    changed = False
    i, n = 0, len(command)
    while i < n:
        c = command[i]
        context = stack[-1]
        if context[0] == "dq":
            if c == "\\":
                out.append(command[i : i + 2])
                i += 2
                continue
            if c == '"':
                stack.pop()
            elif command.startswith("$(", i):
                out.append("$(")
                stack.append(["cmd", 0])
                i += 2
                continue
            out.append(c)
            i += 1
            continue
        # top or cmd
        if c == "\\":
            out.append(command[i : i + 2])
            i += 2
            continue
        if c == "'":
            ansi = i > 0 and command[i - 1] == "$"
            j = i + 1
            while j < n and command[j] != "'":
                j += 2 if ansi and command[j] == "\\" else 1
            out.append(command[i : j + 1])
            i = j + 1
            continue
        if c == '"':
            stack.append(["dq", 0])
            out.append(c)
            i += 1
            continue
        if c == "`":
            j = command.find("`", i + 1)
            j = n - 1 if j < 0 else j
            out.append(command[i : j + 1])
            i = j + 1
            continue
        if c == "#" and (i == 0 or command[i - 1] in " \t\n;&|("):
            j = command.find("\n", i)
            j = n if j < 0 else j
            out.append(command[i:j])
            i = j
            continue
        if c == "\n" and heredocs:
            out.append(c)
            i += 1
            for word, tabs in heredocs:
                while i < n:
                    j = command.find("\n", i)
                    j = n if j < 0 else j
                    line = command[i:j]
                    out.append(command[i : j + 1])
                    i = j + 1
                    if (line.lstrip("\t") if tabs else line) == word:
                        break
            heredocs = []
            continue
        if command.startswith("<<", i) and not command.startswith("<<<", i):
            j = i + 2
            tabs = command.startswith("-", j)
            j += 1 if tabs else 0
            while j < n and command[j] in " \t":
                j += 1
            k = j
            while k < n and command[k] not in " \t\n;&|<>()":
                k += 1
            word = command[j:k].replace("'", "").replace('"', "").replace("\\", "")
            if word:
                heredocs.append((word, tabs))
            out.append(command[i:k])
            i = k
            continue
        if command.startswith("$((", i) or (
            command.startswith("((", i) and command[:i].rstrip()[-1:] in ("", ";", "&", "|", "\n")
        ):
            j = _arithmetic_end(command, i + (3 if c == "$" else 2))
            out.append(command[i:j])  # `$((a<(b+1)))`: a comparison, not a substitution
            i = j
            continue
        if c in "<>" and command.startswith("(", i + 1) and (i == 0 or command[i - 1] not in "<>"):
            out.append(c + "(" + HOOK)
            stack.append(["cmd", 0])
            changed = True
            i += 2
            continue
        if command.startswith("$(", i):
            out.append("$(")
            stack.append(["cmd", 0])
            i += 2
            continue
        if c == "(":
            context[1] = int(str(context[1])) + 1
        elif c == ")" and context[0] == "cmd":
            if context[1] == 0:
                stack.pop()
            else:
                context[1] = int(str(context[1])) - 1
        out.append(c)
        i += 1
    return "".join(out) if changed else None


def _arithmetic_end(command: str, i: int) -> int:
    """Where the arithmetic that opened before `i` ends (after its `))`)."""
    depth = 2
    while i < len(command) and depth:
        depth += {"(": 1, ")": -1}.get(command[i], 0)
        i += 1
    return i


def failed(text: str | None) -> int | None:
    """The first failing status the records show, or None: 0 and SIGPIPE's 141 are not
    failures. A substitution whose end was not observed (it recorded no exit, and the top
    shell could not wait for it), or a top shell that did not reach its end (it `exec`ed
    another program, or its EXIT trap was taken away), is not a pass either: 1."""
    if text is None or not text.endswith("end\n"):
        return 1
    started: list[str] = []
    ended: dict[str, int] = {}
    waited: dict[str, int] = {}
    for line in text.splitlines():
        kind, _, rest = line.partition(" ")
        words = rest.split()
        if kind == "start" and words:
            started.append(words[0])
        elif kind in ("exit", "waited") and len(words) == 2 and words[1].isdigit():
            (ended if kind == "exit" else waited)[words[0]] = int(words[1])
    for pid in started:
        status = waited.get(pid, ended.get(pid))
        if status is None:
            return 1
        if status not in FINE:
            return status
    return None
