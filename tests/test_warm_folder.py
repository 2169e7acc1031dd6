"""The warm processes' folder: a key's files unused for a day go when a warm process starts
(clusters_maghreb.warm._remove_stale); nothing else in the folder is touched."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from clusters_maghreb import warm

DAY = 24 * 3600


def stale_key(folder: Path, name: str, listening: bool = False, age: float = 2 * DAY) -> list:
    """A key's files in ``folder``, last used ``age`` seconds ago; with a socket if
    ``listening``."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    files = [folder / f"{name}.lock", folder / f"{name}.log"]
    files += [folder / f"{name}.sock"] if listening else []
    for f in files:
        f.write_text("")
        os.utime(f, (time.time() - age, time.time() - age))
    return files


def old_file(path: Path) -> Path:
    path.write_text("")
    os.utime(path, (time.time() - 2 * DAY, time.time() - 2 * DAY))
    return path


def test_the_keys_unused_for_a_day_go_and_nothing_else(tmp_path):
    folder = tmp_path / "warm"
    stale = stale_key(folder, "0123456789abcdef")
    recent = stale_key(folder, "1123456789abcdef", age=3600)
    listened = stale_key(folder, "2123456789abcdef", listening=True)
    opened = stale_key(folder, "3123456789abcdef")
    os.utime(opened[0])  # its .lock opened a moment ago by a command
    log_alone = stale_key(folder, "4123456789abcdef")[1:]
    log_alone_lock = folder / "4123456789abcdef.lock"
    log_alone_lock.unlink()
    # not a key's: another program's files, if the folder is one of the user's own
    others = [old_file(folder / n) for n in ("build.2025.log", "build.lock", "notes.log")]
    warm._remove_stale(folder)
    assert not any(f.exists() for f in stale + log_alone)
    assert all(f.exists() for f in recent + listened + opened + others)


def test_a_key_whose_start_lock_is_held_stays(tmp_path):
    folder = tmp_path / "warm"
    files = stale_key(folder, "5123456789abcdef")
    with open(files[0]) as lock:  # a command starting its warm process holds it
        fcntl.flock(lock, fcntl.LOCK_EX)
        warm._remove_stale(folder)
    assert all(f.exists() for f in files)


def test_a_start_lock_removed_before_it_is_taken_is_not_the_folders(tmp_path):
    lock = tmp_path / "6123456789abcdef.lock"
    with open(lock, "w") as held:
        assert warm._same_file(held.fileno(), str(lock))
        lock.unlink()  # removed as stale between its opening and its locking
        assert not warm._same_file(held.fileno(), str(lock))
        lock.write_text("")  # another command's
        assert not warm._same_file(held.fileno(), str(lock))
