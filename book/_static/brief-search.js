/* The search box without a form submission: the Content Security Policy (brief/csp.py) says
   form-action 'none', so this sends the reader to search.html?q=... by plain navigation. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("form.bd-search")) return;
    event.preventDefault();
    const target = new URL(form.getAttribute("action") || "", window.location.href);
    target.search = new URLSearchParams(new FormData(form)).toString();
    target.hash = "";
    window.location.assign(target.href);
  });
})();
