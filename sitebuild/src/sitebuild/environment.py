"""The environment the examples and notebooks run in, set when a build starts.

Everything a page prints depends on its code and on what surrounds it: the
Keras backend, the Python version, the versions of every dependency (the lock
file), and the terminal width the code sees. :func:`run_key` names them; the
gallery re-runs an example, and
myst-nb a notebook, whenever it changes, so that no page keeps the output of
another backend or another release.

The build also keeps its caches (Keras, Matplotlib, IPython, Jupyter, JAX's
compiled programs) under its own folder, never in the reader's home, and keeps
the C++ log lines of TensorFlow and the kernel's start-up warnings off the pages.
"""

from __future__ import annotations

import hashlib
import os
import platform
from pathlib import Path

# Where each library would otherwise write into the home folder, and the
# sub-folder of the build's cache that takes its place.
CACHE_FOLDERS = {
    "KERAS_HOME": "keras-home",
    "MPLCONFIGDIR": "matplotlib",
    "IPYTHONDIR": "ipython",
    "JUPYTER_CONFIG_DIR": "jupyter/config",
    "JUPYTER_DATA_DIR": "jupyter/data",
    "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
}

# JAX trains this lesson fastest of the backends measured on a CPU.
DEFAULT_BACKEND = "jax"

# The terminal width the pages' code sees (Python's shutil.get_terminal_size()
# reads COLUMNS): what sizes its printout to the terminal, such as Keras's
# model.summary(), prints for a phone's column (about 50 characters at the
# smallest font sitebuild.printed_output allows), whatever the terminal the
# build runs in.
PRINT_COLUMNS = "54"


def execution_environment(cache: Path) -> dict[str, str]:
    """Return the variables the build sets, unless the caller's environment has them."""
    return {
        "KERAS_BACKEND": DEFAULT_BACKEND,
        **{variable: str(cache / folder) for variable, folder in CACHE_FOLDERS.items()},
        "TF_CPP_MIN_LOG_LEVEL": "2",  # no C++ log lines in the pages
        # JAX compiles each train and test step with XLA, seconds per example.
        # Its persistent cache keeps the compiled programs between examples and
        # builds; its key covers the program, the JAX and XLA versions and the
        # options, so a changed step is compiled again, never served stale.
        "JAX_COMPILATION_CACHE_DIR": str(cache / "jax"),
        "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",
        # The same numbers on every rebuild, where TensorFlow is the backend.
        "TF_DETERMINISTIC_OPS": "1",
    }


def run_key(lock_file: Path) -> str:
    """Hash what, besides its code, decides what a page prints.

    Call it once the environment is set: the backend is read from it.
    """
    digest = hashlib.sha256()
    digest.update(
        f"backend={os.environ.get('KERAS_BACKEND', DEFAULT_BACKEND)}\0".encode()
    )
    digest.update(f"python={platform.python_version()}\0".encode())
    digest.update(f"columns={PRINT_COLUMNS}\0".encode())  # model.summary()'s width
    digest.update(lock_file.read_bytes() if lock_file.is_file() else b"no lock file")
    return digest.hexdigest()


def apply_environment(app) -> None:
    """Set the variables (unless already set) and the print width; quiet the kernel.

    At once, when the extension loads, not in a later event: extensions loaded
    after it import Matplotlib as they load (sphinxext-opengraph does), and
    Matplotlib picks its configuration and cache folders when it is imported.
    """
    cache = Path(app.srcdir, app.config.build_cache_dir)
    for variable, value in execution_environment(cache).items():
        os.environ.setdefault(variable, value)
    os.environ["COLUMNS"] = PRINT_COLUMNS

    # myst-nb's kernel talks to the build over loopback TCP, and ipykernel
    # warns about that at every start; keep only its errors.
    profile = Path(os.environ["IPYTHONDIR"]) / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    kernel_config = profile / "ipython_kernel_config.py"
    setting = 'c.IPKernelApp.log_level = "ERROR"\n'
    if not kernel_config.is_file() or kernel_config.read_text() != setting:
        kernel_config.write_text(setting)


def key_notebook_cache(app, config) -> None:
    """Give the notebooks one execution cache per run key.

    jupyter-cache re-runs a notebook when its code changes; a cache per key
    makes it re-run when the backend, Python or a dependency changes too.
    """
    key = run_key(Path(app.srcdir, config.run_key_lock_file))
    config.nb_execution_cache_path = str(
        Path(app.srcdir, config.notebook_cache_root) / key[:16]
    )
