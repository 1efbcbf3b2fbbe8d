"""The lesson's reusable parts, one module each.

Import what you need from its module::

    from moons_tutorial.data import load_moons
    from moons_tutorial.model import build_model
    from moons_tutorial.training import train

``data`` makes the moons, ``model`` builds the network, ``training`` fits it
with a TensorBoard callback, ``logs`` reads the event files back, ``plotting``
draws the figures, ``bayes`` is the best possible classifier of the moons, and
``backends`` times the lesson on each Keras backend. Importing this package
imports none of them, so that ``moons_tutorial.logs`` can be used without
Keras, which takes seconds to import and fixes the backend for the process.
"""

__version__ = "0.1.0"
