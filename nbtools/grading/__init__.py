"""Batch autograding of submitted notebooks: ``nbtools grade``. No server, no database: files in, files out.

For each submission (in parallel, one fresh kernel each):

1. ``assemble``: the grading copy is the learner's code cells, in their order, followed by the
   instructor's check and hidden-test cells taken from the *source*, each wrapped by the harness;
2. ``execute``: it runs in memory, in a fresh kernel under limits (time per cell and per submission,
   memory, CPU, processes, output) inside a bubblewrap sandbox (``sandbox.py``), in an empty temporary
   directory; crashes and hangs are survived;
3. ``harness`` (inside the kernel): each grading cell re-imports the checks and publishes one verdict
   output carrying this run's secret nonce;
4. ``grade``: only those verdicts are read and turned into points;
5. ``report``: the grade book ``grades.csv`` and a feedback page per student.

Threat model, honestly (the README says it at more length). The sandbox shows the kernel only the system,
Python, the venv and the nbtools package, all read-only; no sources, hidden tests, other submissions,
output folder or network; not root; its own processes die with it. So one submission cannot read the
instructor's files, change the package or site-packages, reach the network, or touch another student's
row or feedback; the outputs are written atomically, special files at their paths refused, CSV cells
neutralised for spreadsheets. Not defended yet: the verdict is still computed inside the learner's
interpreter, so a determined student can forge their *own* verdict (patching NumPy or IPython, reading
the nonce, wrapping the reference function), and the hidden tests' code enters the kernel.
"""
