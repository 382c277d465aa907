/* List pages: open the "Near me" and "Filter" panels on wide screens, and offer
   "Use my position" where the browser can give one. Everything works without this file. */
(function () {
  "use strict";
  if (window.matchMedia && window.matchMedia("(min-width: 60em)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (panel) {
      panel.open = true;
    });
  }
  if (!("geolocation" in navigator)) {
    return;
  }
  document.querySelectorAll("[data-locate]").forEach(function (button) {
    var form = button.form;
    var status = form.querySelector("[data-locate-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.getAttribute("data-waiting");
      navigator.geolocation.getCurrentPosition(function (position) {
        /* Rounded to about a hundred metres before it leaves the phone. */
        var lat = position.coords.latitude.toFixed(3);
        var lon = position.coords.longitude.toFixed(3);
        form.elements.pres.value = lat + "," + lon;
        form.elements.adresse.value = "";
        form.elements.quartier.value = "";
        if (form.elements.tri) {
          form.elements.tri.value = "distance";
        }
        form.submit();
      }, function () {
        status.textContent = button.getAttribute("data-failed");
      }, {enableHighAccuracy: false, timeout: 10000, maximumAge: 600000});
    });
  });
})();
