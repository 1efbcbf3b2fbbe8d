import warnings

import numpy as np
import pytest

from moons_tutorial.data import load_moons
from moons_tutorial.model import build_model
from moons_tutorial.training import (
    RunFolderInUseWarning,
    TrainingRun,
    fresh_run_dir,
    train,
)


def test_short_seeded_training_learns(data, seeded):
    model = build_model()
    history = train(model, data, epochs=15)
    accuracy = history.history["val_accuracy"]
    assert len(accuracy) == 15
    assert accuracy[-1] > 0.85
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.log_dir is None


def test_training_is_repeatable_with_the_same_seed(data):
    import keras

    losses = []
    for _ in range(2):
        keras.utils.set_random_seed(0)
        losses.append(train(build_model(), data, epochs=3).history["val_loss"])
    np.testing.assert_allclose(losses[0], losses[1], rtol=1e-6)


def test_run_is_logged_for_train_and_validation(data, seeded, tmp_path):
    history = train(build_model(), data, epochs=2, log_dir=tmp_path / "model_1")
    assert history.log_dir == tmp_path / "model_1"
    for split in ("train", "validation"):
        assert list((tmp_path / "model_1" / split).glob("events.out.tfevents.*"))


def test_a_second_run_never_touches_the_first(data, seeded, tmp_path):
    first = train(build_model(), data, epochs=1, log_dir=tmp_path / "model_1")
    before = {p: p.read_bytes() for p in first.log_dir.rglob("*") if p.is_file()}
    with pytest.warns(RunFolderInUseWarning, match="model_1-2"):
        second = train(build_model(), data, epochs=1, log_dir=tmp_path / "model_1")
    assert second.log_dir == tmp_path / "model_1-2"
    assert {
        p: p.read_bytes() for p in first.log_dir.rglob("*") if p.is_file()
    } == before
    assert list(second.log_dir.rglob("events.out.tfevents.*"))


def test_fresh_run_dir_skips_every_used_sibling(tmp_path):
    for name in ("run", "run-2"):
        (tmp_path / name / "train").mkdir(parents=True)
        (tmp_path / name / "train" / "events.out.tfevents.1.host").write_bytes(b"")
    (tmp_path / "empty").mkdir()
    assert fresh_run_dir(tmp_path / "run") == tmp_path / "run-3"
    assert fresh_run_dir(tmp_path / "empty") == tmp_path / "empty"


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"epochs": 0}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"epochs": 1.5}, "epochs"),
    ],
)
def test_bad_arguments_are_named(data, kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        train(build_model(), data, **kwargs)


def test_data_must_match_the_model(data):
    with pytest.raises(ValueError, match="features"):
        train(build_model(n_features=3), data, epochs=1)
    with pytest.raises(ValueError, match="data must be a MoonsData"):
        train(build_model(), (data.X_train, data.y_train), epochs=1)


def test_no_warning_for_a_fresh_folder(tmp_path, seeded):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RunFolderInUseWarning)
        train(build_model(), load_moons(n_samples=40), epochs=1, log_dir=tmp_path / "a")


@pytest.mark.parametrize(("variable", "inside"), [(None, True), ("0", False)])
def test_jax_compiles_with_few_optimizations_unless_told_otherwise(
    data, seeded, monkeypatch, variable, inside
):
    import keras

    if keras.backend.backend() != "jax":
        pytest.skip("a JAX setting")
    import jax

    if variable is None:
        monkeypatch.delenv("JAX_DISABLE_MOST_OPTIMIZATIONS", raising=False)
    else:
        monkeypatch.setenv("JAX_DISABLE_MOST_OPTIMIZATIONS", variable)
    seen = []

    class Probe(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            seen.append(jax.config.read("jax_disable_most_optimizations"))

    before = jax.config.read("jax_disable_most_optimizations")
    train(build_model(), data, epochs=1, callbacks=[Probe()])
    assert seen == [inside]
    assert jax.config.read("jax_disable_most_optimizations") == before


def test_train_returns_the_runs_metrics_and_folder(data, tmp_path):
    run = train(build_model(), data, epochs=3, log_dir=tmp_path / "model_1")
    assert isinstance(run, TrainingRun)
    assert run.epoch == [0, 1, 2]
    assert set(run.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(values) == 3 for values in run.history.values())
    assert all(isinstance(v, float) for values in run.history.values() for v in values)
    assert run.log_dir == tmp_path / "model_1"
    assert train(build_model(), data, epochs=1).log_dir is None
