"""Keep secrets out of the plan: command output written there is redacted first; pure."""

from __future__ import annotations

import re
from collections.abc import Mapping

# Environment variables whose values are secrets by their name.
_SECRET_NAME = re.compile(
    r"TOKEN|SECRET|PASSW|PASSPHRASE|API_?KEY|PRIVATE|CREDENTIAL|AUTH|COOKIE|SESSION|_KEY$",
    re.IGNORECASE,
)
# Shapes of well-known credentials, whatever variable (if any) they came from.
_SECRET_SHAPE = re.compile(
    r"gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|AKIA[0-9A-Z]{16}"
    r"|xox[abpr]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,}"
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|(?i:bearer)\s+[A-Za-z0-9._~+/-]{12,}=*"
)
MASK = "***"


def secret_values(env: Mapping[str, str]) -> list[str]:
    """The values of secret-looking variables, longest first (6 characters or more)."""
    values = {v for k, v in env.items() if _SECRET_NAME.search(k) and len(v) >= 6}
    return sorted(values, key=len, reverse=True)


def redact(text: str, env: Mapping[str, str]) -> str:
    """`text` with secret values and credential shapes masked."""
    for value in secret_values(env):
        text = text.replace(value, MASK)
    return _SECRET_SHAPE.sub(MASK, text)
