"""Issue 19, case 13: a process substitution that fails fails the check.

bash reports neither the exit nor the end of `<(...)` and `>(...)`, and `pipefail` does not
see them: `cat <(exit 4)`, `diff <(false) <(true)` and `tee >(exit 3)` passed. The runner
now marks each substitution so that it records its exit, and the top shell waits for them
before it ends; a failing one fails the check, as a failing pipeline stage does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan


def run_one(repo: Path, command: str) -> dict[str, object]:
    write_plan(repo, [row("1", "`" + command.replace("|", "\\|") + "`", timeout="60s")])
    r = plan("run", "1", "--json")
    result: dict[str, object] = r.json()["results"][0]
    return result


@pytest.mark.parametrize(
    "command",
    [
        "cat <(exit 4)",
        "diff <(false) <(true)",
        "tee >(exit 3) < /dev/null",
        "echo x | tee >(sleep 0.2; exit 5)",
        'echo "$(cat <(exit 2))"',
        "wc -l <(grep -q nothing /dev/null) >/dev/null",
        "cat <(echo a) <(exit 6) <(echo b)",
        "exec cat <(exit 4)",
        "( cat <(exit 3) )",
    ],
)
def test_a_failing_process_substitution_fails_the_check(repo: Path, command: str) -> None:
    result = run_one(repo, command)
    assert result["status"] == "failed", result
    assert result["commands"][0]["exit_code"] != 0  # type: ignore[index]


@pytest.mark.parametrize(
    "command",
    [
        "diff <(printf 'a\\n') <(printf 'a\\n')",
        "head -1 <(seq 1 1000000)",
        "head -1 <(while :; do echo x; done)",
        "grep -c x <(printf 'x\\n')",
        "echo '<(exit 4)' | grep -c exit",
        "grep -c exit <<< '<(exit 4)'",
        "test $((1<(2+1))) = 1",
    ],
)
def test_process_substitutions_that_succeed_still_pass(repo: Path, command: str) -> None:
    result = run_one(repo, command)
    assert result["status"] == "passed", result


def test_what_a_substitution_writes_is_there_when_the_check_ends(repo: Path) -> None:
    # The top shell waits for its substitutions: `tee >(...)` writes the copy before the
    # check is judged, and the copy is whole.
    (repo / "in.txt").write_text("".join(f"{i}\n" for i in range(20000)), encoding="utf-8")
    result = run_one(repo, "tee >(sort -n > copy.txt) < in.txt > /dev/null")
    assert result["status"] == "passed", result
    assert (repo / "copy.txt").read_text(encoding="utf-8").count("\n") == 20000
