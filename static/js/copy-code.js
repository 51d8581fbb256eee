/* "Copy the code" on the page that shows a new follow-up code.
 *
 * The button is hidden in the HTML and shown only here, so without JavaScript nobody sees a
 * button that does nothing; the "Save the code as a file" link works either way.
 */
(function () {
  "use strict";
  var button = document.querySelector("[data-copy-code]");
  if (!button) {
    return;
  }
  var source = document.getElementById(button.getAttribute("data-copy-code"));
  var status = document.getElementById(button.getAttribute("data-copy-status"));
  if (!source) {
    return;
  }

  function report(copied) {
    if (status) {
      status.textContent = button.getAttribute(copied ? "data-copied" : "data-failed");
    }
  }

  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    report(copied);
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    var text = source.textContent.replace(/\s+/g, " ").trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () {
          report(true);
        },
        function () {
          copyWithSelection(text);
        }
      );
    } else {
      copyWithSelection(text);
    }
  });
})();
