"""Names that are safe as file names, for the state folder and the executor's logs; pure."""

from __future__ import annotations

import hashlib
import re


def safe_name(text: str) -> str:
    """A file-name fragment that cannot leave its folder: no `/`, `..` or shell metacharacters."""
    clean = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_")[:40] or "x"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"{clean}-{digest}"
