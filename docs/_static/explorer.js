/* The explorer: pick a network setting and an epoch, see what Keras did with it.

Every setting the page offers is a real Keras run made when the site was built;
the build writes its data next to the page (``explorer/index.js``, one
``explorer/runs/KEY.js`` per run). This script only draws: the decision
boundary comes from the run's recorded weights through the network's forward
pass (dense layers, ReLU, sigmoid), computed here on the grid the build names.
Data files are loaded with <script> tags, never fetch(), so that the page also
works opened from disk (file://).

For the browser tests, window.moonsExplorer offers predict(), select(),
state() and ready().
*/
(function () {
  "use strict";

  const root = document.getElementById("moons-explorer");
  if (!root) return;
  // Where the build wrote the data, relative to this page.
  const BASE = root.dataset.base || "explorer/";
  // The site's figures: class 0 tab:blue, class 1 tab:red (moons_tutorial.plotting).
  const CLASS_COLORS = ["#1f77b4", "#d62728"];
  // The loss curves: the intro's learning curves, tab:blue and tab:orange.
  const LOSS_COLORS = { train: "#1f77b4", test: "#ff7f0e" };
  // Matplotlib's RdBu_r (ColorBrewer's RdBu, reversed): blue for P(class 1) = 0,
  // white for undecided, red for 1, drawn at the figures' alpha of 0.6 on white.
  const RDBU_R = [
    "#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
    "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f",
  ].map(hexToRgb).map((rgb) => rgb.map((c) => 0.6 * c + 0.4 * 255));
  // A hidden unit's output, ReLU(w·x + b): a flat grey where it is zero, then
  // light to dark purple (ColorBrewer's Purples) up to its largest value.
  const UNIT_ZERO = hexToRgb("#f0f0f0");
  const PURPLES = ["#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#54278f", "#3f007d"].map(hexToRgb);
  const PLAY_STEP_MS = 350;
  // Both colour maps as 256-entry tables: a pixel's colour is then one lookup.
  const HEAT_TABLE = colorTable(RDBU_R);
  const UNIT_TABLE = colorTable(PURPLES);

  let D = null; // window.MOONS_EXPLORER, once loaded
  let state = null; // {layers, units, product, noise, optimizer, epochIndex}
  let pending = Promise.resolve();
  let renderToken = 0;
  let shownCodeKey = null;
  let player = null;
  let lastDrawMs = null;
  const runLoads = {};
  const gridInputs = {};
  const el = {};

  // --- Small helpers -------------------------------------------------------------

  function hexToRgb(hex) {
    const n = parseInt(hex.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }

  function ramp(colors, t) {
    const x = Math.min(Math.max(t, 0), 1) * (colors.length - 1);
    const i = Math.min(Math.floor(x), colors.length - 2);
    const f = x - i;
    const a = colors[i];
    const b = colors[i + 1];
    return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
  }

  function colorTable(colors) {
    const table = new Uint8ClampedArray(256 * 3);
    for (let i = 0; i < 256; i++) table.set(ramp(colors, i / 255), i * 3);
    return table;
  }

  // Write the colour of value t (0 to 1) from a table into pixel p of an image.
  function paint(pixels, p, table, t) {
    const i = Math.round(Math.min(Math.max(t, 0), 1) * 255) * 3;
    pixels[p * 4] = table[i];
    pixels[p * 4 + 1] = table[i + 1];
    pixels[p * 4 + 2] = table[i + 2];
    pixels[p * 4 + 3] = 255;
  }

  function paintRgb(pixels, p, rgb) {
    pixels[p * 4] = rgb[0];
    pixels[p * 4 + 1] = rgb[1];
    pixels[p * 4 + 2] = rgb[2];
    pixels[p * 4 + 3] = 255;
  }

  function make(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = make("script", { src: src });
      script.onload = resolve;
      script.onerror = () => reject(new Error("could not load " + src));
      document.head.append(script);
    });
  }

  function noiseTag(noise) {
    return String(noise).replace(".", "");
  }

  function keyOf(s) {
    return `l${s.layers}-u${s.units}-p${s.product ? 1 : 0}-n${noiseTag(s.noise)}-${s.optimizer}`;
  }

  function fmt(value, digits) {
    return Number(value).toFixed(digits);
  }

  // --- The network's forward pass -------------------------------------------------

  // One snapshot's layers as flat arrays: kernel[i * out + j] (in × out, as Keras
  // stores it) and bias[j].
  function prepareLayers(snapshot) {
    return snapshot.layers.map((layer) => {
      const nIn = layer.kernel.length;
      const nOut = layer.bias.length;
      const kernel = new Float64Array(nIn * nOut);
      layer.kernel.forEach((row, i) => row.forEach((w, j) => { kernel[i * nOut + j] = w; }));
      return { nIn: nIn, nOut: nOut, kernel: kernel, bias: Float64Array.from(layer.bias) };
    });
  }

  // The network's inputs for points [[x1, x2], ...]: x1, x2 and, with the
  // product input, x1·x2 (moons_tutorial.data.add_product_feature).
  function inputsOf(points, product) {
    const width = product ? 3 : 2;
    const inputs = new Float64Array(points.length * width);
    points.forEach(([x1, x2], p) => {
      inputs[p * width] = x1;
      inputs[p * width + 1] = x2;
      if (product) inputs[p * width + 2] = x1 * x2;
    });
    return inputs;
  }

  // One dense layer over n points: inputs · kernel + bias, before its activation.
  function weightedSums(layer, inputs, n) {
    const { nIn, nOut, kernel, bias } = layer;
    const sums = new Float64Array(n * nOut);
    for (let p = 0; p < n; p++) {
      for (let j = 0; j < nOut; j++) {
        let z = bias[j];
        for (let i = 0; i < nIn; i++) z += inputs[p * nIn + i] * kernel[i * nOut + j];
        sums[p * nOut + j] = z;
      }
    }
    return sums;
  }

  function relu(sums) {
    return sums.map((z) => (z > 0 ? z : 0));
  }

  function sigmoid(sums) {
    return sums.map((z) => 1 / (1 + Math.exp(-z)));
  }

  // Hidden layers ReLU, the output unit sigmoid. Returns P(class 1) for each
  // point, and the first layer's weighted sums, which the unit maps draw.
  function forward(layers, inputs, n) {
    let activations = inputs;
    let firstSums = null;
    layers.forEach((layer, index) => {
      const sums = weightedSums(layer, activations, n);
      if (index === 0) firstSums = sums;
      activations = index === layers.length - 1 ? sigmoid(sums) : relu(sums);
    });
    return { probabilities: activations, firstSums: firstSums };
  }

  // --- Data --------------------------------------------------------------------------

  function loadRun(key) {
    if (!runLoads[key]) {
      runLoads[key] = loadScript(BASE + D.settings[key].file).then(() => {
        const run = (window.MOONS_EXPLORER_RUNS || {})[key];
        if (!run) throw new Error(`the file of run ${key} holds no run ${key}`);
        run.prepared = run.snapshots.map(prepareLayers);
        return run;
      });
      // A failed load may be tried again on the next change.
      runLoads[key].catch(() => { delete runLoads[key]; });
    }
    return runLoads[key];
  }

  // The grid's points, row by row from the top (x2 = hi) down, each row from
  // x1 = lo to hi: the order of the heat map's pixels.
  function gridPoints() {
    const { lo, hi, n } = D.grid;
    const step = (hi - lo) / (n - 1);
    const points = [];
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) points.push([lo + col * step, hi - row * step]);
    }
    return points;
  }

  function gridInputsFor(product) {
    const tag = product ? "product" : "plain";
    if (!gridInputs[tag]) gridInputs[tag] = inputsOf(gridPoints(), product);
    return gridInputs[tag];
  }

  // --- The state and the URL ----------------------------------------------------------

  const CONTROLS = ["layers", "units", "product", "noise", "optimizer"];

  function settingOf(key) {
    const s = D.settings[key];
    return { layers: s.layers, units: s.units, product: s.product, noise: s.noise, optimizer: s.optimizer };
  }

  function parseValue(control, text) {
    if (text === null) return undefined;
    const options = D.controls[control];
    if (control === "product") {
      const on = text === "1" || text === "true" || text === "on";
      const off = text === "0" || text === "false" || text === "off";
      return on ? true : off ? false : undefined;
    }
    if (control === "optimizer") return options.includes(text) ? text : undefined;
    const number = Number(text);
    return options.includes(number) ? number : undefined;
  }

  // The view a query string asks for; what it does not name (or names wrongly)
  // stays as in the default setting, and a setting outside the grid gives the default.
  function stateFromQuery(search) {
    const params = new URLSearchParams(search);
    const chosen = settingOf(D.default);
    for (const control of CONTROLS) {
      const value = parseValue(control, params.get(control));
      if (value !== undefined) chosen[control] = value;
    }
    const setting = D.settings[keyOf(chosen)] ? chosen : settingOf(D.default);
    const epoch = Number(params.get("epoch"));
    let epochIndex = D.epochs.length - 1;
    if (params.get("epoch") !== null && Number.isFinite(epoch)) epochIndex = nearestEpochIndex(epoch);
    return Object.assign(setting, { epochIndex: epochIndex });
  }

  function nearestEpochIndex(epoch) {
    let best = 0;
    D.epochs.forEach((e, i) => { if (Math.abs(e - epoch) < Math.abs(D.epochs[best] - epoch)) best = i; });
    return best;
  }

  function queryOf(s) {
    const params = new URLSearchParams({
      layers: s.layers,
      units: s.units,
      product: s.product ? 1 : 0,
      noise: s.noise,
      optimizer: s.optimizer,
      epoch: D.epochs[s.epochIndex],
    });
    return "?" + params.toString();
  }

  function writeURL() {
    try {
      history.replaceState(null, "", queryOf(state) + location.hash);
    } catch (error) {
      // Some browsers refuse to change a file:// page's address; the view still changes.
    }
  }

  // --- Controls ---------------------------------------------------------------------

  function optionLabel(control, value) {
    if (control === "product") return value ? "on" : "off";
    if (control === "optimizer") return D.optimizer_labels[value] || value;
    return String(value);
  }

  function buildControls() {
    el.unavailable.textContent = `Crossed out: ${D.unavailable_reason}.`;
    for (const control of CONTROLS) {
      const group = root.querySelector(`[data-control="${control}"]`);
      const options = group.querySelector(".mx-options");
      D.controls[control].forEach((value, index) => {
        const id = `mx-${control}-${index}`;
        const input = make("input", { type: "radio", name: `mx-${control}`, id: id, value: String(value) });
        input.addEventListener("change", () => {
          if (input.checked) change({ [control]: value });
        });
        const label = make("label", { for: id, text: optionLabel(control, value) });
        // A pointer over an option usually clicks it next: start loading its run.
        label.addEventListener("pointerenter", () => prefetch({ [control]: value }));
        options.append(input, label);
      });
    }
    el.slider.max = String(D.epochs.length - 1);
    el.slider.addEventListener("input", () => {
      stopPlaying();
      change({ epochIndex: Number(el.slider.value) });
    });
    el.play.addEventListener("click", () => (player ? stopPlaying() : startPlaying()));
  }

  function prefetch(partial) {
    const key = keyOf(Object.assign({}, state, partial));
    if (D.settings[key]) loadRun(key).catch(() => {}); // a failure shows when chosen
  }

  // Check the state's options; disable (with the reason shown) those whose
  // combination with the other controls' values the build did not run.
  function updateControls() {
    let anyUnavailable = false;
    for (const control of CONTROLS) {
      D.controls[control].forEach((value, index) => {
        const input = document.getElementById(`mx-${control}-${index}`);
        const available = Boolean(D.settings[keyOf(Object.assign({}, state, { [control]: value }))]);
        input.checked = state[control] === value;
        input.disabled = !available;
        if (available) input.removeAttribute("aria-describedby");
        else input.setAttribute("aria-describedby", "mx-unavailable");
        anyUnavailable = anyUnavailable || !available;
      });
    }
    el.unavailable.hidden = !anyUnavailable;
    const epoch = D.epochs[state.epochIndex];
    el.slider.value = String(state.epochIndex);
    el.slider.setAttribute("aria-valuetext", epoch === 0 ? "epoch 0, the initial weights" : `epoch ${epoch}`);
    el.epochValue.textContent = epoch === 0 ? "0 (initial weights)" : String(epoch);
  }

  function startPlaying() {
    if (state.epochIndex === D.epochs.length - 1) change({ epochIndex: 0 });
    player = setInterval(() => {
      if (state.epochIndex >= D.epochs.length - 1) return stopPlaying();
      change({ epochIndex: state.epochIndex + 1 });
    }, PLAY_STEP_MS);
    el.play.textContent = "Pause";
  }

  function stopPlaying() {
    if (player) clearInterval(player);
    player = null;
    el.play.textContent = "Play";
  }

  // --- Showing a state ------------------------------------------------------------------

  function change(partial) {
    const next = Object.assign({}, state, partial);
    if (!D.settings[keyOf(next)]) return pending; // a disabled option: nothing to show
    return show(next);
  }

  function show(next) {
    state = next;
    const token = ++renderToken;
    updateControls();
    writeURL();
    const key = keyOf(state);
    const started = performance.now();
    pending = loadRun(key).then(
      (run) => {
        if (token !== renderToken) return; // a later change is being shown
        el.error.hidden = true;
        draw(key, run);
        lastDrawMs = performance.now() - started;
      },
      (error) => {
        if (token !== renderToken) return;
        el.error.textContent = `This run's data did not load (${error.message}): rebuild the site.`;
        el.error.hidden = false;
      }
    );
    return pending;
  }

  function draw(key, run) {
    const layers = run.prepared[state.epochIndex];
    const n = D.grid.n;
    const { probabilities, firstSums } = forward(layers, gridInputsFor(state.product), n * n);
    ensureUnitFigures(layers[0].nOut);
    // Every size and style is read before anything is drawn: reading layout
    // after a change forces the browser to lay the page out again.
    const style = getComputedStyle(root);
    const look = {
      color: style.color,
      font: `13px ${style.fontFamily}`,
      ratio: window.devicePixelRatio || 1,
      boundaryWidth: boxWidth(el.boundary),
      curvesWidth: boxWidth(el.curves),
    };
    drawBoundary(probabilities, look);
    drawCurves(run, look);
    describe(run, probabilities);
    drawUnits(layers, firstSums);
    if (shownCodeKey !== key) showCode(key, run);
  }

  // --- The decision boundary -----------------------------------------------------------

  function boxWidth(canvas) {
    return Math.max(Math.floor(canvas.parentElement.clientWidth), 40);
  }

  // Size a canvas for a box of width × height CSS pixels, sharp on dense
  // screens (devicePixelRatio); resized only when that changed, since resizing
  // makes the browser allocate it again.
  function prepareCanvas(canvas, width, height, ratio) {
    const pixelsW = Math.round(width * ratio);
    const pixelsH = Math.round(height * ratio);
    if (canvas.width !== pixelsW || canvas.height !== pixelsH) {
      canvas.width = pixelsW;
      canvas.height = pixelsH;
      canvas.style.width = width + "px";
      canvas.style.height = height + "px";
    }
    const context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    return context;
  }

  function drawBoundary(probabilities, look) {
    const width = look.boundaryWidth;
    const height = width;
    const context = prepareCanvas(el.boundary, width, height, look.ratio);
    const { lo, hi, n } = D.grid;
    const margin = { left: 40, right: 8, top: 8, bottom: 40 };
    const size = Math.min(width - margin.left - margin.right, height - margin.top - margin.bottom);
    const x0 = margin.left;
    const y0 = margin.top;
    const toX = (x) => x0 + ((x - lo) / (hi - lo)) * size;
    const toY = (y) => y0 + ((hi - y) / (hi - lo)) * size;

    // The probabilities as an n × n image, one pixel per grid point, stretched so
    // that each pixel's centre lands on its grid point.
    const image = new ImageData(n, n);
    for (let p = 0; p < n * n; p++) paint(image.data, p, HEAT_TABLE, probabilities[p]);
    const cell = size / (n - 1);
    context.save();
    context.beginPath();
    context.rect(x0, y0, size, size);
    context.clip();
    context.imageSmoothingEnabled = true;
    context.drawImage(imageCanvas(image), x0 - cell / 2, y0 - cell / 2, size + cell, size + cell);
    drawContour(context, probabilities, n, x0, y0, cell);
    context.restore();
    context.drawImage(pointsLayer(width, height, look.ratio, toX, toY), 0, 0, width, height);
    drawAxes(context, { x0, y0, size, lo, hi, toX, toY }, look, "x₁ (scaled)", "x₂ (scaled)");
  }

  // One small canvas holds each n × n image just long enough to be drawn
  // (drawImage copies it at once), so it is made once.
  let scratch = null;

  function imageCanvas(image) {
    if (!scratch) scratch = document.createElement("canvas");
    if (scratch.width !== image.width || scratch.height !== image.height) {
      scratch.width = image.width;
      scratch.height = image.height;
    }
    scratch.getContext("2d").putImageData(image, 0, 0);
    return scratch;
  }

  // The 0.5 contour by marching squares, each crossing placed by linear interpolation.
  function drawContour(context, values, n, x0, y0, cell) {
    const at = (row, col) => values[row * n + col] - 0.5;
    const cross = (a, b) => a / (a - b);
    context.beginPath();
    for (let row = 0; row < n - 1; row++) {
      for (let col = 0; col < n - 1; col++) {
        const corners = [at(row, col), at(row, col + 1), at(row + 1, col + 1), at(row + 1, col)];
        // Points where the contour crosses each edge of the cell: top, right, bottom, left.
        const crossings = [];
        const edges = [[0, 1], [1, 2], [2, 3], [3, 0]];
        const cornerXY = [[col, row], [col + 1, row], [col + 1, row + 1], [col, row + 1]];
        for (const [a, b] of edges) {
          if ((corners[a] > 0) !== (corners[b] > 0)) {
            const t = cross(corners[a], corners[b]);
            const x = cornerXY[a][0] + t * (cornerXY[b][0] - cornerXY[a][0]);
            const y = cornerXY[a][1] + t * (cornerXY[b][1] - cornerXY[a][1]);
            crossings.push([x0 + x * cell, y0 + y * cell]);
          }
        }
        for (let k = 0; k + 1 < crossings.length; k += 2) {
          context.moveTo(crossings[k][0], crossings[k][1]);
          context.lineTo(crossings[k + 1][0], crossings[k + 1][1]);
        }
      }
    }
    context.strokeStyle = "#000";
    context.lineWidth = 2;
    context.stroke();
  }

  // The test points change only with the noise (and the canvas's size): drawn
  // once into a layer of their own, then copied onto each new heat map.
  const pointLayers = {};

  function pointsLayer(width, height, ratio, toX, toY) {
    const id = `${state.noise}@${width}x${height}@${ratio}`;
    if (!pointLayers[id]) {
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      const context = canvas.getContext("2d");
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      const data = D.data[String(state.noise)];
      context.lineWidth = 0.6;
      context.strokeStyle = "#000";
      data.x_test.forEach(([x1, x2], i) => {
        context.beginPath();
        context.arc(toX(x1), toY(x2), 2.6, 0, 2 * Math.PI);
        context.fillStyle = CLASS_COLORS[data.y_test[i]];
        context.fill();
        context.stroke();
      });
      pointLayers[id] = canvas;
    }
    return pointLayers[id];
  }

  // A square's frame, integer ticks and axis names, in the page's text colour.
  function drawAxes(context, box, look, xName, yName) {
    const { x0, y0, size, lo, hi, toX, toY } = box;
    context.strokeStyle = look.color;
    context.fillStyle = look.color;
    context.lineWidth = 1;
    context.strokeRect(x0, y0, size, size);
    context.font = look.font;
    context.textAlign = "center";
    context.textBaseline = "top";
    for (let t = Math.ceil(lo); t <= hi; t++) {
      context.beginPath();
      context.moveTo(toX(t), y0 + size);
      context.lineTo(toX(t), y0 + size + 4);
      context.stroke();
      context.fillText(String(t), toX(t), y0 + size + 6);
    }
    context.fillText(xName, x0 + size / 2, y0 + size + 22);
    context.textAlign = "right";
    context.textBaseline = "middle";
    for (let t = Math.ceil(lo); t <= hi; t++) {
      context.beginPath();
      context.moveTo(x0, toY(t));
      context.lineTo(x0 - 4, toY(t));
      context.stroke();
      context.fillText(String(t), x0 - 6, toY(t));
    }
    context.save();
    context.translate(12, y0 + size / 2);
    context.rotate(-Math.PI / 2);
    context.textAlign = "center";
    context.fillText(yName, 0, 0);
    context.restore();
  }

  // --- Loss curves ------------------------------------------------------------------------

  function niceStep(range, ticks) {
    const raw = range / ticks;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const scaled = raw / power;
    return (scaled < 1.5 ? 1 : scaled < 3 ? 2 : scaled < 7 ? 5 : 10) * power;
  }

  function drawCurves(run, look) {
    const width = look.curvesWidth;
    const height = Math.round(width * 0.62);
    const context = prepareCanvas(el.curves, width, height, look.ratio);
    const margin = { left: 48, right: 16, top: 10, bottom: 40 };
    const plotW = width - margin.left - margin.right;
    const plotH = height - margin.top - margin.bottom;
    const epochs = run.loss.length;
    const top = Math.max(...run.loss, ...run.val_loss);
    const yStep = niceStep(top, 4);
    const yMax = Math.ceil(top / yStep) * yStep;
    const toX = (epoch) => margin.left + (epoch / epochs) * plotW;
    const toY = (value) => margin.top + (1 - value / yMax) * plotH;
    const color = look.color;

    // Axes: epochs every 50, loss at a round step.
    context.strokeStyle = color;
    context.fillStyle = color;
    context.lineWidth = 1;
    context.font = look.font;
    context.strokeRect(margin.left, margin.top, plotW, plotH);
    context.textAlign = "center";
    context.textBaseline = "top";
    for (let e = 0; e <= epochs; e += 50) {
      context.beginPath();
      context.moveTo(toX(e), margin.top + plotH);
      context.lineTo(toX(e), margin.top + plotH + 4);
      context.stroke();
      context.fillText(String(e), toX(e), margin.top + plotH + 6);
    }
    context.fillText("epoch", margin.left + plotW / 2, margin.top + plotH + 22);
    context.textAlign = "right";
    context.textBaseline = "middle";
    const digits = yStep < 0.1 ? 2 : 1;
    for (let v = 0; v <= yMax + 1e-9; v += yStep) {
      context.beginPath();
      context.moveTo(margin.left, toY(v));
      context.lineTo(margin.left - 4, toY(v));
      context.stroke();
      context.fillText(fmt(v, digits), margin.left - 6, toY(v));
    }
    context.save();
    context.translate(12, margin.top + plotH / 2);
    context.rotate(-Math.PI / 2);
    context.textAlign = "center";
    context.fillText("loss", 0, 0);
    context.restore();

    // The chosen epoch, then the curves: training solid, test half dashed, as
    // on the lesson's pages. Values are per epoch, epoch 1 first.
    const epoch = D.epochs[state.epochIndex];
    context.save();
    context.strokeStyle = color;
    context.globalAlpha = 0.55;
    context.setLineDash([2, 3]);
    context.beginPath();
    context.moveTo(toX(epoch), margin.top);
    context.lineTo(toX(epoch), margin.top + plotH);
    context.stroke();
    context.restore();
    const series = [
      { values: run.loss, color: LOSS_COLORS.train, dash: [] },
      { values: run.val_loss, color: LOSS_COLORS.test, dash: [6, 4] },
    ];
    for (const { values, color: stroke, dash } of series) {
      context.strokeStyle = stroke;
      context.lineWidth = 2;
      context.setLineDash(dash);
      context.beginPath();
      values.forEach((v, i) => {
        if (i === 0) context.moveTo(toX(i + 1), toY(v));
        else context.lineTo(toX(i + 1), toY(v));
      });
      context.stroke();
      if (epoch >= 1) {
        context.setLineDash([]);
        context.fillStyle = stroke;
        context.beginPath();
        context.arc(toX(epoch), toY(values[epoch - 1]), 4, 0, 2 * Math.PI);
        context.fill();
      }
    }
    context.setLineDash([]);
  }

  // --- Numbers and descriptions ---------------------------------------------------------------

  function describe(run, probabilities) {
    const epoch = D.epochs[state.epochIndex];
    const bayes = D.data[String(state.noise)].bayes_accuracy;
    if (epoch === 0) {
      el.accuracy.textContent = "–";
      el.accuracyNote.textContent = "Epoch 0 shows the initial random weights; Keras records the first accuracy after epoch 1.";
    } else {
      el.accuracy.textContent = fmt(run.val_accuracy[epoch - 1], 3);
      el.accuracyNote.textContent =
        `Loss at epoch ${epoch}: training ${fmt(run.loss[epoch - 1], 3)}, test half ${fmt(run.val_loss[epoch - 1], 3)}.`;
    }
    el.bayes.textContent = fmt(bayes, 3);
    el.bayesNoise.textContent = String(state.noise);
    const final = run.val_accuracy[run.val_accuracy.length - 1];
    const shares = [0, 0];
    for (const p of probabilities) shares[p > 0.5 ? 1 : 0] += 1;
    const described = `${describeSetting(state)}, epoch ${epoch}`;
    el.boundary.setAttribute(
      "aria-label",
      `Decision boundary of the network (${described}): ` +
        `${Math.round((100 * shares[1]) / probabilities.length)}% of the square is predicted class 1; ` +
        `the 500 test points on top. Final accuracy on the test half ${fmt(final, 3)}.`
    );
    el.curves.setAttribute(
      "aria-label",
      `Training and test-half loss over 200 epochs (${described}): final training loss ` +
        `${fmt(run.loss[run.loss.length - 1], 3)}, final test-half loss ${fmt(run.val_loss[run.val_loss.length - 1], 3)}.`
    );
    el.caption.textContent = `${describeSetting(state)}; epoch ${epoch === 0 ? "0 (initial weights)" : epoch}.`;
  }

  function describeSetting(s) {
    const units = `${s.layers} hidden layer${s.layers > 1 ? "s" : ""} of ${s.units} unit${s.units > 1 ? "s" : ""}`;
    const product = s.product ? "with the x₁·x₂ input" : "no product input";
    return `${units}, ${product}, noise ${s.noise}, ${D.optimizer_labels[s.optimizer] || s.optimizer}`;
  }

  // --- One map per first-layer unit -------------------------------------------------------------

  function ensureUnitFigures(count) {
    while (el.units.children.length > count) el.units.lastChild.remove();
    while (el.units.children.length < count) el.units.append(unitFigure());
  }

  // Each map is drawn at the grid's own resolution, one canvas pixel per grid
  // point, and the browser scales it smoothly to its box: the same picture as
  // drawing it larger, at a fraction of the cost for 32 maps.
  function drawUnits(layers, sums) {
    const first = layers[0];
    const n = D.grid.n;
    const count = n * n;
    // sums: each unit's weighted sum over the grid, before ReLU.
    for (let j = 0; j < first.nOut; j++) {
      let largest = 0;
      for (let p = 0; p < count; p++) largest = Math.max(largest, sums[p * first.nOut + j]);
      const image = new ImageData(n, n);
      const pixels = image.data;
      for (let p = 0; p < count; p++) {
        const value = sums[p * first.nOut + j];
        if (value > 0) paint(pixels, p, UNIT_TABLE, value / largest);
        else paintRgb(pixels, p, UNIT_ZERO);
      }
      const figure = el.units.children[j];
      const canvas = figure.querySelector("canvas");
      if (canvas.width !== n) {
        canvas.width = n;
        canvas.height = n;
      }
      canvas.getContext("2d").putImageData(image, 0, 0);
      const output = layers.length === 2 ? layers[1].kernel[j] : null;
      const caption = figure.querySelector("figcaption");
      const dead = largest <= 0;
      caption.textContent = `unit ${j + 1}` + (dead ? ", zero on this square" : output === null ? "" : `, out ${output > 0 ? "+" : ""}${fmt(output, 2)}`);
      canvas.setAttribute(
        "aria-label",
        dead
          ? `Hidden unit ${j + 1} is zero over the whole square.`
          : `Hidden unit ${j + 1}: zero on one side of its kink, up to ${fmt(largest, 2)} on the other.`
      );
    }
    el.unitsIntro.textContent = unitsSentence(first.nOut, layers.length);
  }

  function unitFigure() {
    const canvas = make("canvas", { role: "img" });
    return make("figure", { className: "mx-unit" }, [make("div", { className: "mx-unit-box" }, [canvas]), make("figcaption")]);
  }

  function unitsSentence(units, layers) {
    const line = state.product
      ? "a curve (w₁x₁ + w₂x₂ + w₃x₁x₂ + b = 0), since the product input bends it"
      : "a straight line (w₁x₁ + w₂x₂ + b = 0)";
    const output =
      layers === 2
        ? "The output unit adds these maps, each times its outgoing weight (\"out\"), and the sigmoid turns the sum into the probability of class 1."
        : "The second hidden layer combines these maps, and its own kinks bend the boundary further.";
    return `The ${units} units of the first hidden layer. Each is zero (grey) on one side of ${line} and grows (purple) on the other. ${output}`;
  }

  // --- The code ------------------------------------------------------------------------------------

  // The longest common subsequence of two lists of lines: the lines of
  // ``lines`` outside it differ from ``reference``.
  function changedLines(reference, lines) {
    const rows = reference.length + 1;
    const cols = lines.length + 1;
    const table = new Uint16Array(rows * cols);
    for (let i = reference.length - 1; i >= 0; i--) {
      for (let j = lines.length - 1; j >= 0; j--) {
        table[i * cols + j] = reference[i] === lines[j]
          ? table[(i + 1) * cols + j + 1] + 1
          : Math.max(table[(i + 1) * cols + j], table[i * cols + j + 1]);
      }
    }
    const changed = new Set(lines.map((_, j) => j));
    let i = 0;
    let j = 0;
    while (i < reference.length && j < lines.length) {
      if (reference[i] === lines[j]) {
        changed.delete(j);
        i++;
        j++;
      } else if (table[(i + 1) * cols + j] >= table[i * cols + j + 1]) i++;
      else j++;
    }
    return changed;
  }

  function showCode(key, run) {
    shownCodeKey = key;
    const script = D.settings[key].script;
    el.download.href = BASE + script;
    el.download.setAttribute("download", script.split("/").pop());
    el.download.textContent = `Download ${script.split("/").pop()}`;
    if (typeof run.code !== "string") {
      el.code.textContent = "";
      el.codeNote.textContent = "This build did not include the script's text in the page: download it to read it.";
      return;
    }
    const lines = run.code.replace(/\n$/, "").split("\n");
    if (key === D.default) return renderCode(lines, new Set(), "This is the default setting's script (the intro's network). Choose another setting to see which lines change.");
    loadRun(D.default).then(
      (reference) => {
        if (shownCodeKey !== key) return;
        const base = typeof reference.code === "string" ? reference.code.replace(/\n$/, "").split("\n") : [];
        const changed = changedLines(base, lines);
        renderCode(lines, changed, `${changed.size} line${changed.size === 1 ? "" : "s"} differ from the default setting's script: marked with “+” in the margin.`);
      },
      () => renderCode(lines, new Set(), "The default setting's script did not load, so no lines are marked.")
    );
    renderCode(lines, new Set(), "");
  }

  // The "+" of a changed line is drawn by the style sheet, so that copying
  // the code copies the code alone.
  function renderCode(lines, changed, note) {
    const fragment = document.createDocumentFragment();
    lines.forEach((line, index) => {
      const className = changed.has(index) ? "mx-line mx-changed" : "mx-line";
      fragment.append(make("span", { className: className, text: line + "\n" }));
    });
    el.code.replaceChildren(fragment);
    el.codeNote.textContent = note;
  }

  // --- Things to try and the build's checks --------------------------------------------------------

  function buildLists() {
    for (const item of D.tries || []) {
      const s = Object.assign(settingOf(item.key), { epochIndex: nearestEpochIndex(item.epoch) });
      const link = make("a", { href: queryOf(s), text: item.text });
      link.addEventListener("click", (event) => {
        event.preventDefault();
        stopPlaying();
        show(s);
        el.boundary.scrollIntoView({ behavior: "smooth", block: "center" });
      });
      const measured = make("span", { className: "mx-measured", text: ` Measured: ${item.measured}` });
      el.tries.append(make("li", {}, [link, measured]));
    }
    for (const check of D.checks || []) {
      el.checks.append(make("li", {}, [make("span", { text: check.claim }), make("span", { className: "mx-measured", text: ` Measured: ${check.measured}` })]));
    }
    el.version.textContent = `Runs made with Keras ${D.keras_version} on the ${D.backend} backend.`;
  }

  // --- Start --------------------------------------------------------------------------------------------

  function findElements() {
    for (const node of root.querySelectorAll("[data-mx]")) el[node.dataset.mx] = node;
    for (const node of document.querySelectorAll(".mx-part [data-mx]")) el[node.dataset.mx] = node;
  }

  function redrawOnResizeAndTheme() {
    let width = el.boundary.parentElement.clientWidth;
    new ResizeObserver(() => {
      const now = el.boundary.parentElement.clientWidth;
      if (now !== width) {
        width = now;
        show(state);
      }
    }).observe(el.boundary.parentElement);
    new MutationObserver(() => show(state)).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-theme"],
    });
  }

  function start() {
    findElements();
    D = window.MOONS_EXPLORER;
    buildControls();
    buildLists();
    root.classList.add("mx-ready");
    window.moonsExplorer = {
      predict: async (key, epochIndex, points) => {
        const run = await loadRun(key);
        const product = D.settings[key].product;
        const { probabilities } = forward(run.prepared[epochIndex], inputsOf(points, product), points.length);
        return Array.from(probabilities);
      },
      select: (setting) => {
        const next = Object.assign({}, state, setting);
        if (setting.epoch !== undefined) next.epochIndex = nearestEpochIndex(setting.epoch);
        delete next.epoch;
        if (!D.settings[keyOf(next)]) return Promise.reject(new Error(`no run for ${keyOf(next)}`));
        return show(next);
      },
      state: () => Object.assign({ key: keyOf(state), epoch: D.epochs[state.epochIndex], drawMs: lastDrawMs }, state),
      ready: () => pending,
    };
    show(stateFromQuery(location.search));
    redrawOnResizeAndTheme();
  }

  function fail(message) {
    const box = root.querySelector("[data-mx=error]");
    box.textContent = message;
    box.hidden = false;
  }

  if (window.MOONS_EXPLORER) start();
  else loadScript(BASE + "index.js").then(start, () => fail("The explorer's data is missing: build the site with `nox -s docs`."));
})();
