"""
How close to the best possible?
===============================

The best accuracy any classifier can reach on the moons, and the lesson's network beside it.

The lesson's network gets most test points right, but not all of them. Could a
better network get them all? No: the two noisy moons overlap, and where they
do, a point could have come from either moon. This page computes the best
accuracy *any* classifier can reach on these data, the accuracy of the
Bayes-optimal classifier, and measures how far the lesson's network is from it.
"""

# Authors: The moons-tutorial developers
# SPDX-License-Identifier: BSD-3-Clause

# %%
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from moons_tutorial.bayes import BayesMoons, expected_accuracy
from moons_tutorial.data import load_moons
from moons_tutorial.model import build_model
from moons_tutorial.plotting import (
    boundary_grid,
    plot_decision_boundary,
    predict_on_grid,
)
from moons_tutorial.training import train

# sphinx_gallery_start_ignore
# isort: split
from sitebuild.claims import check

# sphinx_gallery_end_ignore

# %%
# Why no classifier gets every point right
# ----------------------------------------
# :func:`sklearn.datasets.make_moons` puts each class on a half circle and then
# moves every point by Gaussian noise. With the lesson's noise (a standard
# deviation of 0.2, a fifth of the circles' radius), the tips of each moon
# reach into the hollow of the other. A point there is sometimes from one moon
# and sometimes from the other, and a classifier sees only the point: whatever
# it answers, it is wrong for some of them. The best it can do is to answer,
# at every point, the class that is more often the right one there. That rule
# is the *Bayes-optimal classifier*, and its error rate, the Bayes error, is a
# floor that no model, however large or well trained, can go below on average.
#
# How the Bayes-optimal classifier is computed
# --------------------------------------------
# We know exactly how the data are made, so we can compute that rule instead
# of learning it. Each class is spread evenly along its half circle (class 0
# along :math:`(\cos\,t,\ \sin\,t)`, class 1 along
# :math:`(1 - \cos\,t,\ \tfrac12 - \sin\,t)`, for :math:`t` from 0 to
# :math:`\pi`), then blurred by the Gaussian noise. So the density of a class
# at a point is the Gaussian bell curve around each arc point, averaged over
# the whole arc:
#
# .. math::
#
#     p(x \mid c) = \frac{1}{\pi} \int_0^\pi
#         \mathcal{N}\bigl(x;\, m_c(t),\, \sigma^2 I\bigr)\, dt .
#
# The integral has no closed form, so
# :class:`~moons_tutorial.bayes.BayesMoons` evaluates it numerically, with a
# quadrature rule along the arc. Bayes' rule then turns the two densities, and
# the share of points in each class (half each here), into the probability of
# class 1 at the point. The classifier is not trained on anything; it works in
# the lesson's standardised coordinates by undoing the scaling first.
data = load_moons(n_samples=1000, noise=0.2, test_size=0.5, random_state=0)
bayes = BayesMoons.from_data(data)
n_test = len(data.y_test)

bayes_accuracy = bayes.score(data.X_test, data.y_test)
print(f"Bayes-optimal accuracy on the {n_test} test points: {bayes_accuracy:.1%}")

# %%
# The test half is only a sample: its accuracy would move a little with other
# points. Drawing many fresh points from ``make_moons`` and classifying them
# estimates the Bayes-optimal accuracy itself, what the classifier gets right
# on average. The printed standard error says how much a test half of this
# size scatters around it; this test half is less than two of them away.
n_fresh = 100_000
ceiling = expected_accuracy(noise=data.noise, n_samples=n_fresh, random_state=1)
test_half_scatter = np.sqrt(ceiling * (1 - ceiling) / n_test)
print(f"Bayes-optimal accuracy over {n_fresh:,} fresh points: {ceiling:.1%}")
print(f"Standard error of an accuracy on {n_test} points: {test_half_scatter:.1%}")

# sphinx_gallery_start_ignore
check(
    "The Bayes-optimal accuracy on the test half is less than two standard"
    " errors from its expected accuracy.",
    abs(bayes_accuracy - ceiling) < 2 * test_half_scatter,
    f"{bayes_accuracy:.3f} on the test half, {ceiling:.3f} expected,"
    f" standard error {test_half_scatter:.3f}",
    bayes_optimal_expected_accuracy=ceiling,
)
# sphinx_gallery_end_ignore

# %%
# The lesson's network
# --------------------
# The same network as on the first page, one hidden layer of 32 units, trained
# as the lesson does: 200 epochs of Adadelta with a learning rate of 1.0.
keras.utils.set_random_seed(0)
model = build_model()
train(model, data)
_, network_accuracy = model.evaluate(data.X_test, data.y_test, verbose=0)
print(f"Network accuracy on the {n_test} test points: {network_accuracy:.1%}")

# %%
# How far is it from the best possible? Both were scored on the same 500 test
# points, so compare them point by point: only the points on which they
# disagree make a difference between their accuracies.
network_labels = (model.predict(data.X_test, verbose=0).ravel() > 0.5).astype(int)
bayes_labels = bayes.predict(data.X_test)
network_errors = int(np.sum(network_labels != data.y_test))
bayes_errors = int(np.sum(bayes_labels != data.y_test))
disagree = network_labels != bayes_labels
bayes_right = int(np.sum(disagree & (bayes_labels == data.y_test)))
network_right = int(np.sum(disagree & (network_labels == data.y_test)))

print(f"Test points wrong: network {network_errors}, Bayes {bayes_errors}")
print(f"They disagree on {bayes_right + network_right} points:")
print(f"  Bayes-optimal right on {bayes_right}")
print(f"  network right on {network_right}")

# %%
# If the network were as good as the Bayes-optimal classifier, each point on
# which they disagree would be as likely to go to one as to the other, like the
# toss of a coin. The chance of a split at least this uneven, either way, is
# the *p-value* of this comparison (a sign test, also known as McNemar's test):
from scipy.stats import binomtest

p_value = binomtest(bayes_right, bayes_right + network_right).pvalue
print(f"Chance of a split this uneven: {p_value:.2f}")

# sphinx_gallery_start_ignore
check(
    "The network falls short of the Bayes-optimal classifier on the test half,"
    " by no more than chance explains (p-value above 0.05).",
    network_right < bayes_right and p_value > 0.05,
    f"Bayes-optimal right on {bayes_right}, network on {network_right} of"
    f" {bayes_right + network_right} disagreements; p = {p_value:.2f}",
    lesson_seed0_test_accuracy=network_accuracy,
)
# sphinx_gallery_end_ignore

# %%
# Two boundaries on one map
# -------------------------
# The shading is the network's probability of class 1, with its decision
# boundary (probability 0.5) as a solid black line. The dashed line is the
# Bayes-optimal boundary. Where the points are dense the two lines nearly
# coincide: there the network has learnt the rule that cannot be beaten.
# Away from the data they part, since no training point tells the network
# where the boundary should go there; that costs almost nothing, because
# almost no point ever lands there.
xx, yy = boundary_grid()
network_probabilities = predict_on_grid(model, xx, yy)
grid_points = np.column_stack([xx.ravel(), yy.ravel()])
bayes_probabilities = bayes.predict_proba(grid_points).reshape(xx.shape)

figure = plot_decision_boundary(
    xx,
    yy,
    network_probabilities,
    data.X_test,
    data.y_test,
    title=(
        f"Network {network_accuracy:.1%} vs Bayes-optimal"
        f" {bayes_accuracy:.1%} on the test half"
    ),
)
ax = figure.axes[0]
ax.contour(
    xx,
    yy,
    bayes_probabilities,
    levels=[0.5],
    colors="tab:green",
    linestyles="--",
    linewidths=2.5,
)
ax.legend(
    handles=[
        Line2D([], [], color="black", linewidth=1, label="Network boundary"),
        Line2D(
            [],
            [],
            color="tab:green",
            linestyle="--",
            linewidth=2.5,
            label="Bayes-optimal boundary",
        ),
    ],
    loc="lower left",
    framealpha=0.9,
)
plt.show()
# sphinx_gallery_start_ignore
disagreements = bayes_right + network_right
check(
    "Where the points are dense the two boundaries nearly coincide: they"
    " classify 95 % of the test points alike.",
    disagreements <= 0.05 * n_test,
    f"they disagree on {disagreements} of {n_test} test points",
)
# sphinx_gallery_end_ignore

# %%
# The best possible classifier on its own
# ---------------------------------------
# The Bayes-optimal probability of class 1, drawn like the network's. It is
# sure of itself along each moon and hesitant only in the overlap, where the
# test points it gets wrong lie: those errors are the noise's, not the
# model's. A network can only differ from this map by getting other points
# wrong, or, by the luck of the sample, a few of these right.
plot_decision_boundary(
    xx,
    yy,
    bayes_probabilities,
    data.X_test,
    data.y_test,
    title=f"Bayes-optimal classifier: {bayes_accuracy:.1%} of test points right",
)
plt.show()

# %%
# So the lesson's network is already close to the ceiling: on this test half
# it falls short by a few points, no more than chance alone could explain. More
# layers, more epochs or a cleverer optimizer can only close that small gap,
# not the Bayes error beneath it. To get more points right you would
# need less noisy data, not a better model.
#
# The explorer shows each of its runs beside the Bayes-optimal accuracy for its
# noise: compare `noise 0.1 <../explorer.html?layers=1&units=32&product=0&noise=0.1&optimizer=adadelta-1.0&epoch=200>`__ with `noise 0.3 <../explorer.html?layers=1&units=32&product=0&noise=0.3&optimizer=adadelta-1.0&epoch=200>`__.

# sphinx_gallery_thumbnail_number = 1
