"""What the explorer page says about its runs, checked on the runs of this build.

The page's "things to try" are sentences about particular runs, each a link
that opens the run it is about. Every one is checked here on this build's runs,
and the build fails (``ExtensionError``, naming the claim and the value
measured) when a run stops supporting it, as the gallery's pages fail on their
own claims. The thresholds leave room for another seed: a claim must not hang
on one lucky run. The page also lists what was checked, with the values
measured ("Checked by this build").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sphinx.errors import ExtensionError

from sitebuild.explorer_grid import EPOCHS, NOISES, Setting

Results = dict[str, Any]
Try = dict[str, Any]

# The claims' thresholds, set from seeds 0, 1 and 2 (Keras 3.15, JAX), far from
# all three: two units ended 10.8 to 11.8 points below 32; the string's
# validation loss fell by 0.024 to 0.031, the fix's by 0.48 to 0.52; the
# network ended 0.6 to 1.0 points from the Bayes-optimal accuracy at noise 0.3;
# Adam within 0.6 points of Adadelta at every noise.
#
# In accuracy (0.05: 5 percentage points) or in binary cross-entropy.
NARROW_GAP = 0.05  # two units below 32, one layer, noise 0.2
STRING_LOSS_FALL = 0.1  # the 'AdaDelta' string's validation loss falls less
FIXED_LOSS_FALL = 0.2  # Adadelta(learning_rate=1.0)'s falls more
BAYES_GAP = 0.03  # the intro's network to the Bayes-optimal, noise 0.3
OPTIMIZER_GAP = 0.02  # Adam to Adadelta(learning_rate=1.0), at every noise


def require(holds: bool, claim: str, measured: str) -> None:
    """Fail the build when a claim does not hold, naming it and the value."""
    if not holds:
        raise ExtensionError(
            f"Claim of the explorer page no longer holds: {claim!r}; measured: {measured}"
        )


def final_accuracy(results: Results, setting: Setting) -> float:
    """Return the run's test accuracy after the last epoch, as the page shows it."""
    return float(results["runs"][setting.key]["val_accuracy"][-1])


def percent(accuracy: float) -> str:
    """Write an accuracy as a percentage, as the page does."""
    return f"{100 * accuracy:.1f} %"


def narrow_layer(results: Results) -> Try:
    """Check that two units cannot bend the boundary enough, and 32 can."""
    narrow = Setting(1, 2, False, 0.2, "adadelta-1.0")
    wide = Setting(1, 32, False, 0.2, "adadelta-1.0")
    narrow_accuracy = final_accuracy(results, narrow)
    wide_accuracy = final_accuracy(results, wide)
    text = (
        "Two units in the hidden layer: the test accuracy ends at least"
        f" {100 * NARROW_GAP:.0f} percentage points below that of 32 units; two"
        " ReLU kinks cannot bend the boundary around the moons."
    )
    measured = f"2 units {percent(narrow_accuracy)}, 32 units {percent(wide_accuracy)}"
    require(wide_accuracy - narrow_accuracy >= NARROW_GAP, text, measured)
    return {"text": text, "key": narrow.key, "epoch": EPOCHS, "measured": measured}


def loss_fall(results: Results, setting: Setting) -> float:
    """Return how far the validation loss fell from the first epoch to the last."""
    val_loss = results["runs"][setting.key]["val_loss"]
    return float(val_loss[0] - val_loss[-1])


def adadelta_string(results: Results) -> Try:
    """Check that the 2017 string's learning rate of 0.001 barely moves the network."""
    string = Setting(1, 32, False, 0.2, "adadelta-string")
    fixed = Setting(1, 32, False, 0.2, "adadelta-1.0")
    string_fall, fixed_fall = loss_fall(results, string), loss_fall(results, fixed)
    text = (
        "The 2017 'AdaDelta' string, now a learning rate of 0.001: from epoch 1"
        f" to epoch {EPOCHS} the test-half loss falls by less than {STRING_LOSS_FALL},"
        f" where Adadelta(learning_rate=1.0) takes it down by more than"
        f" {FIXED_LOSS_FALL}."
    )
    measured = (
        f"test-half loss fell by {string_fall:.3f} with the string,"
        f" {fixed_fall:.3f} with learning_rate=1.0"
    )
    require(
        string_fall < STRING_LOSS_FALL and fixed_fall > FIXED_LOSS_FALL, text, measured
    )
    return {"text": text, "key": string.key, "epoch": EPOCHS, "measured": measured}


def bayes_floor(results: Results) -> Try:
    """Check that at noise 0.3 the network comes close to the Bayes-optimal classifier."""
    setting = Setting(1, 32, False, 0.3, "adadelta-1.0")
    bayes_accuracy = float(results["data"][str(setting.noise)]["bayes_accuracy"])
    accuracy = final_accuracy(results, setting)
    text = (
        f"Noise {setting.noise}: the moons overlap, and even the Bayes-optimal"
        f" classifier errs on {percent(1 - bayes_accuracy)} of the test points;"
        f" the intro's network ends within {100 * BAYES_GAP:.0f} percentage"
        " points of that classifier's accuracy."
    )
    measured = (
        f"Bayes-optimal {percent(bayes_accuracy)}, the network {percent(accuracy)}"
    )
    require(abs(bayes_accuracy - accuracy) <= BAYES_GAP, text, measured)
    return {"text": text, "key": setting.key, "epoch": EPOCHS, "measured": measured}


def optimizers_agree(results: Results) -> Try:
    """Check that Adam and the lesson's Adadelta end alike on the intro's network."""
    adam = {noise: Setting(1, 32, False, noise, "adam") for noise in NOISES}
    adadelta = {noise: Setting(1, 32, False, noise, "adadelta-1.0") for noise in NOISES}
    gaps = [
        abs(final_accuracy(results, adam[n]) - final_accuracy(results, adadelta[n]))
        for n in NOISES
    ]
    text = (
        "Adam() instead of Adadelta(learning_rate=1.0): at every noise, the"
        f" intro's network ends within {100 * OPTIMIZER_GAP:.0f} percentage"
        " points of the lesson's test accuracy."
    )
    measured = "; ".join(
        f"noise {noise}: Adam {percent(final_accuracy(results, adam[noise]))},"
        f" Adadelta {percent(final_accuracy(results, adadelta[noise]))}"
        for noise in NOISES
    )
    require(max(gaps) <= OPTIMIZER_GAP, text, measured)
    return {"text": text, "key": adam[0.2].key, "epoch": EPOCHS, "measured": measured}


TRIES: list[Callable[[Results], Try]] = [
    narrow_layer,
    optimizers_agree,
    adadelta_string,
    bayes_floor,
]


def curves_match_evaluate(results: Results) -> dict[str, str]:
    """Check that each run's last validation accuracy is its final test accuracy.

    That is the figure ``model.evaluate`` gives at the end of the run, which the
    run's script states in its docstring and prints.
    """
    claim = (
        "Each run's last accuracy on the test half (Keras's val_accuracy), which the"
        " page shows, equals the"
        " test accuracy model.evaluate gives after training, the figure its"
        " script states"
    )
    worst = max(
        abs(run["val_accuracy"][-1] - run["test_accuracy"])
        for run in results["runs"].values()
    )
    measured = f"{len(results['runs'])} runs, largest difference {worst:.4f}"
    # The page's values are rounded to four digits.
    require(worst < 5e-4, claim, measured)
    return {"claim": claim, "measured": measured}


def check_claims(results: Results) -> tuple[list[Try], list[dict[str, str]]]:
    """Check every claim on ``results``; return the page's tries and checks.

    Raises
    ------
    sphinx.errors.ExtensionError
        If a claim does not hold: the message names it and the value measured.
    """
    tries = [make_try(results) for make_try in TRIES]
    checks = [{"claim": t["text"], "measured": t["measured"]} for t in tries]
    checks.append(curves_match_evaluate(results))
    return tries, checks
