"""
Epochs and overfitting
======================

A network trained far too long, its learning curves, and early stopping as the cure.

Too few epochs leave a network short of what it could learn; too many can
make it *overfit*: the network keeps getting better on the points it trains on
while getting worse on points it has never seen. With the lesson's data and
small network this is hard to see, so this page provokes it: a wide network, a fast optimizer, a small and noisy training set, and many
epochs. It then applies the usual cure, early stopping, and
checks the result on data that played no part in training.
"""

# Authors: The moons-tutorial developers
# SPDX-License-Identifier: BSD-3-Clause

# %%
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_moons

from moons_tutorial.data import load_moons
from moons_tutorial.model import build_model
from moons_tutorial.plotting import (
    boundary_grid,
    plot_decision_boundary,
    plot_learning_curves,
    predict_on_grid,
)
from moons_tutorial.training import train

# sphinx_gallery_start_ignore
# isort: split
from sitebuild.claims import check

# sphinx_gallery_end_ignore

# %%
# A small, noisy data set
# -----------------------
# Few points and a lot of noise: moons that overlap more than the lesson's, and
# too few training points to pin the boundary down. As in the lesson, half of
# the points are held out, and :func:`~moons_tutorial.training.train` measures
# the loss and accuracy on that held-out half after every epoch. The lesson
# calls its held-out half the test half; this page calls it the *validation*
# half, because we are going to use it to make a decision: when to stop
# training. A test set is then a different set of points, which no decision
# looks at.
data = load_moons(n_samples=200, noise=0.4, test_size=0.5, random_state=2)
print(f"{len(data.X_train)} training points, {len(data.X_test)} validation points")
print(f"noise: {data.noise}")

# %%
# A fresh test set
# ----------------
# Once the validation half has chosen when to stop, its accuracy is no longer
# an honest estimate of how the network does on new data: we picked the
# weights that suit it best. In a real project you would keep a third set, the
# test set, out of every decision. Here we can draw as many new points from the
# same two moons as we like, so we draw a large test set with a different seed.
# We scale it with the mean and spread that
# :func:`~moons_tutorial.data.load_moons` removed from all 200 points before
# splitting them (``data.center`` and ``data.scale``), so that the network sees
# new points exactly as it saw the old ones.
X_new, y_new = make_moons(n_samples=4000, noise=data.noise, random_state=123)
X_fresh = (X_new - data.center) / data.scale
print(f"{len(X_fresh)} fresh test points")

# %%
# Training far too long
# ---------------------
# Two hidden layers of 256 units, which give the network far more weights than
# there are training points, and the Adam optimizer, trained as the lesson
# trains: batches of 32, for 200 epochs. For this network and these few points,
# that turns out to be far too long.
long_epochs = 200
keras.utils.set_random_seed(0)
long_model = build_model((256, 256), optimizer="adam")
print(f"{long_model.count_params():,} weights for {len(data.X_train)} training points")
history = train(long_model, data, epochs=long_epochs)
# sphinx_gallery_start_ignore
check(
    "The network has far more weights (over 100 times more) than there are"
    " training points.",
    long_model.count_params() > 100 * len(data.X_train),
    f"{long_model.count_params():,} weights, {len(data.X_train)} points",
)
# sphinx_gallery_end_ignore

# %%
# The learning curves
# -------------------
# The loss on the training half keeps falling. The loss on the
# validation half falls at first, reaches its lowest point, and then climbs:
# from there on the network is learning the noise of its few training points,
# not the moons. The dotted line marks the epoch of lowest validation
# loss.
loss = np.array(history.history["loss"])
val_loss = np.array(history.history["val_loss"])
best_epoch = int(np.argmin(val_loss)) + 1  # epochs count from 1
print(f"Lowest validation loss: {val_loss.min():.3f} after epoch {best_epoch}")
print(f"After epoch {long_epochs}: validation loss {val_loss[-1]:.3f}")
print(f"Training loss: {loss[best_epoch - 1]:.3f} at epoch {best_epoch},")
print(f"               {loss[-1]:.3f} at epoch {long_epochs}")
# sphinx_gallery_start_ignore
climbs = 1 < best_epoch < long_epochs and val_loss[-1] > 1.1 * val_loss.min()
check(
    "The validation loss falls at first, reaches its lowest point, and then"
    " climbs (by more than 10 %).",
    climbs,
    f"lowest {val_loss.min():.3f} at epoch {best_epoch},"
    f" {val_loss[-1]:.3f} at epoch {long_epochs}",
)
check(
    "The training loss keeps falling after the validation loss's lowest point.",
    loss[-1] < loss[best_epoch - 1],
    f"{loss[best_epoch - 1]:.3f} at epoch {best_epoch},"
    f" {loss[-1]:.3f} at epoch {long_epochs}",
)
# sphinx_gallery_end_ignore

figure, (loss_ax, accuracy_ax) = plt.subplots(
    2, 1, figsize=(5.2, 7.8), sharex=True, layout="constrained"
)
for metric, ax in [("loss", loss_ax), ("accuracy", accuracy_ax)]:
    curves = {
        "256 x 256, Adam": {
            "train": history.history[metric],
            "validation": history.history[f"val_{metric}"],
        }
    }
    plot_learning_curves(curves, metric=metric, ax=ax)
    ax.axvline(
        best_epoch,
        color="black",
        linestyle=":",
        label=f"lowest validation loss (epoch {best_epoch})",
    )
    ax.legend()
loss_ax.set_xlabel("")  # the epochs are labelled below
loss_ax.set_title(
    f"Validation loss: {val_loss.min():.2f} at epoch {best_epoch},\n"
    f"{val_loss[-1]:.2f} at epoch {long_epochs}"
)
accuracy_ax.set_title(
    f"Accuracy after epoch {long_epochs}:\ntraining"
    f" {history.history['accuracy'][-1]:.0%},"
    f" validation {history.history['val_accuracy'][-1]:.0%}"
)
plt.show()

# %%
# Early stopping
# --------------
# :class:`keras.callbacks.EarlyStopping` watches the validation loss after
# every epoch and stops training once it has not improved for ``patience``
# epochs; with ``restore_best_weights=True`` it then puts back the weights of
# the best epoch. The patience must be long enough to ride out the epoch-to-epoch
# jitter of the curve, and short enough not to waste epochs after the minimum.
#
# We train the same network again, from the same seed, with the callback
# passed to :func:`~moons_tutorial.training.train`.
keras.utils.set_random_seed(0)
early_model = build_model((256, 256), optimizer="adam")
early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=30, restore_best_weights=True
)
early_history = train(early_model, data, epochs=long_epochs, callbacks=[early_stopping])
print(f"Stopped after epoch {len(early_history.epoch)} of {long_epochs}")
print(f"Restored the weights of epoch {early_stopping.best_epoch + 1}")

# %%
# Which weights generalise better?
# --------------------------------
# Both networks are scored on the validation half, which early stopping looked
# at, and on the fresh test set, which nothing looked at.
runs = {
    f"all {long_epochs} epochs": long_model,
    "early stopping": early_model,
}
validation_scores = {}
test_scores = {}
print(f"{'weights':<16} {'validation accuracy':>19} {'fresh test accuracy':>19}")
for name, model in runs.items():
    _, validation_scores[name] = model.evaluate(data.X_test, data.y_test, verbose=0)
    _, test_scores[name] = model.evaluate(X_fresh, y_new, verbose=0)
    print(f"{name:<16} {validation_scores[name]:>19.3f} {test_scores[name]:>19.3f}")


# %%
# The fresh test points are clear: the early-stopped weights get more of them
# right. Now compare the two columns. The validation accuracy counts 100
# points, so each point is a whole percentage point; two sets of weights a
# couple of points apart there can come out in either order. The line below
# says, for this build's run, whether the validation accuracy ranked the two
# sets of weights as the fresh test points do, or the wrong way round.
def ranking(scores, n_points):
    """Return the better of two runs, and by how many of ``n_points`` points."""
    best, other = sorted(scores, key=scores.get, reverse=True)
    return best, round((scores[best] - scores[other]) * n_points)


validation_best, validation_gap = ranking(validation_scores, len(data.y_test))
test_best, test_gap = ranking(test_scores, len(y_new))
print(
    f"Validation accuracy: '{validation_best}' first, by {validation_gap} of"
    f" {len(data.y_test)} points.\nFresh test accuracy: '{test_best}' first, by"
    f" {test_gap} of {len(y_new)} points.\n"
    + (
        "The validation accuracy cannot tell them apart."
        if validation_gap == 0
        else "The same order."
        if validation_best == test_best
        else "The validation accuracy ranks them the wrong way round."
    )
)
# sphinx_gallery_start_ignore
every_epoch = f"all {long_epochs} epochs"
check(
    "The early-stopped weights get more of the fresh test points right.",
    test_scores["early stopping"] > test_scores[every_epoch],
    f"{test_scores['early stopping']:.3f} against {test_scores[every_epoch]:.3f}",
)
# sphinx_gallery_end_ignore

# %%
# What overfitting looks like
# ---------------------------
# The two decision boundaries, drawn over the *training* points. The network
# trained for every epoch twists its boundary to reach individual training
# points, and gets more of them right; the early-stopped one keeps a smoother
# boundary that follows the moons, and gets more of the fresh points right.
xx, yy = boundary_grid()
train_scores = {}
for name, model in runs.items():
    _, train_scores[name] = model.evaluate(data.X_train, data.y_train, verbose=0)
# sphinx_gallery_start_ignore
check(
    "The network trained for every epoch gets more training points right.",
    train_scores[every_epoch] > train_scores["early stopping"],
    f"training accuracy {train_scores[every_epoch]:.2f} against"
    f" {train_scores['early stopping']:.2f}",
)
# sphinx_gallery_end_ignore
figure, axes = plt.subplots(2, 1, figsize=(5.2, 9.0), layout="constrained")
for ax, (name, model) in zip(axes, runs.items(), strict=True):
    plot_decision_boundary(
        xx,
        yy,
        predict_on_grid(model, xx, yy),
        data.X_train,
        data.y_train,
        ax=ax,
        title=(
            f"{name}: {train_scores[name]:.0%} of training points,\n"
            f"{test_scores[name]:.1%} of fresh test points right"
        ),
    )
plt.show()

# %%
# What to take away
# -----------------
# Training loss only tells you how well the network fits the points it has
# seen; it keeps falling long after the network has stopped getting better on
# new points. Watch the validation loss instead, stop near its minimum, and keep
# the weights from there: early stopping does exactly that.
#
# Two cautions. First, on this page the held-out half of the data is the
# validation set that early stopping watches, and
# :func:`~moons_tutorial.training.train` always validates on it. Because the
# stopping epoch was chosen on it, its scores are no longer an independent
# check of the early-stopped weights; and with so few points they are a coarse
# check anyway: a couple of points decide their ranking, which can come out
# the wrong way round, as the line printed above says. The large fresh test
# set is both independent and fine-grained. With real data, where
# you cannot draw new points at will, split off a validation set for such
# decisions, and a test set that none of them looks at.
#
# Second, the validation loss usually shows overfitting much more plainly than
# the validation accuracy does. As the network grows over-confident, the points
# it gets wrong are predicted wrong with growing certainty: the loss punishes
# that more and more, while the accuracy counts each such point only once.

# sphinx_gallery_thumbnail_number = 1
