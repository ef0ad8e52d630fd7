// Minga live updates: one WebSocket to /ws/ (protocol in docs/realtime.md).
// Only text is ever inserted into the page (textContent), never HTML from the server.
(function () {
  "use strict";
  var badge = document.getElementById("unread-count");
  var attempt = 0;

  function setCount(count) {
    if (!badge || typeof count !== "number") return;
    badge.textContent = String(count);
    badge.dataset.count = String(count);
    badge.hidden = count === 0;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/");
    socket.addEventListener("open", function () { attempt = 0; });
    socket.addEventListener("message", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.type === "notification.new" || data.type === "notification.count") setCount(data.unread_count);
      document.dispatchEvent(new CustomEvent("minga:live", { detail: data }));
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4401) return; // signed out: do not retry
      // Exponential backoff with jitter, capped at 30 seconds.
      var delay = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
      attempt += 1;
      window.setTimeout(connect, delay);
    });
  }

  if ("WebSocket" in window) connect();
})();
