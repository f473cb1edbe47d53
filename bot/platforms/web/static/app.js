// Follow-Up Bot web chat. One WebSocket to /ws?user=ID (ID: random, kept in localStorage),
// reconnecting with backoff. Messages carry an id and stay "pending" until the server
// acknowledges them; pending ones are sent again after a reconnect and the server answers each
// id once. Bot messages carry their outbox id: the page acknowledges each ({"ack": id}) once it
// is on screen, and shows an id delivered twice once.
// All text reaches the page through textContent, never as HTML.
'use strict';

(() => {
  const USER_KEY = 'followup.user';
  const HISTORY_KEY = 'followup.history';
  const PENDING_KEY = 'followup.pending';
  const MAX_HISTORY = 200;
  const MAX_FRAME_BYTES = 4000; // the server closes the socket on frames over 4 KiB
  const TYPING_MS = 10000;

  const byId = (id) => document.getElementById(id);
  const log = byId('log');
  const input = byId('input');
  const form = byId('composer');
  const statusBox = byId('status');
  const statusText = byId('status-text');

  // localStorage may be missing or full (private modes): the chat still works, it just forgets.
  const storage = (() => {
    try {
      const probe = 'followup.probe';
      localStorage.setItem(probe, probe);
      localStorage.removeItem(probe);
      return localStorage;
    } catch {
      return null;
    }
  })();
  const memory = new Map();
  function load(key, fallback) {
    try {
      const raw = storage ? storage.getItem(key) : memory.get(key);
      return raw == null ? fallback : JSON.parse(raw);
    } catch {
      return fallback;
    }
  }
  function save(key, value) {
    const raw = JSON.stringify(value);
    try {
      if (storage) storage.setItem(key, raw);
      else memory.set(key, raw);
    } catch {
      /* full: keep going without it */
    }
  }

  function randomId(bytes) {
    const a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return btoa(String.fromCharCode(...a)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  const userId = (() => {
    let id = load(USER_KEY, null);
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) {
      id = randomId(16);
      save(USER_KEY, id);
    }
    return id;
  })();

  // ---- the conversation on screen ------------------------------------------------------------

  const seen = new Set(); // bot message ids shown
  const mine = new Map(); // my message id -> its element
  let typing = null;
  let typingTimer = null;

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 120;
  }

  function place(node, force) {
    const stick = force || nearBottom();
    if (typing && node !== typing) log.insertBefore(node, typing);
    else log.append(node);
    if (stick) log.scrollTop = log.scrollHeight;
  }

  // A draft to send on gets a button that copies exactly its text.
  function copyButton(text) {
    const button = element('button', 'copy', 'Copy');
    button.type = 'button';
    button.addEventListener('click', async () => {
      let done = false;
      try {
        await navigator.clipboard.writeText(text);
        done = true;
      } catch (e) {
        // No clipboard API (plain http, older browsers): select a hidden copy and copy that.
        const area = document.createElement('textarea');
        area.value = text;
        area.setAttribute('readonly', '');
        area.style.position = 'fixed';
        area.style.opacity = '0';
        document.body.append(area);
        area.select();
        try {
          done = document.execCommand('copy');
        } catch (e2) {
          done = false;
        }
        area.remove();
      }
      button.textContent = done ? 'Copied' : 'Select the text to copy';
      setTimeout(() => { button.textContent = 'Copy'; }, 2000);
    });
    return button;
  }

  function show(entry, force) {
    const row = element('div', entry.who === 'me' ? 'msg me' : `msg bot ${entry.kind}`);
    if (entry.kind === 'nudge') row.append(element('span', 'label', 'Reminder'));
    row.append(element('div', 'bubble', entry.text));
    if (entry.copy) row.append(copyButton(entry.text));
    const meta = element('span', 'meta', clock(entry.at));
    row.append(meta);
    if (entry.who === 'me') {
      mine.set(entry.id, row);
      if (entry.state) mark(row, entry.state);
    } else {
      seen.add(entry.id);
    }
    place(row, force);
    return row;
  }

  function mark(row, state) {
    row.classList.remove('pending', 'failed');
    const meta = row.querySelector('.meta');
    if (state === 'pending') {
      row.classList.add('pending');
      meta.dataset.time = meta.dataset.time || meta.textContent;
      meta.textContent = 'Sending…';
    } else if (state === 'failed') {
      row.classList.add('failed');
      meta.textContent = 'Not sent';
    } else if (meta.dataset.time) {
      meta.textContent = meta.dataset.time;
    }
  }

  function note(text) {
    place(element('div', 'note', text), true);
  }

  function showTyping() {
    hideTyping();
    typing = element('div', 'msg bot typing');
    const bubble = element('div', 'bubble');
    bubble.append(element('i'), element('i'), element('i'));
    typing.append(bubble);
    place(typing, false);
    typingTimer = setTimeout(hideTyping, TYPING_MS);
  }

  function hideTyping() {
    clearTimeout(typingTimer);
    if (typing) typing.remove();
    typing = null;
  }

  // History is shared by the tabs of this browser: merge before writing.
  function remember(entry) {
    const history = load(HISTORY_KEY, []);
    if (!history.some((h) => h.who === entry.who && h.id === entry.id)) history.push(entry);
    save(HISTORY_KEY, history.slice(-MAX_HISTORY));
  }

  function restate(id, state) {
    const history = load(HISTORY_KEY, []);
    for (const h of history) if (h.who === 'me' && h.id === id) h.state = state;
    save(HISTORY_KEY, history);
  }

  for (const entry of load(HISTORY_KEY, [])) {
    if (entry && typeof entry.text === 'string') show(entry, true);
  }

  // ---- the socket -----------------------------------------------------------------------------

  let socket = null;
  let attempt = 0;
  let retryTimer = null;
  let retryAt = 0;
  let countdown = null;

  function setStatus(state, text) {
    statusBox.dataset.state = state;
    statusText.textContent = text;
  }

  function connect() {
    clearTimeout(retryTimer);
    clearInterval(countdown);
    retryTimer = null;
    setStatus('connecting', 'Connecting…');
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${location.host}/ws?user=${encodeURIComponent(userId)}`);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setStatus('online', 'Online');
      for (const m of load(PENDING_KEY, [])) ws.send(JSON.stringify(m));
    };
    ws.onmessage = (event) => receive(event.data);
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      hideTyping();
      scheduleReconnect();
    };
  }

  // 0.5–1 s, then doubling up to 30 s, with jitter so that a restarted server is not hit by
  // every page at the same instant.
  function scheduleReconnect() {
    const base = Math.min(30000, 1000 * 2 ** attempt);
    attempt += 1;
    const delay = Math.round(base * (0.5 + Math.random() * 0.5));
    retryAt = Date.now() + delay;
    retryTimer = setTimeout(connect, delay);
    const tick = () => {
      const s = Math.ceil((retryAt - Date.now()) / 1000);
      setStatus('reconnecting', s > 1 ? `Reconnecting in ${s} s…` : 'Reconnecting…');
    };
    tick();
    clearInterval(countdown);
    countdown = setInterval(tick, 1000);
  }

  function reconnectNow() {
    if (!socket && retryTimer) connect();
  }

  window.addEventListener('online', reconnectNow);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) reconnectNow();
  });

  function receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (!frame || typeof frame !== 'object') return;
    if (frame.kind === 'reply' || frame.kind === 'nudge') {
      if (typeof frame.text !== 'string') return;
      if (!seen.has(frame.id)) {
        hideTyping();
        const entry = { who: 'bot', kind: frame.kind, text: frame.text, at: Date.now(), id: frame.id };
        if (frame.copy === true) entry.copy = true;
        show(entry, false);
        remember(entry);
      }
      // The receipt tells the server it arrived; without it the message comes again next time.
      if (Number.isInteger(frame.id) && socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ ack: frame.id }));
      }
    } else if (frame.kind === 'ack') {
      acknowledge(frame.id);
    } else if (frame.kind === 'error') {
      if (frame.retry) return; // still pending: it goes again with the next connection
      const row = mine.get(frame.id);
      if (row) {
        mark(row, 'failed');
        forget(frame.id, 'failed');
      } else {
        note('That message could not be sent.');
      }
    }
  }

  function forget(id, state) {
    save(PENDING_KEY, load(PENDING_KEY, []).filter((m) => m.id !== id));
    restate(id, state);
  }

  function acknowledge(id) {
    const row = mine.get(id);
    if (!row || !row.classList.contains('pending')) return;
    mark(row, 'sent');
    forget(id, undefined);
    showTyping();
  }

  function send(text) {
    text = text.trim();
    if (!text) return false;
    const message = { id: randomId(9), text };
    const frame = JSON.stringify(message);
    if (new TextEncoder().encode(frame).length > MAX_FRAME_BYTES) {
      note('That message is too long; please shorten it.');
      return false;
    }
    const pending = load(PENDING_KEY, []);
    pending.push(message);
    save(PENDING_KEY, pending);
    const entry = { who: 'me', text, at: Date.now(), id: message.id, state: 'pending' };
    show(entry, true);
    remember(entry);
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame);
    return true;
  }

  // ---- the composer ---------------------------------------------------------------------------

  function grow() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (send(input.value)) {
      input.value = '';
      grow();
    }
    input.focus();
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener('input', grow);

  for (const chip of document.querySelectorAll('.chip')) {
    chip.addEventListener('click', () => {
      send(chip.textContent);
      input.focus();
    });
  }

  connect();
  input.focus();
})();
