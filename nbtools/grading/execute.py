"""Execute a grading copy in a fresh, limited kernel, and come back whatever the submission does.

The kernel is started by ``launcher.py`` (limits on memory, CPU time, processes and file size, ``exit()``
disarmed) inside the bubblewrap sandbox of ``sandbox.py`` (unless ``Limits.sandbox`` is off), talking to
the grader over ``ipc`` sockets in the submission's own folder, in an empty temporary working directory (so
relative paths reach nothing of the instructor's), with a small environment (no inherited secrets; ``HOME``
and ``TMPDIR`` are a fresh temporary folder next to it).

A grading copy is a list of *cells*: the learner's code (text), run in the kernel, and *steps* (functions of
a ``judge.Kernel``), run here in the grader while the kernel lives: the instructor's checks, which call the
learner's answers in the kernel. nbclient runs the code cells one by one with errors allowed, so one broken
cell does not stop the rest, and:

* a cell still running after ``cell_seconds`` is interrupted; if it ignores the interrupt, the kernel is
  killed and restarted without it; a step gets ``cell_seconds`` too, after which the kernel is killed;
* a cell or step that ends the kernel (``os._exit``, a segfault, running out of memory in C code) is recorded
  as "crashed", and the kernel is restarted to run the rest without it: the learner's cells again (they
  build the state), the steps that have not run yet once. At most ``restarts`` times;
* the whole submission, restarts included, has ``notebook_seconds``; then the kernel's process group is
  killed and whatever has not run is recorded as "not run";
* no output of the learner's cells is kept, and the grader's sockets take messages of at most
  ``MAX_MESSAGE_BYTES`` (a larger one cuts the connection, which reconnects) and queue at most
  ``MAX_QUEUED_MESSAGES`` (more wait in the kernel, or are dropped): a flood of output costs time, not the
  grader's memory. Two clients read the kernel's output (nbclient's and the steps'), so at most ten
  messages of 9 MB are held at once, a few hundred MB with their decoding; the largest legitimate message,
  an answer as data, is kept under the bound by ``runner.MAX_ANSWER_BYTES``.
"""

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from time import monotonic

import nbformat
import zmq
import zmq.asyncio
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from traitlets import default

from ..checks.engine import KernelLost
from . import sandbox
from .judge import Kernel
from .runner import MAX_ANSWER_BYTES

LAUNCHER = Path(__file__).with_name("launcher.py")
MAX_ERROR_CHARACTERS = 300
MAX_MESSAGE_BYTES = MAX_ANSWER_BYTES + 1024 * 1024  # an answer and its message's headers
MAX_QUEUED_MESSAGES = 4  # per socket, waiting to be read: at most 36 MB
IOPUB_SETTLE_SECONDS = 0.01  # a started kernel's IOPub is drained until silent this long (jupyter_client: 0.2 s)
POLL_SECONDS = 0.005  # how often a killed kernel's process is checked for its end (jupyter_client: 0.1 s)


@dataclass(frozen=True)
class Limits:
    """How much one submission may use: seconds per cell and in all, memory, kernel restarts."""

    cell_seconds: float = 60
    notebook_seconds: float = 600
    memory_mb: int = 2048
    restarts: int = 2
    sandbox: bool = True


@dataclass
class CellRun:
    """How one cell or step ended: "ok", "error", "timeout", "crashed" or "not run"; its error; a step's result."""

    status: str = "not run"
    error: str = ""
    result: object = None


@dataclass
class Execution:
    """Every cell's ``CellRun`` and the problems that concern the whole submission."""

    runs: list
    problems: list = field(default_factory=list)


def execute(cells, limits, view=None, withheld=()):
    """Run ``cells`` in order: code (text) in the kernel, steps (functions of a ``judge.Kernel``) here.

    ``view`` is the copy of the nbtools package the sandbox mounts (``withheld.package_view``), without
    the ``withheld`` building blocks; steps are not run again after a restart.
    """
    run_once = {index for index, cell in enumerate(cells) if callable(cell)}
    runs = [CellRun() for _ in cells]
    execution = Execution(runs)
    deadline = monotonic() + limits.notebook_seconds
    with tempfile.TemporaryDirectory(prefix="nbtools-grade-") as folder:
        workdir, home = os.path.join(folder, "work"), os.path.join(folder, "home")
        for path in (workdir, home):
            os.mkdir(path)
        if limits.sandbox:
            sandbox.hand_over(folder)
        for attempt in range(limits.restarts + 1):
            plan = [index for index, run in enumerate(runs)
                    if run.status == "not run" or (index not in run_once and run.status in ("ok", "error"))]
            if not any(runs[index].status == "not run" for index in plan):
                break
            fresh = {index: CellRun() for index in plan}
            outcome = asyncio.run(_attempt(cells, plan, fresh, limits, deadline, folder, workdir, home, view,
                                           withheld))
            for index, run in fresh.items():
                if run.status != "not run":
                    runs[index] = run
            if outcome == "finished":
                break
            if outcome != "restart":
                execution.problems.append(outcome)
                break
        else:
            if any(run.status == "not run" for run in runs):
                execution.problems.append(f"the kernel was restarted {limits.restarts} times; the rest was not run")
    return execution


async def _attempt(cells, plan, runs, limits, deadline, folder, workdir, home, view, withheld):
    """One kernel's life: "finished", "restart" (a cell crashed or hung) or a sentence saying what stopped it."""
    prefix = sandbox.command(folder, workdir, view) if limits.sandbox else []
    specs = LimitedKernels(limits.memory_mb, max(1, int(limits.notebook_seconds)), prefix)
    manager = BoundedKernelManager(kernel_name="python3", kernel_spec_manager=specs, transport="ipc",
                                   ip=os.path.join(folder, "kernel"),
                                   connection_file=os.path.join(folder, "kernel.json"))
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("" if callable(cells[index]) else cells[index])
                                               for index in plan])
    steps = {position: cells[index] for position, index in enumerate(plan) if callable(cells[index])}
    client = _Client(notebook, km=manager, runs=[runs[index] for index in plan], steps=steps, deadline=deadline,
                     withheld=withheld, timeout=limits.cell_seconds, interrupt_on_timeout=True, allow_errors=True,
                     record_timing=False, startup_timeout=max(1, int(deadline - monotonic())))
    watchdog = None
    try:
        await manager.start_kernel(cwd=workdir, env=kernel_environment(home), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        watchdog = asyncio.get_running_loop().call_later(max(0.0, deadline - monotonic()), client.stop_kernel,
                                                         "out of time")
        await client.async_execute()
        return "finished"
    except Exception as error:  # noqa: BLE001  (whatever happened, report it and keep the batch going)
        running = client.running_run()
        if client.stopped == "out of time":
            if running:
                running.status = "timeout"
            return f"the submission was still running after {limits.notebook_seconds:g} s and was stopped"
        if isinstance(error, DeadKernelError):
            if running and running.status == "running":
                running.status = "crashed"
            return "restart" if running else "the kernel died unexpectedly"
        return f"the kernel could not run the submission ({type(error).__name__}: {error})"
    finally:
        if watchdog:
            watchdog.cancel()
        for run in runs.values():
            if run.status == "running":
                run.status = "not run"
        await _shut_down(client, manager)


async def _shut_down(client, manager):
    """Stop the clients' channels and the kernel, whatever state they are in."""
    try:
        for kernel_client in (client.kc, client.judge_client):
            if kernel_client is not None:
                kernel_client.stop_channels()
        if client.judge_client is not None:
            client.judge_client.context.destroy(linger=0)
        await manager.shutdown_kernel(now=True)
    except Exception:  # noqa: BLE001,S110  (already dead: nothing left to stop)
        pass


class _Client(NotebookClient):
    """nbclient, recording how each cell ends, keeping no output, and running the steps between the cells."""

    def __init__(self, notebook, runs, steps, deadline, withheld, **options):
        super().__init__(notebook, on_cell_execute=self._started, on_cell_executed=self._finished, **options)
        self.runs, self.running, self.stopped = runs, None, ""
        self.steps, self.deadline, self.withheld = steps, deadline, withheld
        self.judge_client, self.kernel = None, None

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        """A code cell runs in the kernel as usual; a step runs here, calling into the kernel, for at most
        ``timeout`` seconds (and never past the submission's deadline)."""
        step = self.steps.get(cell_index)
        if step is None:
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        self._started(cell, cell_index)
        kernel = self._kernel()
        kernel.deadline = min(monotonic() + self.timeout, self.deadline)
        try:
            self.runs[cell_index].result = step(kernel)
        except KernelLost as lost:
            if monotonic() >= self.deadline:
                self.stop_kernel("out of time")
            elif lost.stuck:
                self.runs[cell_index].status = "timeout"
                self.stop_kernel("a check's call never returned")
            raise DeadKernelError(str(lost)) from None
        self.runs[cell_index].status = "ok"
        self.running = None
        return cell

    def _kernel(self):
        """The ``judge.Kernel`` the steps use: a second, blocking client of the same kernel."""
        if self.kernel is None:
            context = bound_messages(zmq.Context())
            self.judge_client = BlockingKernelClient(connection_file=self.km.connection_file, context=context)
            self.judge_client.load_connection_file()
            self.judge_client.start_channels()
            process = self.km.provisioner.process
            self.kernel = Kernel(self.judge_client, lambda: process.poll() is None, self.withheld)
        return self.kernel

    def running_run(self):
        """The ``CellRun`` of the cell being executed, or None."""
        return None if self.running is None else self.runs[self.running]

    def stop_kernel(self, reason):
        """Kill the kernel's whole process group (the kernel and anything it started)."""
        self.stopped = reason
        group = getattr(self.km.provisioner, "pgid", None)
        try:
            if group and group != os.getpgrp():
                os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def _started(self, cell, cell_index):
        self.running = cell_index
        self.runs[cell_index].status = "running"

    def _finished(self, cell, cell_index, execute_reply):
        run, content = self.runs[cell_index], (execute_reply or {}).get("content", {})
        self.running = None
        if run.status == "timeout":
            return
        run.status = "error" if content.get("status") == "error" else "ok"
        if run.status == "error":
            run.error = f"{content.get('ename', '')}: {content.get('evalue', '')}"[:MAX_ERROR_CHARACTERS]

    async def _async_handle_timeout(self, timeout, cell=None):
        """A cell over its time: interrupt it; if it is still running a time limit later, kill the kernel."""
        run = self.running_run()
        if run is not None:
            if run.status == "timeout":
                self.stop_kernel("a cell ignored the interrupt")
            run.status = "timeout"
        return await super()._async_handle_timeout(timeout, cell)

    def output(self, outs, msg, display_id, cell_index):
        """Drop every output as soon as it arrives: the grader reads nothing the learner's cells show."""
        return None


class LimitedKernels(KernelSpecManager):
    """Kernel specs that start ``launcher.py`` with its limits after ``prefix`` (the sandbox's command line),
    whatever kernel name is asked for."""

    def __init__(self, memory_mb, cpu_seconds, prefix=(), **options):
        super().__init__(**options)
        self.memory_mb, self.cpu_seconds, self.prefix = memory_mb, cpu_seconds, list(prefix)

    def get_kernel_spec(self, kernel_name):
        # No input history: nobody reads it, and its SQLite file cost 7% of a kernel's CPU (0.54 -> 0.51 s).
        return KernelSpec(argv=[*self.prefix, sys.executable, str(LAUNCHER), str(self.memory_mb),
                                str(self.cpu_seconds), "-f", "{connection_file}", "--HistoryManager.enabled=False"],
                          display_name="Python 3 (grading, limited)", language="python",
                          interrupt_mode="message")  # a signal to the sandbox's process would not reach the kernel


class BoundedKernelManager(AsyncKernelManager):
    """A kernel manager whose sockets, its own control socket and its clients' (nbclient's), read bounded
    messages (one context, ``bound_messages`` from its creation) and whose connection file the sandboxed
    kernel may read (``sandbox.hand_over``)."""

    @default("context")
    def _bounded_context(self):
        self._created_context = True  # so that the manager destroys it when the kernel is shut down
        return bound_messages(zmq.asyncio.Context())

    @default("client_factory")
    def _ready_client(self):
        return ReadyKernelClient

    def client(self, **kwargs):
        return super().client(context=self.context, **kwargs)

    async def _async_wait(self, pollinterval=0.1):
        """Wait for the kernel's process to end, checking every ``POLL_SECONDS`` (jupyter_client checks every
        0.1 s: after the SIGKILL that ends every submission, the process is gone within milliseconds, and each
        submission waited for the next check)."""
        await super()._async_wait(pollinterval=min(pollinterval, POLL_SECONDS))

    def write_connection_file(self, **kwargs):
        super().write_connection_file(**kwargs)
        sandbox.hand_over(self.connection_file)


class ReadyKernelClient(AsyncKernelClient):
    """nbclient's client of the kernel: ready as jupyter_client's is, without its last wait."""

    async def wait_for_ready(self, timeout=None):
        """Send ``kernel_info`` until the kernel replies and IOPub carries its messages (jupyter_client's test for
        a kernel that is ready); then drain IOPub until it has been silent for ``IOPUB_SETTLE_SECONDS``, where
        jupyter_client waits for 0.2 s of silence: 0.2 s of every submission spent waiting. A message arriving
        later is harmless: nbclient reads only the messages of the cell it runs."""
        deadline = monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass  # IOPub not connected yet: ask again
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
        while monotonic() < deadline:
            try:
                await self.iopub_channel.get_msg(timeout=IOPUB_SETTLE_SECONDS)
            except Empty:
                return


def bound_messages(context):
    """``context``, whose sockets refuse messages over ``MAX_MESSAGE_BYTES`` and queue ``MAX_QUEUED_MESSAGES``."""
    context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
    context.setsockopt(zmq.RCVHWM, MAX_QUEUED_MESSAGES)
    return context


def kernel_environment(home):
    """A small environment for the learner's kernel: nothing of the instructor's but the basics.

    One thread each for BLAS, and at most two malloc arenas: otherwise every thread reserves address
    space it never uses, and the memory limit (on address space) would bite long before memory runs out.
    """
    keep = {name: os.environ[name] for name in ("PATH", "LANG", "LC_ALL", "TZ", "PYTHONPATH") if name in os.environ}
    return {**keep, "HOME": home, "TMPDIR": home, "IPYTHONDIR": os.path.join(home, ".ipython"),
            "JUPYTER_CONFIG_DIR": os.path.join(home, ".jupyter"), "MPLCONFIGDIR": os.path.join(home, ".mpl"),
            "MPLBACKEND": "agg", "PYTHONDONTWRITEBYTECODE": "1",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "MALLOC_ARENA_MAX": "2"}
