// A conversation page, live: messages sent over the socket and kept until acknowledged, new messages,
// edits, deletions and reactions as they happen, typing, presence and read receipts, and catch-up
// from the last message shown after every reconnect. Without JavaScript the page is a plain form.
// Text goes in with textContent; body_html is the server's nh3-sanitised rendering of the Markdown.
(function () {
  "use strict";
  var section = document.getElementById("conversation");
  var live = window.MingaLive;
  if (!section || !live) return;

  var conversationId = Number(section.dataset.conversationId);
  var me = Number(section.dataset.userId);
  var newest = section.dataset.newest === "1";
  var list = document.getElementById("messages");
  var form = document.getElementById("composer");
  var body = document.getElementById("composer-body");
  var files = document.getElementById("composer-files");
  var stateLine = document.getElementById("connection-state");
  var typingLine = document.getElementById("typing");
  var template = document.getElementById("message-template");
  var text = section.dataset;
  var storeKey = "minga:pending:" + conversationId;
  var pending = loadPending();
  var typists = {};
  var lastTyping = 0;
  var lastReadSent = 0;
  var seenUpTo = 0; // every message up to this id is on the page (docs/realtime.md, "Gaps are visible")
  var syncing = false;

  function lastSeen() {
    var items = list.querySelectorAll("li.message[data-id]");
    var last = 0;
    for (var i = 0; i < items.length; i++) last = Math.max(last, Number(items[i].dataset.id) || 0);
    return last;
  }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // Unsent messages survive a reload or a lost connection: they stay in localStorage until acked.
  function loadPending() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "[]") || []; } catch (e) { return []; }
  }
  function savePending() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (e) { /* private mode */ }
  }

  function showState(state) {
    if (!stateLine) return;
    stateLine.dataset.state = state;
    stateLine.textContent = state === "open" ? "" : (state === "closed" ? text.textClosed : (state === "offline" ? text.textOffline : text.textConnecting));
    stateLine.hidden = state === "open";
  }

  // Rendering a message from its payload (messaging/payloads.py) into the server's own template.

  function setReactions(item, message) {
    var buttons = item.querySelectorAll(".message-reactions button[data-reaction]");
    for (var i = 0; i < buttons.length; i++) {
      var count = (message.reactions || {})[buttons[i].dataset.reaction] || 0;
      buttons[i].textContent = buttons[i].dataset.label + (count ? " " + count : "");
    }
  }

  function render(message) {
    var item = template.content.firstElementChild.cloneNode(true);
    item.id = "message-" + message.id;
    item.dataset.id = String(message.id);
    item.dataset.authorId = message.author && message.author.id ? String(message.author.id) : "";
    item.querySelector(".message-author").textContent = message.author ? message.author.name : "";
    var time = item.querySelector(".message-time");
    time.setAttribute("datetime", message.created_at);
    time.textContent = new Date(message.created_at).toLocaleString(document.documentElement.lang || undefined, { dateStyle: "short", timeStyle: "short" });
    fill(item, message);
    return item;
  }

  function urlFor(pattern, id) { return pattern.replace("/0/", "/" + id + "/"); }

  function fill(item, message) {
    item.querySelector(".message-edited").hidden = !message.edited_at || message.deleted;
    var content = item.querySelector(".message-body");
    var reply = item.querySelector(".message-reply");
    var attachments = item.querySelector(".message-attachments");
    if (message.deleted) {
      item.classList.add("message-deleted");
      content.textContent = "";
      var em = document.createElement("em");
      em.textContent = text.textDeleted;
      content.appendChild(em);
      content.classList.add("message-tombstone");
      [reply, attachments, item.querySelector(".message-reactions"), item.querySelector(".message-actions")].forEach(function (el) { if (el) el.hidden = true; });
      return;
    }
    content.innerHTML = message.body_html; // sanitised by the server (nh3), never raw user HTML
    if (message.reply_to) {
      reply.hidden = false;
      var link = reply.querySelector("a");
      link.textContent = message.reply_to.author;
      link.href = "#message-" + message.reply_to.id;
      reply.querySelector(".message-reply-text").textContent = message.reply_to.excerpt || text.textDeleted;
    }
    attachments.textContent = "";
    (message.attachments || []).forEach(function (file) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = file.url;
      a.textContent = file.name;
      if (!file.is_image) a.setAttribute("download", "");
      li.appendChild(a);
      attachments.appendChild(li);
    });
    attachments.hidden = !(message.attachments || []).length;
    item.querySelector(".message-reactions form").action = urlFor(text.reactUrl, message.id);
    setReactions(item, message);
    item.querySelector(".message-reply-link").href = "?reply_to=" + message.id + "#composer";
    var own = item.querySelector(".message-own");
    if (message.author && message.author.id === me) {
      own.hidden = false;
      own.querySelector(".message-edit-link").href = urlFor(text.editUrl, message.id);
      own.querySelector("form").action = urlFor(text.deleteUrl, message.id);
    }
  }

  function placeholderFor(clientId) { return list.querySelector('li[data-client-id="' + clientId + '"]'); }

  function showPending(frame) {
    if (placeholderFor(frame.client_id)) return;
    var item = document.createElement("li");
    item.className = "message message-pending";
    item.dataset.clientId = frame.client_id;
    var p = document.createElement("p");
    p.className = "message-body";
    p.textContent = frame.body;
    var state = document.createElement("p");
    state.className = "message-meta message-send-state";
    state.textContent = text.textSending;
    item.appendChild(state);
    item.appendChild(p);
    list.appendChild(item);
    hideEmpty();
  }

  function hideEmpty() {
    var empty = section.querySelector("p.empty");
    if (empty) empty.hidden = true;
  }

  // In id order: a message that arrives late (from another process, or by a catch-up) takes its place.
  function insert(message) {
    var existing = document.getElementById("message-" + message.id);
    if (existing) { fill(existing, message); return; }
    var item = render(message);
    var placeholder = message.client_id ? placeholderFor(message.client_id) : null;
    if (placeholder) placeholder.remove();
    var after = null;
    var items = list.querySelectorAll("li.message[data-id], li.message-pending");
    for (var i = 0; i < items.length && !after; i++) {
      if (!items[i].dataset.id || Number(items[i].dataset.id) > message.id) after = items[i];
    }
    list.insertBefore(item, after);
    hideEmpty();
    if (message.author && typists[message.author.id]) { delete typists[message.author.id]; showTyping(); }
  }

  function forget(clientId) {
    pending = pending.filter(function (f) { return f.client_id !== clientId; });
    savePending();
  }

  function catchUp() {
    if (!newest || syncing) return;
    var since = {};
    since[String(conversationId)] = seenUpTo;
    syncing = live.send({ type: "sync", conversations: since });
  }

  function sendPending() {
    pending.forEach(function (frame) { live.send(frame); });
  }

  // Read receipts: mine go out when a message from someone else is shown on a visible page.

  function markRead() {
    if (!newest || document.visibilityState === "hidden") return;
    var last = lastSeen();
    if (last > lastReadSent && live.send({ type: "read", conversation: conversationId, message: last })) lastReadSent = last;
  }

  function moveReceipt(userId, messageId) {
    if (text.readReceipts !== "1" || userId === me) return;
    var old = list.querySelector('.receipt[data-read-by="' + userId + '"]');
    var person = section.querySelector('[data-person="' + userId + '"]');
    var name = old ? old.dataset.readName : (person ? person.dataset.name : "");
    var items = list.querySelectorAll("li.message[data-id]");
    var target = null;
    for (var i = 0; i < items.length; i++) if (Number(items[i].dataset.id) <= messageId) target = items[i];
    if (!target || !name) return;
    if (old) {
      var holder = old.parentNode;
      old.remove();
      if (!holder.querySelector(".receipt")) holder.remove();
    }
    var line = target.querySelector(".message-receipts");
    if (!line) {
      line = document.createElement("p");
      line.className = "message-receipts";
      line.textContent = text.textSeenBy + " ";
      target.appendChild(line);
    }
    var span = document.createElement("span");
    span.className = "receipt";
    span.dataset.readBy = String(userId);
    span.dataset.readName = name;
    span.textContent = name;
    if (line.querySelector(".receipt")) line.appendChild(document.createTextNode(", "));
    line.appendChild(span);
  }

  function showTyping() {
    var now = Date.now();
    var names = Object.keys(typists).filter(function (id) { return typists[id].until > now; }).map(function (id) { return typists[id].name; });
    typingLine.textContent = names.length ? text.textTyping.replace("%(names)s", names.join(", ")) : "";
  }

  document.addEventListener("minga:live", function (event) {
    var data = event.detail;
    if (data.type === "message.new" && data.message.conversation === conversationId) {
      if (newest) insert(data.message);
      if (!data.replay) {
        // A live message that does not follow on from what is shown means one was missed: catch up.
        if ((data.previous || 0) <= seenUpTo) seenUpTo = Math.max(seenUpTo, data.message.id);
        else catchUp();
      }
      if (data.message.client_id) forget(data.message.client_id);
      markRead();
    } else if ((data.type === "message.edited" || data.type === "message.deleted" || data.type === "message.reacted") && data.message.conversation === conversationId) {
      var item = document.getElementById("message-" + data.message.id);
      if (item) fill(item, data.message);
    } else if (data.type === "sync.done") {
      var done = (data.conversations || {})[String(conversationId)];
      if (!done) return;
      syncing = false;
      if (typeof done.last === "number") seenUpTo = Math.max(seenUpTo, done.last);
      if (done.more) catchUp();
    } else if (data.type === "message.ack" && data.conversation === conversationId) {
      forget(data.client_id);
    } else if (data.type === "error" && data.client_id && placeholderFor(data.client_id)) {
      if (data.code === "rate_limited") {
        window.setTimeout(sendPending, 1000 * (data.retry_after || 5));
        return;
      }
      // Refused for good: the text stays on screen, and back in the box if the box is empty.
      var failed = placeholderFor(data.client_id);
      failed.classList.add("message-failed");
      failed.querySelector(".message-send-state").textContent = text.textFailed + " " + data.message;
      var frame = pending.filter(function (f) { return f.client_id === data.client_id; })[0];
      if (frame && body && !body.value) body.value = frame.body;
      forget(data.client_id);
    } else if (data.type === "typing" && data.conversation === conversationId && data.user !== me) {
      typists[data.user] = { name: data.name, until: Date.now() + 1000 * (data.expires_in || 6) };
      showTyping();
      window.setTimeout(showTyping, 1000 * (data.expires_in || 6) + 50);
    } else if (data.type === "read" && data.conversation === conversationId) {
      moveReceipt(data.user, data.message);
    } else if (data.type === "presence") {
      var marks = section.querySelectorAll('[data-presence-user="' + data.user + '"]');
      for (var i = 0; i < marks.length; i++) {
        marks[i].dataset.presence = data.status;
        marks[i].textContent = text["presence" + data.status.charAt(0).toUpperCase() + data.status.slice(1)] || data.status;
      }
    } else if ((data.type === "conversation.removed" || data.type === "conversation.blocked") && data.conversation === conversationId) {
      window.location.reload(); // the server decides what this page shows now
    }
  });

  document.addEventListener("minga:live-state", function (event) {
    showState(event.detail);
    if (event.detail !== "open") return;
    // After every (re)connect: catch up from the last message shown, then resend what was not acked.
    syncing = false;
    catchUp();
    sendPending();
    markRead();
  });
  document.addEventListener("visibilitychange", markRead);

  if (form && body) {
    form.addEventListener("submit", function (event) {
      // Files travel with the plain form; so does everything on an older page of the history.
      // Signed out or no WebSocket at all: the plain form posts it.
      if (!newest || live.state === "closed" || (files && files.files && files.files.length)) return;
      var value = body.value.trim();
      if (!value) return;
      event.preventDefault();
      var replyTo = form.querySelector("input[name=reply_to]");
      var idField = form.querySelector("input[name=client_id]");
      var frame = { type: "message.send", conversation: conversationId, client_id: idField.value, body: value };
      if (replyTo && replyTo.value) frame.reply_to = Number(replyTo.value);
      pending.push(frame);
      savePending();
      showPending(frame);
      live.send(frame);
      body.value = "";
      idField.value = uuid4();
      if (replyTo && replyTo.value) {
        replyTo.value = "";
        var replying = form.querySelector(".replying");
        if (replying) replying.remove();
      }
    });
    body.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTyping < 2500) return;
      if (live.send({ type: "typing", conversation: conversationId })) lastTyping = now;
    });
  }

  seenUpTo = lastSeen();
  pending.forEach(showPending);
  showState(live.state);
})();
