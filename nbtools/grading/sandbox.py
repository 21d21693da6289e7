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

It has its own network (empty), process, IPC and UTS namespaces; ``--die-with-parent`` and the process
namespace mean that nothing it started (a ``setsid`` daemon included) outlives the kernel; ``--new-session``
keeps it off the grader's terminal. It is not root, in one of two ways:

* a grader run by an ordinary user: a user namespace too (``--unshare-all``) in which the kernel is uid
  65534 (nobody);
* a grader run as root (a container, CI): Linux exempts a real root user from the limit on processes, even
  inside a user namespace, so there the kernel really is another user: bubblewrap starts it through
  ``setpriv`` as ``kernel_uid()``, a uid of its own (no other process has it), and ``hand_over`` gives it the
  submission's folder.

The limits on memory, CPU time, processes and file size are set by ``launcher.py`` inside.
"""

import os
import shutil
import sys
import sysconfig
from pathlib import Path

NOBODY = 65534
FIRST_KERNEL_UID = 1_000_000_000  # kernel_uid() is this plus the grading process's id: unused by any account
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
    arguments, binds = [], []
    for top in sorted(Path("/").iterdir()):
        if top.name in ("usr",):
            binds.append((top, top))
        elif top.is_symlink() and str(top.readlink()).startswith("usr/"):  # /bin -> usr/bin on merged-/usr systems
            arguments += ["--symlink", str(top.readlink()), str(top)]
        elif top.name in ("bin", "lib", "lib32", "lib64", "sbin") and top.is_dir():
            binds.append((top, top))
    binds += [(path, path) for path in (Path("/etc", name) for name in ETC_FILES) if path.exists()]
    prefixes = {Path(sys.base_prefix).resolve(), Path(sys.prefix)}
    prefixes |= {Path(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")}
    binds += [(prefix, prefix) for prefix in sorted(prefixes, key=lambda path: len(path.parts))
              if not str(prefix).startswith("/usr/") and prefix.exists()]
    binds.append((package_copy or package_folder(), package_folder()))
    return arguments + read_only_binds(binds)


def read_only_binds(binds):
    """``--ro-bind`` arguments for ``(source, destination)`` pairs, each after a ``--dir`` for every folder
    above its destination that is not there yet: bubblewrap would make those itself, but (when the grader is
    root) readable by root only, so that the kernel, another user, could not reach what is bound below."""
    arguments, made = [], set()
    for source, destination in binds:
        for parent in reversed(Path(destination).parents[:-1]):  # from the top down, without "/"
            if parent not in made and not any(parent.is_relative_to(bound) for _, bound in binds
                                               if bound != destination):
                arguments += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
        arguments += ["--ro-bind", str(source), str(destination)]
    return arguments


def kernel_uid():
    """The kernel's uid when the grader runs as root: one of its own for each grading process, so that the limit
    on processes counts this kernel's processes only."""
    return FIRST_KERNEL_UID + os.getpid()


def hand_over(path):
    """Give ``path`` (a folder with all it holds, or a file) to the kernel's uid, when the grader is root."""
    if os.geteuid() != 0:
        return
    for folder, _, files in os.walk(path):
        for name in [folder, *(os.path.join(folder, file) for file in files)]:
            os.chown(name, kernel_uid(), kernel_uid())
    if os.path.isfile(path):
        os.chown(path, kernel_uid(), kernel_uid())


def command(folder, workdir, package_copy=None):
    """The ``bwrap`` argument list that runs a program inside the sandbox; ``folder`` is bound writable."""
    if os.geteuid() == 0:
        uid = str(kernel_uid())
        who = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
               "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        become = ["setpriv", "--reuid", uid, "--regid", uid, "--clear-groups", "--no-new-privs"]
    else:
        who, become = ["--unshare-all", "--uid", str(NOBODY), "--gid", str(NOBODY)], []
    # The private /tmp and /run come first: binds are applied in order, and a venv or repository that lives
    # under /tmp (a CI checkout, say) must be bound on top of the empty /tmp, not hidden under it.
    return [bwrap(), *who, "--die-with-parent", "--new-session", "--hostname", "grading",
            "--perms", "1777", "--tmpfs", "/tmp", "--tmpfs", "/run", *system_binds(package_copy), "--proc", "/proc", "--dev", "/dev",
            "--bind", str(folder), str(folder), "--chdir", str(workdir),
            # The kernel's parent inside is the sandbox's init, not the grader: no parent polling
            # (ipykernel would take the sandbox's pid 1 for "my parent has exited"); --die-with-parent instead.
            "--setenv", "JPY_PARENT_PID", "1", "--", *become]
