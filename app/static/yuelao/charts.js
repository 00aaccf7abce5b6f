/* 月老 Yuelao: draws every canvas.yl-chart-canvas from its data-spec (app/templates/yuelao/_chart.html). */
(function () {
  var palette = ['#c0392b', '#2980b9', '#27ae60', '#8e44ad', '#d35400', '#16a085', '#7f8c8d', '#f39c12'];
  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute('data-spec'));
    var round = spec.type === 'pie' || spec.type === 'doughnut';
    (spec.datasets || []).forEach(function (ds, i) {
      if (!ds.backgroundColor) {
        ds.backgroundColor = round ? spec.labels.map(function (_, j) { return palette[j % palette.length]; })
                                   : palette[i % palette.length];
      }
      if (spec.type === 'line' && !ds.borderColor) { ds.borderColor = palette[i % palette.length]; ds.fill = false; }
    });
    var scales = round ? {} : {
      x: {stacked: !!spec.stacked, beginAtZero: true},
      y: {stacked: !!spec.stacked, beginAtZero: true}
    };
    var chart = new Chart(canvas, {
      type: spec.type || 'bar',
      data: {labels: spec.labels, datasets: spec.datasets},
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: spec.horizontal ? 'y' : 'x', scales: scales,
        plugins: {legend: {display: round || (spec.datasets || []).length > 1}},
        onHover: function (evt, els) {
          canvas.style.cursor = (els.length && spec.links && spec.links[els[0].index]) ? 'pointer' : 'default';
        },
        onClick: function (evt, els) {
          if (els.length && spec.links && spec.links[els[0].index]) { window.location = spec.links[els[0].index]; }
        }
      }
    });
    canvas.ylChart = chart;
  }
  function drawAll() {
    if (typeof Chart === 'undefined') { return; }
    document.querySelectorAll('canvas.yl-chart-canvas').forEach(draw);
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', drawAll); } else { drawAll(); }
})();
