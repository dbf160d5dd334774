# SPDX-License-Identifier: GPL-2.0
"""Checks of command-line values shared by the host scripts.

run-qemu, bochs-run and coverage take the same kinds of values: a number
of seconds, a count, a file or a directory to write. Each check either
returns the value or raises argparse.ArgumentTypeError (for a type=
function) or ValueError with a message that says what to give, so that a
bad value ends in one line and a usage exit status before anything runs,
never in a traceback or a "hang" after the whole timeout.

An output is refused when it is empty, among the sources (a file git
tracks, or in a directory holding tracked files: the tree itself, mm/ ...;
build/ and O= directories in the tree are outputs), a directory where a
file is wanted (or the reverse), or cannot be created. The check creates
what it must to find out, and removes again whatever it created.
"""
import argparse
import math
import os
import shutil
import subprocess
import tempfile

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def seconds(text):
    """argparse type: a positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(
            f"a positive number of seconds, got '{text}'")
    return value


def positive_int(text):
    """argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"a positive integer, got '{text}'")
    return value


def _tracked(tree, rel):
    """True when git tracks @rel (a file, or files in the directory @rel)."""
    p = subprocess.run(["git", "-C", tree, "ls-files", "--", rel or "."],
                       capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return p.returncode != 0 or bool(p.stdout.strip())


def _in_tree(path):
    """True when writing @path would write among the sources: it is a
    tracked file, or the nearest directory of it that exists holds tracked
    files (the tree itself, mm/ ...). A directory of outputs (build/, an
    O= directory such as out/) does not; without git, only build/ is
    outside the sources."""
    real = os.path.realpath(path)
    tree = os.path.realpath(SRCTREE)
    if real != tree and not real.startswith(tree + os.sep):
        return False
    if real.startswith(os.path.join(tree, "build") + os.sep):
        return False
    if not os.path.exists(os.path.join(tree, ".git")) or not shutil.which("git"):
        return True
    if os.path.isfile(real) and _tracked(tree, os.path.relpath(real, tree)):
        return True
    d = real if os.path.isdir(real) else os.path.dirname(real)
    while d != tree and not os.path.isdir(d):
        d = os.path.dirname(d)
    return _tracked(tree, os.path.relpath(d, tree) if d != tree else "")


def _missing_parents(d):
    """The directories os.makedirs(@d) would create, outermost first."""
    made = []
    while d and not os.path.lexists(d) and d != os.path.dirname(d):
        made.insert(0, d)
        d = os.path.dirname(d)
    if d and os.path.lexists(d) and not os.path.isdir(d):
        raise ValueError(f"cannot write under {d}: not a directory")
    return made


def _undo(made):
    for d in reversed(made):
        try:
            os.rmdir(d)
        except OSError:
            pass


def _check(path, is_dir, tree_ok=False, parents=True):
    if not path:
        raise ValueError("an empty path")
    if not tree_ok and _in_tree(path):
        raise ValueError(f"{path} is inside the source tree {SRCTREE}: "
                         "write under its build/, an O= directory or outside it")
    path = os.path.abspath(path)
    if is_dir and os.path.lexists(path) and not os.path.isdir(path):
        raise ValueError(f"{path} is not a directory")
    if not is_dir and os.path.isdir(path):
        raise ValueError(f"{path} is a directory: give a file name")
    made = _missing_parents(path if is_dir else os.path.dirname(path))
    if made and not parents:
        raise ValueError(f"cannot write {path}: No such file or directory")
    try:
        if is_dir:
            os.makedirs(path, exist_ok=True)
            fd, probe = tempfile.mkstemp(dir=path, prefix=".probe-")
            os.close(fd)
            os.unlink(probe)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            existed = os.path.lexists(path)
            # Append mode: an existing file is left as it is.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666))
            if not existed:
                os.unlink(path)
    except OSError as e:
        raise ValueError(f"cannot write {path}: {e.strerror}") from None
    finally:
        _undo(made)


def check_output_file(path, tree_ok=False, parents=True):
    """Raise ValueError unless a file can be written at @path (and, unless
    @tree_ok, it is outside the source tree or under its build/). With
    @parents False, its directory must exist already (the writer does not
    create it)."""
    _check(path, is_dir=False, tree_ok=tree_ok, parents=parents)


def check_output_dir(path):
    """Raise ValueError unless files can be written in the directory @path."""
    _check(path, is_dir=True)
