"""The operating-system sandbox around each grading kernel: bubblewrap (``bwrap``).

The sandbox's root is built from explicit read-only binds, nothing else of the machine's files:

* the system (``/usr`` and its ``/bin``, ``/lib`` links, a few files of ``/etc``), Python's own prefix and
  the virtual environment (so ``numpy``, ``sympy`` and ipykernel import as usual, and nothing can be
  written where the grader or a later kernel imports from);
* the installed ``nbtools`` *package folder* only, at its own path: the repository around it (the
  instructor's exercise sources and their hidden tests, the authoring twins) is not there. While a class is
  graded, the folder mounted there is a copy without the checks and without the building blocks that answer
  the exercise (``withheld.py``);
* one writable folder per submission, holding the kernel's working folder, its home and the
  connection file and ``ipc`` sockets through which the grader talks to it (the kernel has no network
  at all, so TCP cannot reach it). Other submissions and the output folder are not there.

``--unshare-all`` gives it its own network (empty), process, IPC, UTS and user namespaces; ``--uid
65534`` (nobody) means it is not root inside; ``--die-with-parent`` and the process namespace mean that
nothing it started (a ``setsid`` daemon included) outlives the kernel; ``--new-session`` keeps it off
the grader's terminal. The limits on memory, CPU time, processes and file size are set by
``launcher.py`` inside.
"""

import shutil
import sys
import sysconfig
from pathlib import Path

NOBODY = 65534
ETC_FILES = ("passwd", "group", "hosts", "nsswitch.conf", "localtime", "ld.so.cache", "ld.so.conf",
             "ld.so.conf.d", "alternatives", "ssl", "ca-certificates", "fonts", "matplotlibrc", "mime.types")
NOT_DEFENDED = ("grading without a sandbox: each submission's code runs with your own permissions. It can read "
                "the instructor's sources and hidden tests, write to nbtools and site-packages (changing how "
                "later submissions are graded), reach the network, leave processes running after grading, and "
                "call nbtools' own answers to the exercise (they are withheld only in the sandbox).")


class SandboxMissing(RuntimeError):
    """No sandbox tool is installed; the message says what to do."""


def bwrap():
    """The path of ``bwrap``, or ``SandboxMissing`` saying how to install it or how to grade without it."""
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxMissing("bubblewrap (bwrap) is not installed, so submissions cannot be graded in a sandbox. "
                             "Install it (Debian/Ubuntu: apt-get install bubblewrap), or pass --no-sandbox to "
                             "accept " + NOT_DEFENDED)
    return path


def package_folder():
    """The installed ``nbtools`` package's folder (an editable install's is inside the repository)."""
    return Path(__file__).resolve().parents[1]


def system_binds(package_copy=None):
    """bwrap arguments for the read-only system: ``/usr`` and its links, Python and the venv, a few of ``/etc``;
    and the nbtools package, or ``package_copy`` in its place."""
    arguments = []
    for top in sorted(Path("/").iterdir()):
        if top.name in ("usr",):
            arguments += ["--ro-bind", str(top), str(top)]
        elif top.is_symlink() and str(top.readlink()).startswith("usr/"):  # /bin -> usr/bin on merged-/usr systems
            arguments += ["--symlink", str(top.readlink()), str(top)]
        elif top.name in ("bin", "lib", "lib32", "lib64", "sbin") and top.is_dir():
            arguments += ["--ro-bind", str(top), str(top)]
    for name in ETC_FILES:
        path = Path("/etc", name)
        if path.exists():
            arguments += ["--ro-bind", str(path), str(path)]
    prefixes = {Path(sys.base_prefix).resolve(), Path(sys.prefix)}
    prefixes |= {Path(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")}
    for prefix in sorted(prefixes, key=lambda path: len(path.parts)):
        if not str(prefix).startswith("/usr/") and prefix.exists():
            arguments += ["--ro-bind", str(prefix), str(prefix)]
    package = package_folder()
    return arguments + ["--ro-bind", str(package_copy or package), str(package)]


def command(folder, workdir, package_copy=None):
    """The ``bwrap`` argument list that runs a program inside the sandbox; ``folder`` is bound writable."""
    # The private /tmp and /run come first: binds are applied in order, and a venv or repository that lives
    # under /tmp (a CI checkout, say) must be bound on top of the empty /tmp, not hidden under it.
    return [bwrap(), "--unshare-all", "--die-with-parent", "--new-session", "--uid", str(NOBODY),
            "--gid", str(NOBODY), "--hostname", "grading", "--tmpfs", "/tmp", "--tmpfs", "/run",
            *system_binds(package_copy), "--proc", "/proc", "--dev", "/dev",
            "--bind", str(folder), str(folder), "--chdir", str(workdir),
            # The kernel's parent inside is the sandbox's init, not the grader: no parent polling
            # (ipykernel would take the sandbox's pid 1 for "my parent has exited"); --die-with-parent instead.
            "--setenv", "JPY_PARENT_PID", "1", "--"]
