"""
Comparing runs with TensorBoard
===============================

Two networks logged to one TensorBoard folder, read back and compared epoch by epoch.

The lesson's TensorBoard callback writes each model's run into its own
sub-folder of one log folder, so that ``tensorboard --logdir`` can show the
runs side by side. This page trains two networks that way, then reads the
event files back and draws what TensorBoard would show: the loss and accuracy
of each run, epoch by epoch, on the training half and on the test half (which
Keras and TensorBoard call *validation*, as the first page explains).

A hosted page cannot run TensorBoard, so the curves here are drawn from the
event files themselves, not from ``History``; and the logs of every run of this
build are published with the site, for you to open in your own TensorBoard.
"""

# Authors: The moons-tutorial developers
# SPDX-License-Identifier: BSD-3-Clause

# %%
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

from datetime import datetime
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np

from moons_tutorial.data import load_moons
from moons_tutorial.logs import event_files, read_scalars
from moons_tutorial.model import build_model
from moons_tutorial.plotting import plot_learning_curves
from moons_tutorial.training import fresh_run_dir, train

# sphinx_gallery_start_ignore
# isort: split
from sitebuild.claims import check

# sphinx_gallery_end_ignore

# %%
# Two runs, one log folder
# ------------------------
# The lesson's network, with one hidden layer of 32 units, and a deeper one
# with three. :func:`~moons_tutorial.training.train` fits each as the lesson
# does (200 epochs, batch 32, the test half measured after every epoch)
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
for path in event_files(run_dirs["one_layer"]):
    print(path.parent, path.stat().st_size, "bytes")

# %%
# A second run: a fresh folder, or a mixed one
# --------------------------------------------
# :func:`~moons_tutorial.training.train` never mixes two runs: when the log
# folder already holds a run, the new one goes to the first free sibling
# folder, and ``train`` warns which. Running this page a second time from the
# same folder therefore adds ``one_layer-2`` and ``three_layers-2`` next to the
# first runs, and both stay intact:
print(fresh_run_dir(log_root / "one_layer"))

# %%
# The lesson's plain callback does not do that. Fitted twice with
# ``log_dir="./Graph/model_1/"``, Keras writes the second run's event files into
# the first run's folders, and TensorBoard draws them as one run, each epoch
# logged twice. Here is that mistake, with two short fits in a folder of their
# own:
mixed = Path("mixed") / "model_1"
earlier_runs = len(event_files(mixed / "train"))  # if you ran this page before
for _ in range(2):
    model = build_model()
    model.fit(
        data.X_train,
        data.y_train,
        epochs=3,
        verbose=0,
        callbacks=[keras.callbacks.TensorBoard(log_dir=str(mixed))],
    )
new_files = len(event_files(mixed / "train")) - earlier_runs
print(f"{mixed}/train gained {new_files} event files, one per run")
# sphinx_gallery_start_ignore
check(
    "A second fit with the same log_dir writes into the first run's folder.",
    new_files == 2,
    f"{mixed}/train gained {new_files} event files in two fits",
)
# sphinx_gallery_end_ignore

# %%
# The 2017 lesson asked you to remember to name a new sub-folder for each
# model. With plain Keras, a sub-folder named by the time the run started is
# new for every run, and TensorBoard lists each as a run of its own:
run_dir = log_root / "model_1" / datetime.now().strftime("%Y%m%d-%H%M%S")
tensorboard_callback = keras.callbacks.TensorBoard(log_dir=str(run_dir))
print(run_dir.parent / "<date>-<time>")

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
# Solid lines are the training half, dashed lines the test half: TensorBoard
# names them by their folders, ``train`` and ``validation``, and so does the
# legend.
figure, (loss_ax, accuracy_ax) = plt.subplots(
    2, 1, figsize=(5.2, 7.6), sharex=True, layout="constrained"
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
loss_ax.set(xlabel="", title="Loss per epoch of two networks, from the event files")
accuracy_ax.set_title(
    "Test-half accuracy after 200 epochs:\n"
    + ", ".join(f"{name} {value:.1%}" for name, value in final.items())
)
plt.show()


# %%
# The three-layer network gets there in far fewer epochs: it is right on 95 %
# of the test half less than half as many epochs into training. Both end within
# 2 percentage points of each other on the test half. In both runs the test
# half's loss ends a little above the training loss, as it usually does, since
# the network was fitted to the training half. The one-layer network's test
# loss is still within 2 % of its lowest at epoch 200. The three-layer
# network's passed its lowest earlier and ends a little above it, by less than
# 10 %: the first hint of overfitting, which more epochs would make plain. The
# :ref:`overfitting page <sphx_glr_auto_examples_plot_overfitting.py>`
# provokes it, to show what it looks like.
def epochs_to(values, level):
    """Return the first epoch (counted from 1) at which ``values`` reach ``level``."""
    reached = np.flatnonzero(values >= level)
    return int(reached[0]) + 1 if reached.size else None


print(f"{'':<13}{'95% at':>6}{'final loss':>12}{'lowest':>7}")
print(f"{'network':<13}{'epoch':>6}{'train':>6}{'test':>6}{'test':>7}")
reach, losses = {}, {}
for name, splits in ours.items():
    reach[name] = epochs_to(splits["validation"]["epoch_accuracy"].values, 0.95)
    train_loss = splits["train"]["epoch_loss"].values
    test_loss = splits["validation"]["epoch_loss"].values
    losses[name] = train_loss, test_loss
    print(
        f"{name:<13}{reach[name] or 'never':>6}{train_loss[-1]:>6.3f}"
        f"{test_loss[-1]:>6.3f}{test_loss.min():>7.3f}"
    )

# sphinx_gallery_start_ignore
fewer_epochs = reach["three_layers"] is not None and (
    reach["one_layer"] is None or reach["three_layers"] < reach["one_layer"] / 2
)
check(
    "The three-layer network reaches 95 % on the test half in less than half"
    " the epochs.",
    fewer_epochs,
    f"epoch {reach['three_layers']} against {reach['one_layer']}",
)
gap = abs(final["three_layers"] - final["one_layer"])
check(
    "Both end within 2 percentage points on the test half.",
    gap < 0.02,
    f"{final['one_layer']:.3f} and {final['three_layers']:.3f}",
    lesson_seed0_test_accuracy=final["one_layer"],
    three_layers_seed0_test_accuracy=final["three_layers"],
)
for name, (train_loss, test_loss) in losses.items():
    check(
        f"{name}: the test half's loss ends above the training loss.",
        test_loss[-1] > train_loss[-1],
        f"{test_loss[-1]:.3f} against {train_loss[-1]:.3f}",
    )
one_layer_test = losses["one_layer"][1]
check(
    "one_layer: the test half's loss ends within 2 % of its lowest.",
    one_layer_test[-1] <= 1.02 * one_layer_test.min(),
    f"{one_layer_test[-1]:.3f} at the end; lowest {one_layer_test.min():.3f}",
)
three_layers_test = losses["three_layers"][1]
lowest_epoch = int(np.argmin(three_layers_test)) + 1
check(
    "three_layers: the test half's loss passed its lowest, and ends above it"
    " by less than 10 %.",
    lowest_epoch < len(three_layers_test)
    and three_layers_test.min() < three_layers_test[-1] < 1.1 * three_layers_test.min(),
    f"lowest {three_layers_test.min():.3f} (epoch {lowest_epoch}),"
    f" {three_layers_test[-1]:.3f} at the end",
)
# sphinx_gallery_end_ignore

# %%
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
# ``train`` and ``validation`` as separate curves. The picture below is a
# screenshot of its ``epoch_loss`` chart over this page's two runs, with
# TensorBoard's list of runs and their colours, taken with
# ``nox -s screenshot`` over the logs of a build of this site. It is a picture
# of TensorBoard, committed with the site's sources, not of this build's runs:
# their curves are the figure above.
#
# .. image:: /_static/tensorboard.png
#    :width: 354px
#    :alt: Screenshot of TensorBoard's epoch_loss chart: the loss per epoch of
#       the runs one_layer and three_layers, train and validation, each in its
#       own colour, and below it TensorBoard's list of the four runs.
#
# Its *Graphs* tab, which drew the lesson's graph of operations in 2017, now
# shows only the model's layers (its "conceptual graph"): Keras 3's
# ``write_graph=True`` writes the model's structure, not the operations, as
# the :doc:`porting guide </porting>` checks.
#
# Its *Images* tab shows the intro's run, ``model_1``, once more: the intro's
# ``BoundaryRecorder`` wrote the network's probability map after epochs 1 and
# 5 and every tenth epoch as images, under the run ``model_1/boundary`` with
# the tag ``decision_boundary``, and a slider steps through the epochs (red for
# class 1, blue for class 0; the steps count epochs from 0, as the curves do).
#
# To look at this build's runs without training anything, download
# |tensorboard_logs|, unzip it, and run ``tensorboard --logdir Graph`` in the
# folder you unzipped it to. It holds the event files of every run this site's
# pages logged, the lesson's own ``model_1`` included.

# sphinx_gallery_thumbnail_number = 1
