"""Issue 19, case 16 (eleventh pass): a gate's declared input that is a symlink out of the
repository was neither watched (the fingerprint counts it as outside and never reads it)
nor said. Chosen: it is not followed (the repository's gates read only the repository),
and `plan lint` says so, P305, as for an input written outside; a link inside stays quiet."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_sinks import gated_plan
from tests.helpers import plan

GATES = "| Gate | Command | Inputs |\n| ---- | ------- | ------ |\n| Conf | `true` | {cell} |\n"


def _p305(repo: Path) -> list[str]:
    result = plan("lint", "plans/0001-run.md")
    return [ln for ln in result.out.splitlines() if "P305" in ln]


def test_an_input_that_is_a_symlink_out_of_the_repository_is_a_lint_warning(
    repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.conf"
    outside.write_text("a=1\n", encoding="utf-8")
    (repo / "conf.ini").symlink_to(outside)
    gated_plan(repo, "conf.ini\n", GATES.format(cell="`conf.ini`"))
    (warned,) = _p305(repo)
    assert "`conf.ini` is outside the repository (a symlink leads there)" in warned


def test_a_folder_input_holding_a_link_out_is_a_lint_warning(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.env"
    outside.write_text("a=1\n", encoding="utf-8")
    (repo / "cfg").mkdir()
    (repo / "cfg" / "ok.txt").write_text("x\n", encoding="utf-8")
    (repo / "cfg" / "env").symlink_to(outside)
    gated_plan(repo, "cfg/\n", GATES.format(cell="`cfg/`"))
    assert len(_p305(repo)) == 1


def test_a_link_inside_the_repository_is_no_warning(repo: Path) -> None:
    (repo / "real.ini").write_text("a=1\n", encoding="utf-8")
    (repo / "conf.ini").symlink_to("real.ini")
    gated_plan(repo, "conf.ini\nreal.ini\n", GATES.format(cell="`conf.ini` `real.ini`"))
    assert _p305(repo) == []
