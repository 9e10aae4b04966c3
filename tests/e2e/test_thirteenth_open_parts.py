"""Issue 19, cases 10 and 18, the thirteenth pass (F18a): a parent passed over an open part.

`- [ ] Build. Run \\`true\\`.` with `  - [ ] Test. Run \\`false\\`.` under it: `plan run --all`
ticked the parent over the open sub-item, whose `false` never ran, exited 0 and committed;
the next read refused the tick (P106). A parent passes when its parts are done: its run
waits for a person (manual), and `plan done` refuses it while a part is open.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from tests.helpers import plan, until, write_text_plan

PLAN = (
    "# P\n\n## Progress\n\n- [ ] Build. Run `true`.\n  - [ ] Test. Run `false`.\n"
    "- [ ] Ship. Run `true`.\n"
)


def test_a_parent_is_not_ticked_over_an_open_sub_item(repo: Path) -> None:
    path = write_text_plan(repo, PLAN)
    r = plan("run", "--all", "--json")
    doc = json.loads(r.out)
    statuses = {x["id"]: x["status"] for x in doc["results"]}
    assert statuses.get("1") != "passed", r.out
    text = path.read_text(encoding="utf-8")
    assert "- [ ] Build." in text
    assert plan("lint", "--json").out.count("P106") == 0


def test_done_refuses_a_parent_with_an_open_part(repo: Path) -> None:
    path = write_text_plan(repo, PLAN)
    before = path.read_bytes()
    r = plan("done", "1")
    assert r.code == 3, r.out + r.err
    assert "sub-item on line 6 is open" in r.err
    assert path.read_bytes() == before


def test_done_passes_a_parent_whose_parts_are_done(repo: Path) -> None:
    path = write_text_plan(repo, PLAN.replace("  - [ ] Test", "  - [x] Test"))
    assert plan("done", "1").code == 0
    assert "- [x] Build." in path.read_text(encoding="utf-8")


def test_a_sub_item_added_while_the_parent_runs_withdraws_its_pass(repo: Path) -> None:
    flag = repo / "go"
    path = write_text_plan(
        repo, f"# P\n\n## Progress\n\n- [ ] Build. Run `{until(flag)}`.\n- [ ] Ship. Run `true`.\n"
    )

    def add_a_part() -> None:
        time.sleep(0.5)
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("`.\n- [ ] Ship", "`.\n  - [ ] Test. Run `false`.\n- [ ] Ship", 1),
            encoding="utf-8",
        )
        flag.touch()

    t = threading.Thread(target=add_a_part)
    t.start()
    r = plan("run", "1")
    t.join()
    assert r.code != 0, r.out + r.err
    assert "- [ ] Build." in path.read_text(encoding="utf-8")
