"""Import TensorFlow before the examples do, without its CPU-only log lines.

TensorFlow's C++ code logs, as it loads and first looks for devices, that no
GPU is there ("Could not find cuda drivers", "failed call to cuInit", at error
level) before its logging honours ``TF_CPP_MIN_LOG_LEVEL``
(tensorflow/tensorflow#100442). Every example imports it through Keras's
TensorBoard callback, so a clean build's log carried those lines, which a
maintainer has nothing to do about. This step imports TensorFlow once, before
the examples run, with the process's standard error captured, and passes on
every line but those.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import tempfile
from pathlib import Path

from sitebuild.example_mirror import app_work_dir

# What TensorFlow logs on every machine without a GPU.
CPU_ONLY_NOISE = re.compile(
    r"absl::InitializeLog\(\) is called"
    r"|cudart_stub\.cc.*Could not find cuda drivers"
    r"|cuda_platform\.cc.*failed call to cuInit"
)


def import_tensorflow_quietly() -> None:
    """Import TensorFlow and list its devices, keeping only unexpected log lines."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            tensorflow = importlib.import_module("tensorflow")
            tensorflow.config.list_physical_devices()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        captured.seek(0)
        for line in captured.read().decode(errors="replace").splitlines():
            if not CPU_ONLY_NOISE.search(line):
                print(line, file=sys.stderr)


def examples_will_run(app) -> bool:
    """Whether sphinx-gallery will run an example: one without its ``.md5``."""
    gallery = Path(app.srcdir, app.config.sphinx_gallery_conf["gallery_dirs"])
    return any(
        not (gallery / f"{example.name}.md5").is_file()
        for example in app_work_dir(app).glob("*.py")
    )


def quiet_tensorflow(app) -> None:
    """Sphinx step: import TensorFlow quietly if an example is about to run."""
    if "tensorflow" not in sys.modules and examples_will_run(app):
        import_tensorflow_quietly()
