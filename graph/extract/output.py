"""Records of ``stafett extract`` as JSON or YAML text (pure)."""

from __future__ import annotations

import json

from ..records import dump_record_yaml


def render_records(records: list[dict], *, as_json: bool, single: bool) -> str:
    """One JSON object (``single``) or a JSON array; YAML documents separated by ``---``."""
    if as_json:
        data = records[0] if single and len(records) == 1 else records
        return json.dumps(data, ensure_ascii=False, indent=1)
    return "---\n".join(dump_record_yaml(r) for r in records)
