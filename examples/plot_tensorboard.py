"""
Comparing runs with TensorBoard
===============================

The lesson's TensorBoard callback writes each model's run into its own
sub-folder of one log folder, so that ``tensorboard --logdir`` can show the
runs side by side. This page trains two networks that way, then reads the
event files back and draws what TensorBoard would show: the loss and accuracy
of each run, epoch by epoch, on the training and the validation half.

A hosted page cannot run TensorBoard, so the curves here are drawn from the
event files themselves, not from ``History``; and the logs of every run of this
build are published with the site, for you to open in your own TensorBoard.
"""

# %%
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

from pathlib import Path

import keras
import matplotlib.pyplot as plt

from moons_tutorial.data import load_moons
from moons_tutorial.logs import read_scalars
from moons_tutorial.model import build_model
from moons_tutorial.plotting import plot_learning_curves
from moons_tutorial.training import fresh_run_dir, train

# %%
# Two runs, one log folder
# ------------------------
# The lesson's network, with one hidden layer of 32 units, and a deeper one
# with three. :func:`~moons_tutorial.training.train` fits each as the lesson
# does (200 epochs, batch 32, validation on the test half after every epoch)
# with a TensorBoard callback writing to its own run folder under ``Graph``.
log_root = Path("Graph")
networks = {"one_layer": (32,), "three_layers": (32, 32, 32)}

data = load_moons()
run_dirs = {}
for name, hidden_units in networks.items():
    keras.utils.set_random_seed(0)
    history = train(build_model(hidden_units), data, log_dir=log_root / name)
    run_dirs[name] = history.log_dir
    print(f"{name}: logged {len(history.epoch)} epochs to {history.log_dir}")

# %%
# Keras 3 writes two folders of event files per run, one per split:
for path in sorted(run_dirs["one_layer"].rglob("events.out.tfevents.*")):
    print(path.parent, path.stat().st_size, "bytes")

# %%
# A run never overwrites another
# ------------------------------
# Training again with a log folder that already holds a run does not mix the
# new events into the old ones: the new run goes to the first free sibling
# folder, and ``train`` warns which. Running this page a second time from the
# same folder therefore adds ``one_layer-2`` and ``three_layers-2`` next to the
# first runs, and both stay intact.
print(fresh_run_dir(log_root / "one_layer"))

# %%
# Reading the event files back
# ----------------------------
# :func:`~moons_tutorial.logs.read_scalars` reads every run under a log folder
# with TensorBoard's own record reader. Keras 3 stores each epoch's loss and
# accuracy as *tensor* summaries, which TensorBoard's scalar-only readers do
# not see. The result maps run, split and tag to the values by epoch.
scalars = read_scalars(log_root)
ours = {
    name: scalars[path.relative_to(log_root).as_posix()]
    for name, path in run_dirs.items()
}
for name, splits in ours.items():
    for split, tags in splits.items():
        accuracy = tags["epoch_accuracy"].values
        print(
            f"{name:>12} {split:>10}: {len(accuracy)} epochs, "
            f"final accuracy {accuracy[-1]:.3f}"
        )

# %%
# The curves, as TensorBoard draws them
# -------------------------------------
# Solid lines are the training half, dashed lines the validation half.
figure, (loss_ax, accuracy_ax) = plt.subplots(
    1, 2, figsize=(11, 4.2), layout="constrained"
)
for tag, ax in [("epoch_loss", loss_ax), ("epoch_accuracy", accuracy_ax)]:
    curves = {
        name: {split: tags[tag].values for split, tags in splits.items()}
        for name, splits in ours.items()
    }
    plot_learning_curves(curves, metric=tag.removeprefix("epoch_"), ax=ax)

final = {
    name: splits["validation"]["epoch_accuracy"].values[-1]
    for name, splits in ours.items()
}
loss_ax.set_title("Loss per epoch, read from the event files")
accuracy_ax.set_title(
    "Validation accuracy after 200 epochs: "
    + ", ".join(f"{name} {value:.1%}" for name, value in final.items())
)
plt.show()

# %%
# Both networks separate the moons; the deeper one gets there in fewer epochs,
# and its training loss keeps falling below its validation loss, the first
# sign of overfitting that the :ref:`overfitting page
# <sphx_glr_auto_examples_plot_overfitting.py>` follows further.
#
# Opening the runs in TensorBoard
# -------------------------------
# Where you ran this script, start TensorBoard on the log folder and open the
# address it prints (http://localhost:6006 by default):
#
# .. code-block:: console
#
#     $ tensorboard --logdir Graph
#
# Its *Scalars* tab shows ``epoch_loss`` and ``epoch_accuracy`` for each run,
# ``train`` and ``validation`` as separate curves.
#
# .. image:: /_static/tensorboard.png
#    :alt: TensorBoard's Scalars tab comparing the runs of this build
#
# To look at this build's runs without training anything, download
# |tensorboard_logs|, unzip it, and run ``tensorboard --logdir Graph`` in the
# folder you unzipped it to. It holds the event files of every run this site's
# pages logged, the lesson's own ``model_1`` included.

# sphinx_gallery_thumbnail_number = 1
