"""The gallery in the order the lesson reads, for sphinx-gallery's sort key."""

from __future__ import annotations

# The gallery in the order the lesson reads; examples not listed come last.
LESSON_ORDER = [
    "plot_intro.py",
    "plot_tensorboard.py",
    "plot_depth_features.py",
    "plot_overfitting.py",
    "plot_optimizers.py",
    "plot_bayes.py",
    "plot_backends.py",
]


class LessonOrder:
    """sphinx-gallery sort key: the lesson's order, then by file name."""

    def __init__(self, src_dir: str) -> None:
        self.src_dir = src_dir

    def __call__(self, filename: str) -> tuple[int, str]:
        """Return the sort key of one example file."""
        position = LESSON_ORDER.index(filename) if filename in LESSON_ORDER else 99
        return position, filename
