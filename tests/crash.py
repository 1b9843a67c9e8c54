"""Crash tests: run code in a fresh Python and kill it mid-work (SIGKILL: no cleanup runs)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_and_kill(code: str, after: float) -> None:
    """Run ``code`` in a fresh Python, wait for it to print "ready", let it work ``after`` seconds, SIGKILL it."""
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(after)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
