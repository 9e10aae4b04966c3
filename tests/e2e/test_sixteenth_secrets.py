"""Issue 19, case 4, the sixteenth pass (attack16b): a secret in a table, a CSV or column
output, a parameter store's path, click's prompt default, ssh-keygen's `-N`, and a few
separators (`::`, `?:`) reached every sink (the plan's journal, the commit message, JUnit,
`--json`). Each is masked now by the one redaction pass every sink shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.plan.redact import redact
from tests.helpers import sinks

VALUE = "QzNNx7Kp2Lm9Wv"
SHAPES = [
    f"| password | {VALUE} |",
    f"| db_password | {VALUE} | sensitive |",
    f" password | {VALUE}",
    f"password,{VALUE}",
    f'"password","{VALUE}"',
    f"user,password\nadmin,{VALUE}",
    f'"Name": "/prod/db/password", "Value": "{VALUE}"',
    f"/prod/db/password  SecureString  {VALUE}",
    f"Password [default: {VALUE}]:",
    f"privkey: {VALUE}",
    f"tok={VALUE}",
    f"ldap bind dn=cn=admin pw {VALUE}",
    f"pass phrase {VALUE}",
    f"password :: {VALUE}",
    f"password?: {VALUE}",
    f"ssh-keygen -t ed25519 -N {VALUE} -f key",
    # a value below its name with a comment line between (YAML, JSONC)
    f"password:\n  # the prod one\n  {VALUE}",
    f'"api_key":\n  // note\n  "{VALUE}"',
]


@pytest.mark.parametrize("shape", SHAPES)
def test_the_shape_is_masked(shape: str) -> None:
    assert VALUE not in redact(shape, {})


@pytest.mark.parametrize(
    "kept",
    [
        "| Name | Value |\n|---|---|\n| token | expired |",
        "Passwords, tokens and keys are masked.",
        "The token, which was revoked, is gone",
        "| key | value |\n| user | bob |",
        "Enter [default: yes]",
        "token_count: 12",
        "tok = next(it)",
        "cd /srv && pwd",
        "password:\n  # set below\n\nhost: db",
    ],
)
def test_words_that_only_look_like_it_stay(kept: str) -> None:
    assert redact(kept, {}) == kept


def test_every_sink_masks_a_secret_in_a_row(repo: Path) -> None:
    for name, text in sinks(repo, SHAPES).items():
        assert VALUE not in text, name


def test_a_colour_code_inside_a_value_leaves_none_of_it() -> None:
    # attack16b, case 4: `grep --color=always` on a secret line was journaled
    # `DB_PASSWORD=***;31mLm9WvNEWpart42` (the escape ended the value early)
    from runner.plan.redact import clean

    raw = "DB_PASSWORD=Qgrp0x7Kp2\x1b[01;31m\x1b[KLm9Wv\x1b[m\x1b[KNEWpart42"
    assert clean(raw, {}) == "DB_PASSWORD=***"
