/**
 * The script the report runs in the browser (inlined, allowed by its
 * SHA-256 in the page's Content-Security-Policy). It reads the embedded
 * JSON and draws each chart with uPlot, marks incidents and scaling
 * actions as vertical lines, and sets `data-points` on each chart so the
 * browser test can tell it rendered data. Plain ES2017, no modules.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
  var markColour = { start: '#d62728', detected: '#ff7f0e', restored: '#2ca02c', scaling: '#1f77b4' };

  function marksPlugin(marks) {
    return {
      hooks: {
        draw: function (u) {
          var ctx = u.ctx;
          ctx.save();
          marks.forEach(function (m) {
            var x = u.valToPos(m.t, 'x', true);
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
            ctx.strokeStyle = markColour[m.kind] || '#333';
            ctx.setLineDash(m.kind === 'scaling' ? [4, 3] : []);
            ctx.lineWidth = 1.5;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
          });
          ctx.restore();
        },
      },
    };
  }

  // With a calendar, the x axis reads as time of day (hh:mm); otherwise as simulated seconds.
  function xAxis(series) {
    // With run.startsAt, dates: the local date and time of the window under the tick ("06-12 22:00").
    if (series.startIso) {
      return {
        label: 'date (local time)',
        values: function (u, ticks) {
          return ticks.map(function (t) {
            var k = Math.max(0, Math.min(series.startIso.length - 1, Math.floor((t - series.startSeconds[0]) / series.windowSeconds)));
            return series.startIso[k].slice(5, 16).replace('T', ' ');
          });
        },
      };
    }
    var sod = series.secondOfDay[0];
    if (sod === null || sod === undefined) return { label: 'simulated time [s]' };
    var t0 = series.startSeconds[0];
    return {
      label: 'time of day',
      values: function (u, ticks) {
        return ticks.map(function (t) {
          var s = (((sod + t - t0) % 86400) + 86400) % 86400;
          var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
          return (h < 10 ? '0' : '') + h + ':' + (m < 10 ? '0' : '') + m;
        });
      },
    };
  }

  function draw(el, run, chart) {
    var series = run.series;
    var xs = series.startSeconds.map(function (t) { return t + series.windowSeconds / 2; });
    var lines = chart.lines.filter(function (l) { return series.values[l.path]; });
    var points = 0;
    var columns = lines.map(function (l) {
      return series.values[l.path].map(function (v) {
        if (v === null || v === undefined) return null;
        points++;
        return v * (l.scale || 1);
      });
    });
    el.setAttribute('data-points', String(points));
    var width = Math.max(320, Math.min(1100, el.clientWidth || 900));
    var opts = {
      title: chart.title,
      width: width,
      height: 220,
      scales: { x: { time: false } },
      axes: [xAxis(series), { label: chart.unit, size: 60 }],
      series: [{ label: 't [s]' }].concat(lines.map(function (l, i) {
        return { label: l.label, stroke: palette[i % palette.length], width: 1.5, spanGaps: false };
      })),
      plugins: [marksPlugin(run.marks)],
    };
    new uPlot(opts, [xs].concat(columns), el);
  }

  data.runs.forEach(function (run, ri) {
    if (!run.series) return;
    run.charts.forEach(function (chart, ci) {
      var el = document.getElementById('chart-' + ri + '-' + ci);
      if (el) draw(el, run, chart);
    });
  });
  document.body.setAttribute('data-rendered', 'true');
})();
`;
