"""Batch autograding of submitted notebooks: ``nbtools grade``. No server, no database: files in, files out.

For each submission (in parallel, one fresh kernel each):

1. ``assemble``: the grading copy is the learner's code cells, in their order, followed by the
   instructor's check and hidden-test cells taken from the *source*, each wrapped by the harness;
2. ``execute``: it runs in memory, in a fresh kernel under limits (time per cell and per submission,
   memory, output), in an empty temporary directory; crashes and hangs are survived;
3. ``harness`` (inside the kernel): each grading cell re-imports the checks and publishes one verdict
   output carrying this run's secret nonce;
4. ``grade``: only those verdicts are read and turned into points;
5. ``report``: the grade book ``grades.csv`` and a feedback page per student.

Threat model, honestly. The learner's code runs in the same Python process as the checks, with the
instructor's operating-system permissions. These attempts earn nothing they did not earn honestly:
editing or deleting a check cell (the instructor's is used); redefining ``check``; patching nbtools
modules at runtime (every grading cell imports them again); printing "passed" or displaying a fake
verdict (only the grading cells' verdicts with the nonce count, and exactly one per cell); answering
with nbtools' own reference function (refused); reading the source or hidden tests by a relative path
(the kernel runs in an empty temporary folder); endless loops, floods of output, ``sys.exit``,
``exit()``, crashing the kernel, exhausting memory (each costs at most the affected cells).

Not defended: a determined attacker with code execution in the kernel can in principle defeat any
in-process check. For example: reading the nonce out of the interpreter while a check runs and
replacing the real verdict; patching IPython, NumPy, SymPy or builtins that the checks rely on; import
hooks, background threads or signal handlers left running; a function of the learner's that merely
calls the reference function; reading files by absolute path, or the network (the kernel can do
whatever the instructor's user can). For those, read suspicious submissions, and run ``nbtools grade``
in a container or as a user who cannot read the sources.
"""
