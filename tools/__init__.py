"""The maintainers' tools: benchmark, screenshot, and helpers the tests share.

Run a tool from the repository's root as a module (``python -m tools.bench``);
nox does (``nox -s bench``, ``nox -s screenshot``). The tests import the shared
helpers (``tools.browser``, ``tools.tensorboard_server``) the same way.
"""
