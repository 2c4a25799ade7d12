// The study page: follow a running study, and draw its chart once it has finished.
// Plain script, no build step; the chart library (Plotly) is served by this server.
"use strict";

function followProgress() {
  const box = document.getElementById("progress");
  if (!box || !["running", "starting"].includes(box.dataset.status)) return;
  const tick = async () => {
    let state;
    try {
      state = await (await fetch(box.dataset.statusUrl, {cache: "no-store"})).json();
    } catch (error) {
      setTimeout(tick, 2000);
      return;
    }
    document.getElementById("bar").value = state.done;
    document.getElementById("done").textContent = document.getElementById("done").textContent
      .replace(/[\d,]+(\D+)[\d,]+/, `${state.done}$1${state.total}`);
    const left = document.getElementById("left");
    if (left) left.textContent = state.left_text;
    document.getElementById("status").textContent = state.status_text;
    document.getElementById("last-line").textContent = state.last_line;
    if (!["running", "starting"].includes(state.status) || state.step !== Number(box.dataset.step)) {
      window.location.reload();   // finished, stopped, or on to the next step: the page shows what is new
      return;
    }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
}

function drawChart() {
  const holder = document.getElementById("chart");
  if (!holder || typeof Plotly === "undefined") return;
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const words = JSON.parse(document.getElementById("chart-words").textContent);
  const measure = document.getElementById("measure");
  const view = document.getElementById("view");
  const font = {family: "Noto Sans SC, sans-serif", size: 13};

  const draw = () => {
    const values = data.measures[measure.value];
    const diff = view.value === "diff";
    const mean = diff ? values.diff : values.mean;
    const low = diff ? values.diff_low : values.ci_low;
    const high = diff ? values.diff_high : values.ci_high;
    const title = diff ? `${words.diff}: ${words.measures[measure.value]}` : words.measures[measure.value];
    const hover = words.x.map((x, i) =>
      `${words.axis} ${x}${data.x[i] === data.reference ? ` (${words.today})` : ""}<br>` +
      `${diff ? words.diff : words.mean}: ${fmt(mean[i])}<br>${words.interval}: ${fmt(low[i])} – ${fmt(high[i])}`);
    let traces;
    if (data.axis) {   // levels: a line with its band
      traces = [
        {x: data.x, y: high, mode: "lines", line: {width: 0}, hoverinfo: "skip", showlegend: false},
        {x: data.x, y: low, mode: "lines", line: {width: 0}, fill: "tonexty", fillcolor: "rgba(31,95,160,0.2)",
         hoverinfo: "skip", name: words.interval},
        {x: data.x, y: mean, mode: "lines+markers", line: {color: "#1f5fa0", width: 2}, name: title,
         text: hover, hoverinfo: "text"},
      ];
    } else {           // options: bars with whiskers
      traces = [{x: words.x, y: mean, type: "bar", marker: {color: "#1f5fa0"}, text: hover, hoverinfo: "text",
                 textposition: "none", error_y: {type: "data", symmetric: false,
                 array: high.map((h, i) => h - mean[i]), arrayminus: mean.map((m, i) => m - low[i])}}];
    }
    const today = data.axis ? [{type: "line", x0: data.reference, x1: data.reference, yref: "paper", y0: 0, y1: 1,
                                line: {dash: "dot", color: "#888"}}] : [];
    // the levels' line padded inside the plot: a point on the plot's edge sits on the axis, where the
    // mouse over it is over the axis and shows no value
    const numeric = data.axis && data.x.every(Number.isFinite);
    const pad = numeric ? 0.05 * Math.max(1, Math.max(...data.x) - Math.min(...data.x)) : 0;
    const xaxis = numeric ? {title: {text: words.axis}, automargin: true,
                               range: [Math.min(...data.x) - pad, Math.max(...data.x) + pad]}
                            : {title: {text: words.axis}, automargin: true};
    Plotly.react(holder, traces, {
      font, hoverlabel: {font}, margin: {t: 30, r: 20, b: 60, l: 70}, showlegend: false, hovermode: "closest",
      xaxis, yaxis: {title: {text: title}, automargin: true,
      rangemode: diff ? "normal" : "tozero"}, shapes: today,
    }, {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"]});
    drawMarginal();
  };
  // what each extra inspector averts between neighbouring levels, drawn at the middle of the step
  const marginalHolder = document.getElementById("marginal-chart");
  const drawMarginal = () => {
    if (!marginalHolder || !data.marginal) return;
    const m = data.marginal;
    const chosen = m.measures[measure.value] ? measure.value : "expected_deaths";
    const values = m.measures[chosen];
    const title = words.averted[chosen];
    const hover = m.mid.map((_, i) =>
      `${words.step} ${m.from[i]}–${m.to[i]}<br>${title}: ${fmt(values.mean[i])}<br>` +
      `${words.interval}: ${fmt(values.low[i])} – ${fmt(values.high[i])}`);
    Plotly.react(marginalHolder, [
      {x: m.mid, y: values.high, mode: "lines", line: {width: 0}, hoverinfo: "skip", showlegend: false},
      {x: m.mid, y: values.low, mode: "lines", line: {width: 0}, fill: "tonexty", fillcolor: "rgba(30,107,53,0.2)",
       hoverinfo: "skip", name: words.interval},
      {x: m.mid, y: values.mean, mode: "lines+markers", line: {color: "#1e6b35", width: 2}, name: title,
       text: hover, hoverinfo: "text"},
    ], {
      font, hoverlabel: {font}, margin: {t: 30, r: 20, b: 60, l: 70}, showlegend: false, hovermode: "closest",
      xaxis: {title: {text: words.axis}, automargin: true},
      yaxis: {title: {text: title}, automargin: true, zeroline: true},
    }, {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"]});
  };
  const fmt = (v) => v === null ? "–" : Number(v).toLocaleString(words.lang === "en" ? "en" : "zh-CN",
                                                                  {maximumSignificantDigits: 3});
  measure.addEventListener("change", draw);
  view.addEventListener("change", draw);
  draw();
}

// the screening's tornado, as the report draws it: each factor's mu* (largest at the top) with its 95% interval
function drawTornado() {
  const holder = document.getElementById("tornado");
  if (!holder || typeof Plotly === "undefined") return;
  const t = JSON.parse(document.getElementById("tornado-data").textContent);
  const order = (list) => list.slice().reverse();   // Plotly draws the first category at the bottom
  Plotly.react(holder, [{
    type: "bar", orientation: "h", y: order(t.names), x: order(t.mu), marker: {color: "#1f5fa0"},
    error_x: {type: "data", symmetric: false, array: order(t.plus), arrayminus: order(t.minus),
              color: "#222", thickness: 1.2, width: 4},
    text: order(t.hover), hoverinfo: "text", textposition: "none",
  }], {
    font: {family: "Noto Sans SC, sans-serif", size: 13}, hoverlabel: {font: {family: "Noto Sans SC, sans-serif"}},
    margin: {t: 10, r: 20, b: 50, l: 10},
    showlegend: false, hovermode: "closest", bargap: 0.35,
    xaxis: {title: {text: t.axis}, rangemode: "tozero", automargin: true},
    yaxis: {automargin: true},
  }, {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"]});
}

// the county at the level (or option) picked: its indicators against their targets across the levels, its
// numbers table, and a monthly series' mean and middle 90% (templates/county_view.html)
function drawCounty() {
  const holder = document.getElementById("indicator-chart");
  if (!holder || typeof Plotly === "undefined") return;
  const c = JSON.parse(document.getElementById("county-data").textContent);
  const w = c.words;
  const cell = document.getElementById("cell");
  const indicator = document.getElementById("indicator");
  const series = document.getElementById("series");
  const monthsHolder = document.getElementById("months-chart");
  const font = {family: "Noto Sans SC, sans-serif", size: 13};
  const config = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"]};
  const fmt = (v, percent) => v === null ? "–" : Number(v).toLocaleString(c.lang === "en" ? "en" : "zh-CN",
    {maximumSignificantDigits: 3}) + (percent ? "%" : "");
  const x = c.levels ? c.x.map(Number) : c.x;
  const named = (i) => cell.options[i].text;   // as the select names it: "3名执法人员（现状）", "as today"

  const drawIndicator = () => {
    const v = c.indicators[indicator.value];
    const picked = Number(cell.value);
    const hover = c.x.map((_, i) => `${named(i)}<br>` +
      `${w.mean}${w.colon}${fmt(v.mean[i], v.percent)}<br>${w.interval}${w.colon}${fmt(v.low[i], v.percent)} – ` +
      `${fmt(v.high[i], v.percent)}<br>${w.target}${w.colon}${v.target_text}` +
      (v.met[i] === null ? "" : `<br>${w.met}${w.colon}${fmt(v.met[i] * 100, true)}`));
    const traces = [{
      x, y: v.mean, mode: c.levels ? "lines+markers" : "markers", line: {color: "#1f5fa0", width: 2},
      marker: {color: "#1f5fa0", size: c.x.map((_, i) => i === picked ? 14 : 8),
               line: {color: "#fff", width: c.x.map((_, i) => i === picked ? 2 : 0)}},
      error_y: {type: "data", symmetric: false, array: v.high.map((h, i) => h - v.mean[i]),
                arrayminus: v.mean.map((m, i) => m - v.low[i]), color: "#1f5fa0", thickness: 1.2, width: 4},
      text: hover, hoverinfo: "text", name: v.name}];
    if (v.target !== null) {   // the target as a dashed line across the levels, named in the legend
      const across = c.levels ? [Math.min(...x), Math.max(...x)] : x;
      traces.push({x: across, y: across.map(() => v.target), mode: "lines", hoverinfo: "skip",
                   line: {dash: "dash", color: "#D55E00", width: 1.5}, name: `${w.target}${w.colon}${v.target_text}`});
    }
    traces[0].showlegend = false;
    Plotly.react(holder, traces, {
      font, margin: {t: 40, r: 20, b: 60, l: 60}, hovermode: "closest",
      title: {text: v.name, x: 0, xanchor: "left", y: 0.98, font: {size: 14}},
      legend: {orientation: "h", x: 0, y: -0.2, yanchor: "top"}, hoverlabel: {font},
      xaxis: {title: {text: c.levels ? w.axis : ""}, automargin: true, type: c.levels ? "linear" : "category"},
      yaxis: {automargin: true, rangemode: "tozero", ticksuffix: v.percent ? "%" : ""},
    }, config);
  };

  const drawMonths = () => {
    if (!monthsHolder) return;
    const s = c.series[series.value];
    const picked = Number(cell.value);
    const hover = c.months.map((m, k) => `${named(picked)} · ${m}<br>${w.mean}${w.colon}${fmt(s.mean[picked][k])}<br>` +
      `${w.range90}${w.colon}${fmt(s.low[picked][k])} – ${fmt(s.high[picked][k])}`);
    const traces = [
      {x: c.months, y: s.high[picked], mode: "lines", line: {width: 0}, hoverinfo: "skip", showlegend: false},
      {x: c.months, y: s.low[picked], mode: "lines", line: {width: 0}, fill: "tonexty",
       fillcolor: "rgba(31,95,160,0.2)", hoverinfo: "skip", name: w.range90},
      {x: c.months, y: s.mean[picked], mode: "lines+markers", line: {color: "#1f5fa0", width: 2},
       marker: {size: 5}, name: w.mean_at.replace("{level}", named(picked)), text: hover, hoverinfo: "text"},
    ];
    if (picked !== c.reference) {
      traces.push({x: c.months, y: s.mean[c.reference], mode: "lines", line: {color: "#777", width: 1.5, dash: "dash"},
                   name: w.today_mean, hoverinfo: "text",
                   text: c.months.map((m, k) => `${w.today_mean} · ${m}${w.colon}${fmt(s.mean[c.reference][k])}`)});
    }
    Plotly.react(monthsHolder, traces, {
      font, margin: {t: 40, r: 20, b: 60, l: 60}, hovermode: "closest",
      legend: {orientation: "h", x: 0, y: -0.2, yanchor: "top"}, hoverlabel: {font},
      title: {text: s.name, x: 0, xanchor: "left", y: 0.98, font: {size: 14}},
      xaxis: {type: "category", automargin: true, nticks: 12},   // its ticks are months: the legend goes below
      yaxis: {automargin: true, rangemode: "tozero"},
    }, config);
  };

  const showCell = () => {
    document.querySelectorAll(".cell-numbers").forEach((box) => { box.hidden = box.dataset.cell !== cell.value; });
    drawIndicator();
    drawMonths();
  };
  cell.addEventListener("change", showCell);
  indicator.addEventListener("change", drawIndicator);
  series.addEventListener("change", drawMonths);
  showCell();
}

document.addEventListener("DOMContentLoaded", () => {
  followProgress();
  // a chart measures its labels when drawn: draw once the page's font is in, or a Chinese label measured in
  // the fallback font is cut off at the plot's edge when the font swaps in (font-display: swap)
  const fontIn = document.fonts ? document.fonts.load('13px "Noto Sans SC"', "隐患").catch(() => null)
                                : Promise.resolve();
  fontIn.then(() => {
    drawChart();
    drawTornado();
    drawCounty();
  });
});
