/* Quick exit for the help pages.
 *
 * Without JavaScript the "Quick exit" link is an ordinary link to a neutral page. With it, the
 * page is hidden at once and replaced by the neutral page with location.replace, so the Back
 * button does not lead here; pressing Esc twice within a second does the same. Written for old
 * phone browsers: no arrow functions, no NodeList.forEach.
 */
(function () {
  "use strict";
  var links = document.querySelectorAll("[data-quick-exit]");
  if (!links.length) {
    return;
  }
  var target = links[0].href;

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.documentElement.style.display = "none";
    document.title = "";
    window.location.replace(target);
  }

  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", leave);
  }

  var hints = document.querySelectorAll("[data-quick-exit-hint]");
  for (var j = 0; j < hints.length; j++) {
    hints[j].hidden = false;
  }

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc" && event.keyCode !== 27) {
      return;
    }
    var now = Date.now();
    if (now - lastEscape < 1000) {
      leave(event);
    }
    lastEscape = now;
  });
})();
