"""The GitHub Actions workflow `plan ci init` writes: a plan's Quality Gates fanned out over
machines, one job each, and their results brought back into the plan; pure.

Nothing the plan says reaches a `run:` line: the plan's path, a gate's name and its file key
travel in `env:` and the shell reads them as variables (GitHub's advice against script
injection). Each job has the least permission it needs: `contents: read`, and `contents: write`
only in the job that pushes the plan's commit. Action versions are ones on a current Node
runtime (actionlint flags those on a retired or deprecated one).
"""

from __future__ import annotations

import json

PATH = ".github/workflows/plan.yml"

_TEMPLATE = """\
# Written by `plan ci init` for @SHOWN@.
# Runs the plan's Quality Gates, one job each (`plan ci matrix`), then records every result
# in the plan and pushes that one commit (`plan ci collect`). README, "Running on CI".
# Change the install step to install what your gates need; `plan ci init --force` rewrites
# this file.
name: plan

on:
  push:
    branches: ["**"]
  workflow_dispatch:

# One run a branch at a time: two runs pushing the plan's commit would race.
concurrency:
  group: plan-${{ github.ref }}
  cancel-in-progress: false

permissions:
  contents: read

env:
  PLAN_FILE: @PLAN@

defaults:
  run:
    shell: bash

jobs:
  matrix:
    name: the plan's gates
    runs-on: ubuntu-latest
    permissions:
      contents: read
    outputs:
      matrix: ${{ steps.matrix.outputs.matrix }}
    steps:
      # The commit that started the run, in every job: the gates test one tree, and
      # collect records a result only for that tree (or one differing in the plan alone).
      - uses: actions/checkout@v6
        with:
          ref: ${{ github.sha }}
          persist-credentials: false
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
      - name: Install plan
        run: python -m pip install plan-runner
      - id: matrix
        name: List the gates
        run: echo "matrix=$(plan ci matrix "$PLAN_FILE")" >> "$GITHUB_OUTPUT"

  gate:
    name: gate ${{ matrix.gate }}
    needs: matrix
    if: needs.matrix.outputs.matrix != '{"include":[]}'
    runs-on: ubuntu-latest
    permissions:
      contents: read
    strategy:
      fail-fast: false
      matrix: ${{ fromJSON(needs.matrix.outputs.matrix) }}
    env:
      GATE: ${{ matrix.gate }}
      KEY: ${{ matrix.key }}
    steps:
      # The commit that started the run, in every job: the gates test one tree, and
      # collect records a result only for that tree (or one differing in the plan alone).
      - uses: actions/checkout@v6
        with:
          ref: ${{ github.sha }}
          persist-credentials: false
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
      - name: Install the project and plan
        run: |
          python -m pip install --upgrade pip
          if [ -f pyproject.toml ] || [ -f setup.py ]; then python -m pip install -e .; fi
          command -v plan >/dev/null || python -m pip install plan-runner
      - name: Run the gate
        run: plan gates --only "$GATE" --no-commit --junit "plan-results/$KEY.xml"
      - name: Keep the step summary
        if: always()
        run: |
          mkdir -p plan-results
          summary="$GITHUB_STEP_SUMMARY"
          if [ -f "$summary" ]; then cp "$summary" "plan-results/$KEY.md"; fi
      - name: Upload the results
        if: always()
        uses: actions/upload-artifact@v6
        with:
          name: plan-results-${{ matrix.key }}
          path: plan-results/
          if-no-files-found: warn

  collect:
    name: record the results in the plan
    needs: [matrix, gate]
    if: always() && needs.matrix.result == 'success'
    runs-on: ubuntu-latest
    permissions:
      contents: write
    env:
      BRANCH: ${{ github.ref_name }}
    steps:
      # The branch as it is now (not the commit that started the run), so the journal names
      # the branch and the push is a fast-forward; a plan whose gates changed meanwhile is
      # refused by collect, and a result tested at a tree that differs from the branch's now
      # (a push landed while the gates ran) is journaled as not recorded. The whole history,
      # so that the commit the gates tested is there to compare with.
      - uses: actions/checkout@v6
        with:
          ref: ${{ github.ref }}
          fetch-depth: 0
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
      - name: Install plan
        run: python -m pip install plan-runner
      - uses: actions/download-artifact@v7
        with:
          pattern: plan-results-*
          path: plan-results
          merge-multiple: true
      - name: Record and push
        run: |
          git config user.name "github-actions[bot]"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
          shopt -s nullglob
          files=(plan-results/*.xml)
          if [ "${#files[@]}" -eq 0 ]; then echo "no results to record"; exit 1; fi
          status=0
          plan ci collect "${files[@]}" || status=$?
          if [ "$status" -le 1 ]; then git push origin "HEAD:refs/heads/$BRANCH"; fi
          exit "$status"
"""


def workflow_yaml(plan_file: str, shown: str) -> str:
    """The workflow for the plan at `plan_file` (its path in the repository)."""
    # A JSON string is a YAML double-quoted scalar: the path is data, whatever it holds.
    return _TEMPLATE.replace("@PLAN@", json.dumps(plan_file)).replace("@SHOWN@", _comment(shown))


def _comment(text: str) -> str:
    return " ".join(text.split())
