"""python -m benchmarks: print every benchmark table. See benchmarks/__init__.py."""

import argparse
import os
import platform

import numpy as np

from . import correctness, end_to_end, grading_throughput, optimisers, speed, workbook
from .twins import torch


def print_table(title, header, rows):
    """A plain fixed-width table, readable in a terminal and pasteable into the README."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    print(f"\n## {title}\n")
    for line in [header, ["-" * width for width in widths], *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip())


def machine():
    """One line naming the machine and the libraries, so figures can be compared across runs."""
    torch_version = f"PyTorch {torch.__version__} ({torch.get_num_threads()} threads)" if torch else "no PyTorch"
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"NumPy {np.__version__}, {torch_version}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--skip-notebooks", action="store_true",
                        help="skip the slow workbook timings: the nbval run of every notebook, and grading (section 4b, "
                             "against nbgrader, too)")
    args = parser.parse_args(argv)
    print(f"Machine: {machine()}")
    if torch is None:
        print("PyTorch is not installed (pip install -e '.[bench]'): its columns and the correctness check are skipped.")
    else:
        torch.set_num_threads(os.cpu_count())
        print_table("1. Gradients against PyTorch autograd (float64, batch 32)", *correctness.run())
    print_table("2. Time per training step (tanh, softmax cross-entropy, momentum)", *speed.run())
    print_table(f"3. Digits to {end_to_end.TARGET_ACCURACY:.0%} test accuracy, lesson 7's network (one thread)",
                *end_to_end.run())
    print_table("4. The workbook itself", *workbook.run(time_notebooks=not args.skip_notebooks))
    if not args.skip_notebooks:
        try:
            print_table(f"4b. Grading throughput against nbgrader, side by side (load average "
                        f"{os.getloadavg()[0]:.2f})", *grading_throughput.run())
        except grading_throughput.NbgraderUnavailable as reason:
            print(f"\n4b. Grading throughput against nbgrader skipped: {reason}")
    if torch is not None:
        print_table("5. Lesson 11's optimisers against PyTorch's, step by step (float64)", *optimisers.run())


if __name__ == "__main__":
    main()
