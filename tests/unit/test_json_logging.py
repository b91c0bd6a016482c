from __future__ import annotations

import json
import logging

from adapters.logging import JsonFormatter, request_id_var


def _record(message: str, **extra: object) -> logging.LogRecord:
    record = logging.makeLogRecord({"name": "test", "levelname": "INFO", "msg": message, "args": ()})
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_a_record_is_one_json_line_even_with_newlines_in_values() -> None:
    line = JsonFormatter().format(_record("first\nsecond", path="/x\r\ninjected: yes"))
    assert "\n" not in line and "\r" not in line
    entry = json.loads(line)
    assert entry["message"] == "first\nsecond"
    assert entry["path"] == "/x\r\ninjected: yes"


def test_the_request_id_is_on_every_line_of_a_request() -> None:
    token = request_id_var.set("abc123")
    try:
        entry = json.loads(JsonFormatter().format(_record("hello")))
    finally:
        request_id_var.reset(token)
    assert entry["request_id"] == "abc123"


def test_exceptions_are_kept_on_the_same_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = _record("failed")
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: boom" in json.loads(line)["exception"]
