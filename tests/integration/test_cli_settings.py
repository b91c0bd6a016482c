"""A bad setting stops the start with one readable line per problem."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_invalid_settings_stop_the_start_with_one_line_each(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SECRET_KEY": "short",
        "PORT": "not-a-port",
        "BACKEND_CORS_ORIGINS": '["unterminated',
    }
    result = subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "serve"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert sorted(line.split(":")[1].strip() for line in lines) == [
        "BACKEND_CORS_ORIGINS",
        "PORT",
        "SECRET_KEY",
    ]
    assert all(line.startswith("invalid setting: ") for line in lines)
