"""Start an IPython kernel under resource limits, to run a submission's untrusted code.

``execute.py`` starts it as ``python launcher.py MEMORY_MB CPU_SECONDS -f CONNECTION_FILE``: as a script, not with
``python -m nbtools...``, so that nbtools is not imported before the learner's code runs. The limits
are set before ipykernel starts and hold for everything the kernel runs or starts:

* address space (``RLIMIT_AS``, MEMORY_MB megabytes): an allocation beyond it raises ``MemoryError``
  in the learner's code instead of exhausting the machine;
* CPU time (``RLIMIT_CPU``, CPU_SECONDS: the submission's whole time): a busy loop in a thread or a
  child cannot burn CPU for longer than the submission may run;
* processes and threads (``RLIMIT_NPROC``, 256; counted per user namespace, or, when the grader is root,
  for the kernel's own uid: in the sandbox they are the kernel's own): a fork bomb fails with an error
  instead of filling the machine;
* file size (``RLIMIT_FSIZE``, 100 MB): a larger write fails with an error (``SIGXFSZ`` is ignored, so
  it does not kill the kernel);
* no core dumps when the learner's code crashes the process.

``exit()`` and ``quit()`` are made harmless: in a notebook they end the kernel after the cell, which
would cost the learner every later cell.
"""

import os
import resource
import signal
import sys

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_PROCESSES = 256


def limit(kind, value):
    """Lower both the soft and the hard limit of ``kind`` to ``value`` (never above the current hard limit)."""
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value))


def ignore_exit(shell):
    """Replacement for ``ZMQInteractiveShell.ask_exit``: say so instead of ending the kernel."""
    print("exit() and quit() do nothing while a notebook is being graded.")


def main():
    """Set the limits, then become an ordinary ipykernel with the remaining arguments."""
    memory_mb, cpu_seconds = int(sys.argv[1]), int(sys.argv[2])
    limit(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    limit(resource.RLIMIT_CPU, cpu_seconds)
    if os.getuid() != 0:  # outside a sandbox, root's count is every root process of the machine
        limit(resource.RLIMIT_NPROC, MAX_PROCESSES)
    limit(resource.RLIMIT_FSIZE, MAX_FILE_BYTES)
    limit(resource.RLIMIT_CORE, 0)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    del sys.path[0]  # this script's folder: the learner must not import nbtools/grading/* as top-level modules
    sys.argv = [sys.argv[0], *sys.argv[3:]]

    from ipykernel import kernelapp, zmqshell

    zmqshell.ZMQInteractiveShell.ask_exit = ignore_exit
    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
