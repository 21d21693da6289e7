"""Batch autograding of submitted notebooks: ``nbtools grade``. No server, no database: files in, files out.

For each submission (in parallel, each in a grading process of its own, with one fresh kernel):

1. ``assemble``: the grading copy is the learner's code cells, in their order, then the instructor's check
   and hidden-test cells taken from the *source* (checks first, hidden tests last);
2. ``execute``: the learner's code runs in a fresh kernel under limits (time per cell and per submission,
   memory, CPU, processes, file size) inside a bubblewrap sandbox (``sandbox.py``) that mounts a copy of
   nbtools without the checks and without the exercise's answers (``withheld.py``); crashes and hangs are
   survived;
3. ``judge``: each grading cell runs in the grading process, not in the kernel: its check fetches the
   learner's answers from the kernel as data (``data.py``, ``runner.py``), calls the learner's functions
   there on its cases, and compares, hints and scores here, with references that never enter the sandbox;
4. ``grade``: the points of each grading cell whose check passed;
5. ``report``: the grade book ``grades.csv`` and a feedback page per student.

Threat model (the README says it at more length). The sandbox shows the kernel only the system, Python, the
venv and that copy of the package, all read-only; no sources, hidden tests, other submissions, output folder
or network; not root; its own processes die with it. The kernel only ever hands over data, so whatever the
learner's code does to its own interpreter (patching NumPy, IPython or nbtools, forging outputs) changes
only the data it hands over, which earns what a correct answer's data earns.
"""
