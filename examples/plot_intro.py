"""
Separating two moons with Keras 3
=================================

The classic first Keras lesson, run on today's Keras: a small neural network
learns to separate two interleaving half-moons, logs its training to
TensorBoard, and draws its decision boundary.

Keras is a high-level API for neural networks, designed so that an idea becomes
a running experiment in a few lines. Keras 3 runs the same model on JAX,
TensorFlow or PyTorch (its *backends*). If you know scikit-learn, the workflow
will feel familiar: build a model, ``fit`` it, ``evaluate`` it, ``predict``
with it. The simplest model is a :class:`keras.Sequential` stack of layers, built
from the input up with ``add()``.

Two details of the original 2017 lesson no longer hold on Keras 3, and this
page shows both fixes where they matter: the ``'AdaDelta'`` optimizer string now
means a learning rate a thousand times smaller, and ``predict_proba`` is gone.
"""

# %%
# Choosing the backend
# --------------------
# The backend is fixed when Keras is first imported, so choose it before. This
# page asks for JAX, the fastest of the three for this small network on a CPU,
# unless the ``KERAS_BACKEND`` environment variable already names another.
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras.layers import Dense
from keras.models import Sequential

from moons_tutorial.data import load_moons
from moons_tutorial.plotting import plot_dataset, plot_decision_boundary

print(f"Keras {keras.__version__} on the {keras.backend.backend()} backend")

# %%
# The data: two moons
# -------------------
# :func:`sklearn.datasets.make_moons` draws 1000 points on two interleaving half
# circles, one per class, with Gaussian noise. The lesson standardises them
# (zero mean, unit variance) and keeps half for testing.
# :func:`~moons_tutorial.data.load_moons` does exactly that, seeded, so that
# every run of this page sees the same points.
keras.utils.set_random_seed(0)  # the same initial weights and batches each run
data = load_moons(n_samples=1000, noise=0.2, test_size=0.5, random_state=0)
print(f"{len(data.X_train)} training points, {len(data.X_test)} test points")

plot_dataset(data.X_train, data.y_train)
plt.show()

# %%
# The network
# -----------
# One hidden layer of 32 ReLU units and one sigmoid output unit, whose value
# is the probability that a point belongs to class 1. Keras 3 declares the
# input shape with :class:`keras.Input` as the first layer (the 2017
# ``input_dim=2`` argument still works, with a warning).
model = Sequential()
model.add(keras.Input(shape=(2,)))
model.add(Dense(32, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.summary()

# %%
# Compiling, with the learning rate fixed
# ---------------------------------------
# The lesson compiled with ``optimizer='AdaDelta'``. In 2017 that meant
# Adadelta with a learning rate of 1.0; Keras 3 resolves the same string to
# ``Adadelta()`` with its default learning rate of 0.001, and the network then
# barely learns in 200 epochs. We ask for the lesson's rate explicitly.
#
# ``steps_per_execution`` is new: one epoch here is 16 batches, and Keras then
# runs all 16 before it returns to ``fit``'s own bookkeeping (callbacks,
# metrics), instead of after every batch. The updates are the same, with less
# overhead, which for a network this small is much of the training time.
model.compile(
    optimizer=keras.optimizers.Adadelta(learning_rate=1.0),
    loss="binary_crossentropy",
    metrics=["accuracy"],
    steps_per_execution=16,
)

# %%
# Logging to TensorBoard
# ----------------------
# A :class:`keras.callbacks.TensorBoard` callback writes the loss and accuracy
# of every epoch to event files, one sub-folder per model (``Graph/model_1``,
# ``Graph/model_2``, ...) so that runs can be compared side by side. It needs
# the ``tensorboard`` package, which TensorFlow no longer installs by itself.
tb_callback = keras.callbacks.TensorBoard(log_dir="Graph/model_1")

# %%
# Training
# --------
# 200 passes over the 500 training points, 32 at a time, measuring the loss and
# accuracy on the test half after every epoch (``validation_data``) so that
# training and validation can be compared epoch by epoch. Validating the 500
# test points in one batch gives the same numbers with less overhead.
from moons_tutorial.plotting import boundary_grid
from moons_tutorial.recording import BoundaryRecorder

# The network's decision boundary after epochs 1, 5, 10, 20, 30, ..., 200, kept
# for "Watching it learn" below and written to the run's logs for TensorBoard.
recorder = BoundaryRecorder(
    *boundary_grid(), epochs=[1, 5, *range(10, 201, 10)], log_dir=tb_callback.log_dir
)
history = model.fit(
    data.X_train,
    data.y_train,
    batch_size=32,
    epochs=200,
    verbose=0,
    validation_data=(data.X_test, data.y_test),
    validation_batch_size=len(data.X_test),
    callbacks=[tb_callback, recorder],
)

test_loss, test_accuracy = model.evaluate(data.X_test, data.y_test, verbose=0)
print(f"Test loss: {test_loss:.3f}")
print(f"Test accuracy: {test_accuracy:.3f}")

# %%
# Fewer epochs give a lower accuracy; many more can overfit, which shows as a
# training accuracy that keeps rising while the validation accuracy stalls.
final = {name: values[-1] for name, values in history.history.items()}
print(
    f"After {len(history.epoch)} epochs: training accuracy"
    f" {final['accuracy']:.3f}, validation accuracy {final['val_accuracy']:.3f}"
)

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

plot_decision_boundary(
    xx,
    yy,
    probabilities,
    data.X_test,
    data.y_test,
    title=f"Decision boundary: {test_accuracy:.1%} of test points right",
)
plt.show()

# %%
# Blue and orange are the test points of each class; the shading is the
# network's probability of class 1, and the black line is where it equals 0.5.
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

plot_snapshots(recorder, data.X_test, data.y_test, epochs=[1, 5, 20, 50, 100, 200])
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

animation = animate_training(recorder, data.X_test, data.y_test)
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
# To try the network further, add hidden layers, or give it the product
# :math:`x_1 x_2` as a third input; the next pages do both, compare runs in
# TensorBoard, and show how close this network comes to the best any
# classifier can do.

# sphinx_gallery_thumbnail_number = 2
