"""Issue 19, case 4, the fourteenth stop: a secret that is a phrase of several words.

`pass phrase is: correct horse battery staple` kept all four words; `passphrase: correct
horse battery staple` and `Passphrase = …` kept all but the first. A passphrase, a seed or
recovery phrase, or a mnemonic is masked to the end of its line now, in every sink.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.plan.redact import redact
from tests.helpers import sinks

PHRASE = "correct horse battery staple"

SAID = [
    f"pass phrase is: {PHRASE}",
    f"passphrase: {PHRASE}",
    f"Passphrase = {PHRASE}",
    f"the passphrase is {PHRASE}",
    f"GPG passphrase for alice: {PHRASE}",
    f"recovery phrase: {PHRASE}",
    f"wallet phrase = {PHRASE}",
    f"the pass phrase was {PHRASE}",
]


@pytest.mark.parametrize("said", SAID)
def test_every_word_of_the_phrase_is_masked(said: str) -> None:
    masked = redact(said, {})
    assert not any(word in masked for word in PHRASE.split()), masked


@pytest.mark.parametrize(
    "said",
    [
        "Enter passphrase for key '/home/u/.ssh/id_ed25519':",
        "the passphrase is wrong",
        "passphrase required",
        "no passphrase set",
        "passphrase is empty",
    ],
)
def test_what_says_nothing_secret_stays(said: str) -> None:
    assert redact(said, {}) == said


def test_every_sink_masks_the_phrase(repo: Path) -> None:
    for name, text in sinks(repo, SAID).items():
        assert "battery staple" not in text, name


VALUE = "Zq7a48hunter2xx"
BESIDE = [
    f"psk={VALUE}",
    f"{VALUE} is the password",
    f"{VALUE} was my password",
    f"The admin's password, {VALUE}, expires soon",
    f"password: ********  (was {VALUE})",
    f"password&#61;{VALUE}",
    f"ftp> PASS {VALUE}",
]


@pytest.mark.parametrize("said", BESIDE)
def test_a_secret_named_beside_its_value_is_masked(said: str) -> None:
    # The fourteenth pass (F4n): each reached every sink.
    assert VALUE not in redact(said, {}), said


def test_an_smtp_auth_line_is_masked() -> None:
    assert "AGJvYgBo" not in redact("AUTH PLAIN AGJvYgBodW50ZXIyaHVudGVyMg==", {})


@pytest.mark.parametrize(
    "said",
    [
        "v1.2.3-rc1 is the token format",
        "PASS tests/test_a.py",
        "AT&T",
        "src/app.py is the token parser",
    ],
)
def test_look_alikes_stay(said: str) -> None:
    assert redact(said, {}) == said


def test_every_sink_masks_the_beside_shapes(repo: Path) -> None:
    for name, text in sinks(repo, BESIDE).items():
        assert VALUE not in text, name
