// Progressive enhancement: show a print button when scripts run; the page prints fine without it.
document.querySelectorAll(".print-button").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
