// hunt serve: what JavaScript adds to pages that read fine without it —
// charts that show values on hover, and tables that sort when a header is clicked.
(function () {
  'use strict';

  function hydrateCharts() {
    if (!window.echarts) return;
    document.querySelectorAll('[data-chart]').forEach(function (box) {
      var source = document.getElementById(box.getAttribute('data-chart'));
      if (!source) return;
      var option = JSON.parse(source.textContent);
      option.animation = false;
      option.tooltip = option.tooltip || {};
      var heatmap = (option.series || []).some(function (s) { return s.type === 'heatmap'; });
      if (heatmap) {
        // a cell's value is [head, layer, value]
        option.tooltip.formatter = function (p) { return 'layer ' + p.value[1] + ', head ' + p.value[0] + ': <b>' + p.value[2] + '</b>'; };
      }
      box.innerHTML = '';
      var chart = window.echarts.init(box, null, { renderer: 'svg' });
      chart.setOption(option);
      box.setAttribute('data-ready', '1');
    });
  }

  function cellValue(cell) {
    var raw = cell.getAttribute('data-sort') || cell.textContent.trim();
    var number = Number(raw.replace(/%$/, ''));
    return raw !== '' && raw !== '—' && !isNaN(number) ? number : raw.toLowerCase();
  }

  function makeSortable(table) {
    table.classList.add('js');
    var headers = table.querySelectorAll('thead th');
    headers.forEach(function (th, column) {
      th.addEventListener('click', function () {
        var body = table.tBodies[0];
        var descending = th.getAttribute('data-dir') !== 'desc';
        headers.forEach(function (h) { h.removeAttribute('data-dir'); });
        th.setAttribute('data-dir', descending ? 'desc' : 'asc');
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a.cells[column]), y = cellValue(b.cells[column]);
          var order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  // a hover card near the right edge opens to the left instead of off the page
  function keepCardsInView() {
    document.querySelectorAll('.tok.surprise').forEach(function (tok) {
      tok.addEventListener('mouseenter', function () {
        var card = tok.querySelector('.card');
        if (!card) return;
        card.classList.remove('flip');
        if (card.getBoundingClientRect().right > document.documentElement.clientWidth) card.classList.add('flip');
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    hydrateCharts();
    keepCardsInView();
    document.querySelectorAll('table.sortable').forEach(makeSortable);
  });
})();
