// Draws every chart of a measure page from its Vega-Lite spec, embedded by the server as JSON.
// Vega runs with its expression interpreter (`ast: true`), so no code is generated at run time
// and the page's Content Security Policy needs no 'unsafe-eval'.
(function () {
  "use strict";

  function save(view, format, name) {
    view.toImageURL(format, format === "png" ? 2 : 1).then(function (url) {
      var link = document.createElement("a");
      link.href = url;
      link.download = name + "." + format;
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var spec = JSON.parse(document.getElementById(element.dataset.chart).textContent);
    vegaEmbed(element, spec, { actions: false, ast: true, renderer: "svg" })
      .then(function (result) {
        element.dataset.rendered = "true";
        var figure = element.closest("figure");
        if (!figure) return;
        figure.querySelectorAll("[data-chart-download]").forEach(function (button) {
          button.disabled = false;
          button.addEventListener("click", function () {
            save(result.view, button.dataset.chartDownload, element.dataset.name);
          });
        });
      })
      .catch(function (error) {
        element.textContent = "The chart could not be drawn (" + error.message + "); " +
          "the table holds the same figures.";
      });
  });
})();
