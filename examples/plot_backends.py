"""
One network on each Keras backend
=================================

The lesson's training timed on each Keras backend installed where the site was built.

In 2017 the lesson had you choose what Keras ran on, Theano or TensorFlow, by
editing ``~/.keras/keras.json``. Keras 3 keeps the idea and changes the choice:
the same model, written once, runs on **JAX**, **TensorFlow** or **PyTorch**,
its *backends*. This page trains the lesson's network on each backend installed
where the site was built, and compares how long training took and how well the
network did. Every number on it was measured while this page was built, and
only the backends it lists ran.
"""

# Authors: The moons-tutorial developers
# SPDX-License-Identifier: BSD-3-Clause

# %%
# Which backends are installed
# ----------------------------
# Keras picks its backend once, when it is first imported, from the
# ``KERAS_BACKEND`` environment variable (or the ``"backend"`` entry of
# ``keras.json``), and keeps it for the life of the process. To compare
# backends we therefore train each one in a fresh Python process:
# :func:`~moons_tutorial.backends.run_lesson` starts one with
# ``KERAS_BACKEND`` set, and reads back what it measured.
# :func:`~moons_tutorial.backends.installed_backends` lists the backends whose
# package is installed here.
from moons_tutorial.backends import describe_machine, installed_backends, run_lesson

# sphinx_gallery_start_ignore
# isort: split
from sitebuild.claims import check

# sphinx_gallery_end_ignore

NAMES = {"jax": "JAX", "tensorflow": "TensorFlow", "torch": "PyTorch"}

backends = installed_backends()
print("Installed backends:", ", ".join(NAMES[backend] for backend in backends))
if "torch" not in backends:
    print(
        "PyTorch is not installed here, so it has no row below. To add it:\n"
        '    pip install "moons-tutorial[torch]"'
    )

# %%
# Where PyTorch is installed, with ``pip install "moons-tutorial[torch]"``, it
# gets a row in the table and a bar in the figure below, like the others. The
# site's own build leaves it out: PyTorch is an optional extra of the package,
# a large download for one row.
#
# Training the lesson on each backend
# -----------------------------------
# Each process trains the lesson's network as the later pages do, with
# :func:`~moons_tutorial.training.train` and without TensorBoard logs: the
# same seed, data, network and optimizer, 200 epochs in batches of 32, the loss
# and accuracy on the test half measured after every epoch. Two settings of
# the package, which the first page does not use, cut the time around the
# arithmetic: :func:`~moons_tutorial.model.build_model` compiles the network
# with ``steps_per_execution=16`` (explained below), and on JAX ``train``
# compiles with most of XLA's optimisations turned off, to spend less time
# compiling a network this small. Only ``fit`` is timed: importing Keras and building the model are
# left out, as a reader pays for them once, whatever the number of epochs.
# Compiling is in the time: each process starts with nothing compiled, as a
# script you run does. The times are this machine's:
print(describe_machine())
runs = [run_lesson(backend, epochs=200, seed=0) for backend in backends]

# Seconds as the table prints them, which the figure's ratio uses too.
seconds = [round(run.fit_seconds, 1) for run in runs]
print(f"Keras {runs[0].keras_version}, {runs[0].epochs} epochs\n")
print(f"{'backend':<12}{'fit (s)':>8}{'test acc.':>10}{'test loss':>10}")
for run, fit_seconds in zip(runs, seconds, strict=True):
    print(
        f"{NAMES[run.backend]:<12}{fit_seconds:>8.1f}"
        f"{run.test_accuracy:>10.3f}{run.test_loss:>10.3f}"
    )

# %%
# The same results, drawn: how long ``fit`` took at the top, and the share of
# test points the trained network classifies correctly below it.
import matplotlib.pyplot as plt

labels = [NAMES[run.backend] for run in runs]
accuracies = [run.test_accuracy for run in runs]
fastest = min(runs, key=lambda run: run.fit_seconds)
slowest = max(runs, key=lambda run: run.fit_seconds)
if len(runs) > 1:
    ratio = max(seconds) / min(seconds)
    title = (
        f"{NAMES[fastest.backend]} trained the network"
        f" {ratio:.1f}× faster than"
        f" {NAMES[slowest.backend]};\ntest accuracy"
        f" {min(accuracies):.3f} to {max(accuracies):.3f} on every backend"
    )
else:
    title = (
        f"{NAMES[fastest.backend]} trained the network in"
        f" {fastest.fit_seconds:.1f} s, to a test accuracy of"
        f" {fastest.test_accuracy:.3f}"
    )

fig, (ax_time, ax_accuracy) = plt.subplots(
    2, 1, figsize=(5.2, 2.6 + 1.0 * len(runs)), layout="constrained"
)
# One colour per backend, the same whichever backends are installed.
colors = [f"C{list(NAMES).index(run.backend)}" for run in runs]
ax_time.barh(labels, seconds, height=0.6, color=colors)
ax_time.bar_label(ax_time.containers[0], fmt="%.1f s", padding=3)
ax_time.set(
    title=f"Time to fit, {runs[0].epochs} epochs",
    xlabel="seconds",
    xlim=(0, 1.2 * max(seconds)),
)
ax_accuracy.barh(labels, accuracies, height=0.6, color=colors)
ax_accuracy.bar_label(ax_accuracy.containers[0], fmt="%.3f", padding=3)
ax_accuracy.set(title="Accuracy on the test half", xlabel="fraction correct")
ax_accuracy.set_xlim(0, 1.12)
ax_accuracy.set_xticks(
    [0, 0.25, 0.5, 0.75, 1], labels=["0", "0.25", "0.5", "0.75", "1"]
)
for ax in (ax_time, ax_accuracy):
    ax.invert_yaxis()  # the first backend on top, as in the table
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
fig.suptitle(title)
plt.show()
# sphinx_gallery_start_ignore
per_backend = ", ".join(
    f"{label} {value:.3f}" for label, value in zip(labels, accuracies, strict=True)
)
check(
    "Each backend trains the network to about the same test accuracy (within"
    " 2 percentage points).",
    max(accuracies) - min(accuracies) <= 0.02,
    per_backend,
)
from moons_tutorial.bayes import expected_accuracy

ceiling = expected_accuracy(noise=0.2, n_samples=100_000, random_state=1)
check(
    "Each is close to the best any classifier can reach: within 2 percentage"
    " points of the Bayes-optimal accuracy.",
    min(accuracies) >= ceiling - 0.02,
    f"{per_backend}; Bayes-optimal {ceiling:.3f}",
    bayes_optimal_expected_accuracy=ceiling,
)
check(
    "JAX trained the network fastest here.",
    len(runs) == 1 or fastest.backend == "jax",
    ", ".join(
        f"{label} {value:.1f} s" for label, value in zip(labels, seconds, strict=True)
    ),
)
# sphinx_gallery_end_ignore

# %%
# Why the results differ
# ----------------------
# The backends run the same model, but not the same arithmetic. Each computes
# the layers and their gradients with its own kernels, which add up the same
# numbers in different orders; floating-point addition is not associative, so
# the results differ in their last bits, and 200 epochs of training carry those
# differences forward. More visibly, each backend has its own random-number
# generator: :func:`keras.utils.set_random_seed` seeds all of them with the
# same number, but they turn it into different streams, so the network starts
# from different initial weights on each backend, and the training points are
# shuffled into batches in a different order. The same seed repeats a run on one
# backend; it does not make two backends agree. What should agree is the
# outcome: each backend trains the network to about the same test accuracy,
# close to the best any classifier can reach on these noisy moons.
#
# Why JAX is the fastest here
# ---------------------------
# Of the backends above, JAX trained the network fastest.
# The network is tiny, 500 training points make 16 batches per epoch, and each
# batch costs the processor very little arithmetic. Such a network is where
# the overhead around the arithmetic matters most, and that is where the
# backends differ:
#
# * On **JAX**, Keras hands the whole training step (forward pass, gradients
#   and the optimizer's update) to ``jax.jit``, and XLA compiles it into a
#   single program. Each batch is one call of that program, with little Python
#   and little dispatch around it. XLA compiles the step before the first
#   batch, here with most of its optimisations turned off, and that time is
#   part of the JAX time above.
# * On **TensorFlow**, Keras runs the step as a ``tf.function`` graph, not
#   compiled by XLA on a CPU-only machine. We have not profiled it on this
#   page. The usual explanation for a network this small is a fixed cost
#   around the step at every epoch, to start the epoch's ``tf.data`` input
#   pipeline and run its bookkeeping, and again for the evaluation loop that
#   measures the test half after each epoch: costs that do not shrink with
#   the model.
# * On **PyTorch** (not measured above unless it has a row), Keras runs eagerly
#   by default: every operation of every step is dispatched from Python, one
#   at a time.
#
# The lesson's network is built here by
# :func:`~moons_tutorial.model.build_model`, which also compiles it with a
# ``steps_per_execution`` of one epoch's batches: Keras then runs a whole
# epoch before it returns to ``fit``'s own bookkeeping (callbacks, metrics),
# instead of after every batch. The updates are the same; only the overhead
# around them is cut.
#
# For large models, where each batch costs far more arithmetic than the
# overhead around it, the gap narrows, and the ranking can change with the
# model and the hardware. The times above are also those of one build, on one
# machine: they vary from build to build, by a lot when other programs compete
# for the processor, and the ranking is the part to take away. The rest of this
# site trains on JAX, unless ``KERAS_BACKEND`` names another backend.
