// The incident list's filter form with htmx: show a refused filter's errors (answered with a
// 400, which htmx would otherwise not swap in), and keep each field's aria-invalid in step
// with the error shown next to it. Without JavaScript the form is a plain GET form.
(function () {
  "use strict";

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (detail.xhr && detail.xhr.status === 400 && detail.target && detail.target.id === "results") {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-errors-for]").forEach(function (box) {
      var field = document.getElementById(box.getAttribute("data-errors-for"));
      if (!field) {
        return;
      }
      if (box.textContent.trim()) {
        field.setAttribute("aria-invalid", "true");
      } else {
        field.removeAttribute("aria-invalid");
      }
    });
  });
})();
