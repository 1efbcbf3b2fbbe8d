"""
Separating two moons with Keras 3
=================================

The 2017 lesson on today's Keras: a small network learns to separate two
half-moons, logs its training to TensorBoard, and draws its decision boundary.

This page retells "Introduction to Keras", a lesson by sempwn published on
24 March 2017 for Keras 2, whose notebooks are in the
`sempwn/keras-intro <https://github.com/sempwn/keras-intro>`_ repository. Its
code follows the lesson's, with two kinds of changes, each said where it is
made. Keras 3 requires some: the input is declared with ``keras.Input``, the
optimizer's learning rate is given, ``predict`` replaces ``predict_proba``.
The others are this page's own: a seed for the split, colours and labels on
the figures, a line where the probability is 0.5, the test points measured in
one batch, and a callback that records the decision boundary while the network
trains.

Keras is a high-level API for neural networks, designed so that an idea becomes
a running experiment in a few lines. Keras 3 runs the same model on JAX,
TensorFlow or PyTorch (its *backends*). If you know scikit-learn, the workflow
will feel familiar: build a model, ``fit`` it, ``evaluate`` it, ``predict``
with it. The simplest model is a ``keras.Sequential`` stack of layers, built
from the input up with ``add()``. There are many more examples at
`keras.io/examples <https://keras.io/examples/>`_.

Two details of the 2017 lesson no longer hold on Keras 3, and this page shows
both fixes where they matter: the ``'AdaDelta'`` optimizer string now means a
learning rate a thousand times smaller, and ``predict_proba`` is gone.
"""

# Authors: The moons-tutorial developers
# SPDX-License-Identifier: BSD-3-Clause

# %%
# Choosing the backend
# --------------------
# The backend is fixed when Keras is first imported, so choose it before. This
# page asks for JAX unless the ``KERAS_BACKEND`` environment variable already
# names another; the backends page times the lesson on each backend.
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras.layers import Dense
from keras.models import Sequential
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import scale

print(f"Keras {keras.__version__} on the {keras.backend.backend()} backend")

# sphinx_gallery_start_ignore
# isort: split
from sitebuild.claims import check

# sphinx_gallery_end_ignore

# %%
# The data: two moons
# -------------------
# ``make_moons`` draws 1000 points on two interleaving half circles, one per
# class, with Gaussian noise of standard deviation 0.2. The lesson standardises
# them with ``scale`` (zero mean, unit variance) and keeps half of them, the
# *test half*, for testing. The seeds (``random_state``) make every run draw
# the same points; the lesson's split had no seed, ours does.
X, Y = make_moons(noise=0.2, random_state=0, n_samples=1000)
X = scale(X)
X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_size=0.5, random_state=0)
print(f"{len(X_train)} training points, {len(X_test)} test points")

# sphinx_gallery_start_ignore
from sklearn.preprocessing import StandardScaler

raw_points, _ = make_moons(noise=0.2, random_state=0, n_samples=1000)
raw_train, _ = train_test_split(raw_points, test_size=0.5, random_state=0)
split_first = StandardScaler().fit(raw_train).transform(raw_points)
shift = float(np.abs(split_first - X).max())
check(
    "Scaling with the training half's mean and spread alone would move no point"
    " by more than 0.1.",
    shift < 0.1,
    f"largest move of a coordinate: {shift:.3f}",
)
# sphinx_gallery_end_ignore

fig, ax = plt.subplots(figsize=(5, 4.2), layout="constrained")
ax.scatter(X[Y == 0, 0], X[Y == 0, 1], s=12, color="tab:blue", label="Class 0")
ax.scatter(X[Y == 1, 0], X[Y == 1, 1], s=12, color="tab:red", label="Class 1")
ax.legend()
ax.set_xlabel("$x_1$ (scaled)")
ax.set_ylabel("$x_2$ (scaled)")
ax.set_title("Toy binary classification data set")
plt.show()

# %%
# Scaling all 1000 points before splitting them, as the lesson does, lets the
# test half help choose the mean and spread the training points are scaled by:
# a small leak of the test points into training. The careful order is to split
# first, then scale every point with the training half's mean and spread
# (scikit-learn's ``StandardScaler``, fitted on the training half). With 1000
# points drawn from one distribution the difference is tiny: no point would
# move by more than 0.1. The later pages make the same data in one call,
# ``moons_tutorial.data.load_moons()``, which runs these three lines (the
# project's tests check that both give the same points).
#
# The network
# -----------
# One hidden layer of 32 units and one output unit. The layers are ``Dense``,
# short for densely connected, or fully connected: every unit of a layer gets
# every output of the layer below. Each hidden unit computes a
# weighted sum of the two coordinates, adds a number of its own (its *bias*),
# and passes the result through ReLU (the rectified
# linear unit), which keeps positive values and turns negative ones into zero:
# that kink is what lets the network draw a curved boundary. The output unit
# passes its sum through the sigmoid, which squeezes any number into the range
# 0 to 1, read as the probability that the point belongs to class 1.
#
# Keras 3 declares the input shape with ``keras.Input`` as the first layer (the
# 2017 ``input_dim=2`` argument still works, with a warning). The network starts
# from random weights; seeding the generators makes every run of this page start
# from the same ones and see the batches in the same order.
keras.utils.set_random_seed(0)
model = Sequential()
model.add(keras.Input(shape=(2,)))
model.add(Dense(32, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.summary()

# sphinx_gallery_start_ignore
hidden, output = (layer.count_params() for layer in model.layers)
check(
    "The hidden layer has 2 x 32 + 32 = 96 parameters, the output unit 32 + 1 = 33.",
    (hidden, output) == (2 * 32 + 32, 32 + 1),
    f"{hidden} and {output} parameters",
)
# sphinx_gallery_end_ignore

# %%
# The summary lists each layer's output shape and its number of parameters,
# the weights that training adjusts. ``None`` in ``(None, 32)`` stands for the
# number of points in a batch, which the model does not fix: the same network
# takes 32 points at a time while training and 10,000 at once when it draws
# its boundary. The hidden layer has 96 parameters, a weight from each of the 2
# inputs to each of its 32 units and 32 biases (:math:`2 \times 32 + 32`);
# the output unit 33, one weight per hidden unit and a bias (32 + 1).

# %%
# Compiling, with the learning rate fixed
# ---------------------------------------
# Compiling chooses what training minimises and how. The *loss* is binary
# cross-entropy: for each point, minus the logarithm of the probability the
# network gave to the point's true class, averaged, so that confident wrong
# answers cost the most. The *optimizer* uses the slope of the loss with
# respect to each weight to move every weight a little downhill after each
# batch of points; the *learning rate* sets how large those moves are.
#
# The lesson compiled with ``optimizer='AdaDelta'``. In 2017 that meant
# Adadelta with a learning rate of 1.0; Keras 3 resolves the same string to
# ``Adadelta()`` with its default learning rate of 0.001, and the network then
# barely learns in 200 epochs (the optimizers page measures it). We ask for the
# lesson's rate explicitly.
model.compile(
    optimizer=keras.optimizers.Adadelta(learning_rate=1.0),
    loss="binary_crossentropy",
    metrics=["accuracy"],
)

# sphinx_gallery_start_ignore
default_rate = float(keras.optimizers.Adadelta().learning_rate)
check(
    "Keras 3's Adadelta() has a default learning rate of 0.001.",
    f"{default_rate:g}" == "0.001",
    f"learning rate {default_rate:g}",
    adadelta_string_learning_rate=f"{default_rate:g}",
)
# sphinx_gallery_end_ignore

# %%
# Logging to TensorBoard
# ----------------------
# A ``keras.callbacks.TensorBoard`` callback writes the loss and accuracy of
# every epoch to event files, one sub-folder per model (``Graph/model_1``,
# ``Graph/model_2``, ...) so that runs can be compared side by side. It needs
# the ``tensorboard`` package, which TensorFlow no longer installs by itself.
# The lesson also passed ``histogram_freq=0``, ``write_graph=True`` and
# ``write_images=False``: those are the callback's defaults, so we leave them
# out.
#
# The folder is fixed, so running this script a second time from the same
# folder writes the second run's events into ``Graph/model_1`` next to the
# first run's, and TensorBoard then draws the two runs as one. The 2017 lesson
# asked you to remember a new sub-folder for every run; the TensorBoard page
# shows how to get a fresh one each time.
tb_callback = keras.callbacks.TensorBoard(log_dir="Graph/model_1")

# sphinx_gallery_start_ignore
import inspect

lesson_arguments = {"histogram_freq": 0, "write_graph": True, "write_images": False}
signature = inspect.signature(keras.callbacks.TensorBoard).parameters
defaults = {name: signature[name].default for name in lesson_arguments}
check(
    "The lesson's other TensorBoard arguments are the callback's defaults.",
    defaults == lesson_arguments,
    ", ".join(f"{name}={value}" for name, value in defaults.items()),
)
# sphinx_gallery_end_ignore

# %%
# Recording the boundary as it learns
# -----------------------------------
# This page adds one callback of its own to the lesson's training: a
# :class:`~moons_tutorial.recording.BoundaryRecorder` keeps the network's
# decision boundary after epochs 1, 5, 10, 20, 30, ..., 200, for "Watching it
# learn" below, and writes it to the run's logs for TensorBoard.
from moons_tutorial.plotting import boundary_grid
from moons_tutorial.recording import BoundaryRecorder

recorder = BoundaryRecorder(
    *boundary_grid(), epochs=[1, 5, *range(10, 201, 10)], log_dir=tb_callback.log_dir
)

# %%
# Training
# --------
# Training shows the network the 500 training points in *batches* of 32: after
# each batch, the optimizer updates the weights once. One pass over all the
# training points (16 batches) is an *epoch*, and the lesson trains for 200 of
# them. After every epoch, Keras also measures the loss and accuracy on the
# points passed as ``validation_data``, and calls them *validation* numbers
# (``val_loss``, ``val_accuracy``, and the ``validation`` run in TensorBoard).
# The lesson passes its test half there, so on these pages the validation
# numbers are the test half's. This is the lesson's ``fit``, with the recorder
# added and the test half measured in one batch (the same numbers, with less
# overhead).
history = model.fit(
    X_train,
    Y_train,
    batch_size=32,
    epochs=200,
    verbose=0,
    validation_data=(X_test, Y_test),
    validation_batch_size=len(X_test),  # not in the lesson
    callbacks=[tb_callback, recorder],  # recorder: not in the lesson
)

test_loss, test_accuracy = model.evaluate(X_test, Y_test, verbose=0)
print(f"Test loss: {test_loss:.3f}")
print(f"Test accuracy: {test_accuracy:.3f}")

# %%
# The 2017 lesson reported its own run beside the same two lines. Its split and
# its starting weights were drawn at random, so the two runs differ in detail;
# but with the learning rate fixed, today's network gets more of the test
# points right than the 2017 run did, with a lower test loss:
print(f"{'run':<24}{'test loss':>10}{'test accuracy':>15}")
print(f"{'2017 lesson, Keras 2':<24}{0.157:>10.3f}{0.938:>15.3f}")
print(f"{f'this build, Keras {keras.__version__}':<24}{test_loss:>10.3f}", end="")
print(f"{test_accuracy:>15.3f}")

# sphinx_gallery_start_ignore
check(
    "Today's network gets more test points right than the 2017 run.",
    test_accuracy > 0.938,
    f"test accuracy {test_accuracy:.3f}; 2017: 0.938",
    lesson_seed0_test_accuracy=test_accuracy,
)
check(
    "Today's network has a lower test loss than the 2017 run.",
    test_loss < 0.157,
    f"test loss {test_loss:.3f}; 2017: 0.157",
    lesson_seed0_test_loss=test_loss,
)
# sphinx_gallery_end_ignore

# %%
# Learning curves
# ---------------
# ``fit`` returns a ``History`` whose ``history`` attribute holds every epoch's
# loss and accuracy, on the training half (``loss``) and on the test half
# (``val_loss``): the same numbers the TensorBoard callback wrote to its event
# files.
loss = np.array(history.history["loss"])
val_loss = np.array(history.history["val_loss"])
epochs = np.arange(1, len(loss) + 1)

fig, ax = plt.subplots(figsize=(5, 3.6), layout="constrained")
ax.plot(epochs, loss, label="training half")
ax.plot(epochs, val_loss, "--", label="test half")
ax.set_xlabel("epoch")
ax.set_ylabel("binary cross-entropy")
ax.set_title(
    f"Test-half loss: {val_loss[0]:.2f} after epoch 1,"
    f" {val_loss[-1]:.2f} after {epochs[-1]}"
)
ax.legend()
plt.show()

# %%
# Both losses fall fast over the first epochs, then more and more slowly.
# Fewer epochs would stop the network before it has learnt what it can; many
# more can *overfit*: the network keeps fitting its training points better, so
# the training loss keeps falling, while the loss on points it does not train
# on stops falling and starts to rise. So watch the test half's loss, not the
# training loss; the overfitting page provokes it and shows why the loss tells
# more than the accuracy. In this run the test half's loss is still within 2 %
# of its lowest at the last epoch: 200 epochs have not overfit this network.
best_epoch = int(np.argmin(val_loss)) + 1
print(f"Lowest test-half loss: {val_loss.min():.3f} (epoch {best_epoch})")
print(f"Test-half loss after epoch {epochs[-1]}: {val_loss[-1]:.3f}")

# sphinx_gallery_start_ignore
for name, values in [("training half", loss), ("test half", val_loss)]:
    first_20, last_100 = values[0] - values[19], values[99] - values[-1]
    check(
        f"The {name}'s loss falls fast, then more and more slowly.",
        first_20 > last_100 > 0,
        f"down {first_20:.3f} over epochs 1-20, {last_100:.3f} over 100-200",
    )
check(
    "The test half's loss ends within 2 % of its lowest.",
    val_loss[-1] <= 1.02 * val_loss.min(),
    f"{val_loss[-1]:.3f} at the end; lowest {val_loss.min():.3f} (epoch {best_epoch})",
)
# sphinx_gallery_end_ignore

# %%
# Using the test half for these per-epoch checks, as the lesson does, is
# convenient but not careful: a number of epochs chosen by watching the test
# half makes the test half's score look better than it would on new points.
# The better practice is a third set, a *validation* split of the training
# points, for every such choice, and the test half kept out of all of them; the
# overfitting page does that.

# %%
# The decision boundary
# ---------------------
# We ask the network for its probability of class 1 at every point of a
# 100 x 100 grid over :math:`[-3, 3]^2`. The 2017 lesson called
# ``model.predict_proba``, which Keras removed in version 2.6: with a sigmoid
# output, ``model.predict`` already returns that probability.
xx, yy = np.mgrid[-3:3:100j, -3:3:100j]
grid = np.column_stack([xx.ravel(), yy.ravel()])
probabilities = model.predict(grid, verbose=0).reshape(xx.shape)

fig, ax = plt.subplots(figsize=(5, 4.2), layout="constrained")
contour = ax.contourf(
    xx, yy, probabilities, levels=np.linspace(0, 1, 26), cmap="RdBu_r", alpha=0.6
)
ax.contour(xx, yy, probabilities, levels=[0.5], colors="black", linewidths=1)
ax.scatter(
    X_test[:, 0],
    X_test[:, 1],
    c=np.where(Y_test == 1, "tab:red", "tab:blue"),
    s=14,
    edgecolors="black",
    linewidths=0.6,
)
ax.set(xlabel="$x_1$ (scaled)", ylabel="$x_2$ (scaled)", aspect="equal")
ax.set_title(f"Decision boundary: {test_accuracy:.1%} of test points right")
fig.colorbar(contour, ax=ax, ticks=np.linspace(0, 1, 6), label="$P(y = 1)$")
plt.show()

# %%
# Blue and red are the test points of each class; the shading is the
# network's probability of class 1, and the black line is where it equals 0.5.
# The later pages draw this figure with
# ``moons_tutorial.plotting.plot_decision_boundary``.
#
# To change the network and see what Keras did, open this very setting in the
# `explorer <../explorer.html?layers=1&units=32&product=0&noise=0.2&optimizer=adadelta-1.0&epoch=200>`__: every setting there is a real run made when this
# site was built, and it draws what each hidden unit computes, kinks and all.
#
# Watching it learn
# -----------------
# That boundary is where training ended. The ``recorder`` passed to ``fit``
# above, a :class:`~moons_tutorial.recording.BoundaryRecorder`, kept the
# network's probability of class 1 on the same grid after epochs 1 and 5 and
# every tenth, with that epoch's losses and accuracies: one ``predict`` per
# recorded epoch, in the very run whose numbers are printed above. Here are six
# of those moments, on one colour scale, each titled with its epoch and the
# test accuracy the network had then.
from moons_tutorial.animation import animate_training, plot_snapshots

plot_snapshots(recorder, X_test, Y_test, epochs=[1, 5, 20, 50, 100, 200])
plt.show()

# %%
# And the whole run, one frame per recorded epoch, above the learning curves of
# the same run: the dot marks the epoch shown. Matplotlib shows an animation in
# a page or a notebook as an HTML5 video when ``animation.html`` says so, and
# needs the ffmpeg program to encode it: the ``imageio-ffmpeg`` package,
# installed with this project, brings one. Run as a script, this page has
# nowhere to show the video: ``animation.save("learning.mp4")`` writes it to a
# file instead.
import imageio_ffmpeg

plt.rcParams["animation.html"] = "html5"
plt.rcParams["animation.ffmpeg_path"] = imageio_ffmpeg.get_ffmpeg_exe()
plt.rcParams["animation.ffmpeg_args"] = ["-crf", "30"]  # a lighter video

# sphinx_gallery_start_ignore
# For TensorBoard's Images tab, below.
from moons_tutorial.logs import event_files

boundary_events = event_files(recorder.log_dir / "boundary")
check(
    "The recorder wrote the decision boundaries for TensorBoard's Images tab.",
    bool(boundary_events),
    f"{len(boundary_events)} event file(s) in {recorder.log_dir / 'boundary'}",
)
# sphinx_gallery_end_ignore

animation = animate_training(recorder, X_test, Y_test)
animation

# %%
# Viewing the logs in TensorBoard
# -------------------------------
# The run's logs are in ``Graph/model_1``, under the folder this script ran in.
# Start TensorBoard on the log root and open the address it prints
# (http://localhost:6006 by default):
#
# .. code-block:: console
#
#     $ tensorboard --logdir Graph
#
# Its *Scalars* tab draws the loss and accuracy of every epoch, the curves
# above; its *Images* tab the decision boundaries the recorder wrote (the
# ``boundary`` folder of the run); its *Graphs* tab shows the model's layers
# only, no longer the graph of operations the 2017 lesson showed (the
# :doc:`porting guide </porting>` checks what ``write_graph=True`` writes).
#
# To try the network further, add hidden layers, or give it the product
# :math:`x_1 x_2` as a third input; the next pages do both, compare runs in
# TensorBoard, and show how close this network comes to the best any
# classifier can do.

# sphinx_gallery_thumbnail_number = 3
