"""The public directory on disk: generations, staging and swapping (plain Python).

A plan's files are replaced as a whole, never edited in place. A publication *invalidates* the
plan (its directories are renamed away at once, so the application answers until new files are
ready, and the plan's generation goes up); a render writes into a staging directory and *swaps*
it in only if no publication happened meanwhile (same generation). Both hold one lock file, so a
render cannot put back pages that a publication has just made stale.

    ROOT/vigente/…, ROOT/periodo-KEY/…   served files
    ROOT/.generations/<name>             one integer per plan slug, and `_site` for site pages
    ROOT/.staging/<id>/…                 renders under way
    ROOT/.trash/<id>                     invalidated directories, deleted after the swap
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

SITE = "_site"


class PublicDirectory:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def generation(self, name: str) -> int:
        try:
            return int((self.root / ".generations" / name).read_text() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def _bump(self, name: str) -> int:
        folder = self.root / ".generations"
        folder.mkdir(parents=True, exist_ok=True)
        value = self.generation(name) + 1
        _write_atomically(folder / name, str(value).encode())
        return value

    def invalidate(self, name: str, relatives: list[str]) -> int:
        """Take these files or directories out of service now; returns the new generation."""
        with self.locked():
            value = self._bump(name)
            for relative in relatives:
                self._discard(self.root / relative)
        return value

    def advance(self, name: str) -> int:
        """A new generation for a render that replaces files still in service (a rebuild):
        renders queued before it are superseded, and nothing is taken out meanwhile."""
        with self.locked():
            return self._bump(name)

    def staging(self) -> Path:
        folder = self.root / ".staging" / uuid.uuid4().hex
        folder.mkdir(parents=True)
        return folder

    def swap(self, name: str, generation: int, staging: Path, relatives: list[str]) -> bool:
        """Put the staged files and directories in service if `name` is still at `generation`;
        otherwise a newer render is on its way and this one is dropped. True if swapped."""
        try:
            with self.locked():
                if self.generation(name) != generation:
                    return False
                for relative in relatives:
                    staged, served = staging / relative, self.root / relative
                    self._discard(served)
                    if staged.exists():
                        served.parent.mkdir(parents=True, exist_ok=True)
                        os.replace(staged, served)
                return True
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            self.empty_trash()

    def _discard(self, path: Path) -> None:
        if path.is_dir():
            trash = self.root / ".trash"
            trash.mkdir(exist_ok=True)
            os.replace(path, trash / uuid.uuid4().hex)  # one rename, however many files
        elif path.exists():
            path.unlink()

    def empty_trash(self) -> None:
        trash = self.root / ".trash"
        if trash.is_dir():
            for item in trash.iterdir():
                shutil.rmtree(item, ignore_errors=True)


def write_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(path, content)


def _write_atomically(path: Path, content: bytes) -> None:
    # A reader (nginx, `avance serve`) sees the old file or the new one, never half of one.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
