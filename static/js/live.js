// Minga live updates: one WebSocket to /ws/ per page (the protocol is docs/realtime.md).
// Only text is inserted into the page (textContent); the one exception is a message's body_html,
// which the server rendered from Markdown and sanitised with nh3 (see conversation.js).
//
// Other scripts use window.MingaLive:
//   MingaLive.send(frame)  -> true when the frame went out on an open socket, false otherwise
//   MingaLive.state        -> "connecting", "open", "offline" or "closed" (signed out: no retry)
// and listen on document for "minga:live" (detail: one server event) and "minga:live-state"
// (detail: the new state; "open" is also sent after every reconnect, the moment to catch up).
(function () {
  "use strict";
  var PING_EVERY_MS = 25000;
  var NO_RETRY = { 4401: true, 4403: true };
  var badge = document.getElementById("unread-count");
  var socket = null;
  var attempt = 0;
  var pinger = null;
  var live = { state: "connecting", send: send };
  window.MingaLive = live;

  function setState(state) {
    if (live.state === state) return;
    live.state = state;
    document.documentElement.dataset.live = state;
    document.dispatchEvent(new CustomEvent("minga:live-state", { detail: state }));
  }

  function send(frame) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  function setCount(count) {
    if (!badge || typeof count !== "number") return;
    badge.textContent = String(count);
    badge.dataset.count = String(count);
    badge.hidden = count === 0;
  }

  function presenceNow() {
    return document.visibilityState === "hidden" ? "away" : "online";
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    setState("connecting");
    socket = new WebSocket(scheme + window.location.host + "/ws/");
    socket.addEventListener("open", function () {
      attempt = 0;
      if (presenceNow() === "away") send({ type: "presence", status: "away" });
      pinger = window.setInterval(function () { send({ type: "ping" }); }, PING_EVERY_MS);
      setState("open");
    });
    socket.addEventListener("message", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (!data || typeof data.type !== "string") return;
      if (data.type === "notification.new" || data.type === "notification.count") setCount(data.unread_count);
      document.dispatchEvent(new CustomEvent("minga:live", { detail: data }));
    });
    socket.addEventListener("close", function (event) {
      window.clearInterval(pinger);
      socket = null;
      if (NO_RETRY[event.code]) { setState("closed"); return; }
      setState("offline");
      // Exponential backoff with jitter, capped at 30 seconds, so a restarted server is not stormed.
      var delay = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
      attempt += 1;
      window.setTimeout(connect, delay);
    });
  }

  document.addEventListener("visibilitychange", function () {
    send({ type: "presence", status: presenceNow() });
  });
  // The browser knows before the socket does: reconnect at once when the network comes back.
  window.addEventListener("online", function () {
    if (!socket) { attempt = 0; connect(); }
  });

  // A forum topic page: hear about new and hidden posts in it while it is open.
  var topic = document.querySelector("[data-live-topic]");
  if (topic) {
    document.addEventListener("minga:live-state", function (event) {
      if (event.detail === "open") send({ type: "topic.open", topic: Number(topic.dataset.liveTopic) });
    });
    document.addEventListener("minga:live", function (event) {
      var data = event.detail;
      if (data.type !== "forum.post_created" || data.topic !== Number(topic.dataset.liveTopic)) return;
      var notice = document.getElementById("topic-live-notice");
      if (!notice || document.getElementById("post-" + data.post)) return;
      var link = notice.querySelector("a");
      if (link && typeof data.url === "string" && data.url.charAt(0) === "/" && data.url.charAt(1) !== "/") link.href = data.url;
      notice.hidden = false;
    });
  }

  if ("WebSocket" in window) connect();
})();
