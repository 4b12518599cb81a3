// govkg explorer: on a report page, the evidence span named in the address (#ev-START-END) is marked as
// the current one and scrolled into view; clicking a fact in the list does the same. No other script.
(function () {
  "use strict";
  function markCurrent(id) {
    var text = document.getElementById("report-text");
    if (!id || !text) return null;
    Array.prototype.forEach.call(document.querySelectorAll("mark.ev.current, #facts li.current"), function (m) {
      m.classList.remove("current");
    });
    var marks = Array.prototype.filter.call(text.querySelectorAll("mark.ev"), function (m) {
      return (" " + m.dataset.ev + " ").indexOf(" " + id + " ") >= 0;
    });
    marks.forEach(function (m) { m.classList.add("current"); });
    var item = document.querySelector('#facts li[data-ev="' + id + '"]');
    if (item) item.classList.add("current");
    // scroll the text box (and the facts list) to the span, not the whole page
    if (marks.length) text.scrollTop = Math.max(0, marks[0].offsetTop - text.clientHeight / 3);
    var list = document.querySelector(".columns.report .facts");
    if (item && list) list.scrollTop = Math.max(0, item.offsetTop - list.clientHeight / 3);
    // the browser's own jump to the anchor scrolled the window: back to the top, where title and box fit
    if (marks.length) window.scrollTo(0, 0);
    window.govkgCurrent = id;
    return marks.length;
  }
  function fromHash() { return markCurrent(decodeURIComponent(location.hash.replace(/^#/, ""))); }
  window.addEventListener("hashchange", function () { setTimeout(fromHash, 0); });
  window.addEventListener("load", function () { setTimeout(fromHash, 0); });  // after the browser's own jump
  document.addEventListener("DOMContentLoaded", function () {
    fromHash();
    window.govkgReportReady = true;
  });
})();
