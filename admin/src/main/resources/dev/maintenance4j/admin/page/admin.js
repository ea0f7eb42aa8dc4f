'use strict';
// The maintenance admin page: everything goes through the admin API with the token kept in session
// storage, so the page adds no power of its own. Live updates come from the server-sent event stream
// (read with fetch, which can send the token), with polling as the fallback.
(() => {
  const base = location.pathname.replace(/\/[^/]*$/, '');   // /maintenance
  const api = base + '/api/';
  const $ = id => document.getElementById(id);
  let token = sessionStorage.getItem('maintenance4j.token');
  let status = null;
  let pollTimer = null;
  let bufferTimer = null;
  let streamAbort = null;

  async function call(method, path, body) {
    const response = await fetch(api + path, {
      method,
      headers: Object.assign(token ? {'Authorization': 'Bearer ' + token} : {}, {'Accept': 'application/json'},
        body ? {'Content-Type': 'application/json'} : {}),
      body: body ? JSON.stringify(body) : undefined,
      cache: 'no-store'
    });
    const json = await response.json().catch(() => ({}));
    if (response.status === 401) {
      // the service says what to do: which token it takes, or that it has none configured yet
      signOut((token ? 'The token was refused. ' : '') + (json.message ? json.message.charAt(0).toUpperCase() + json.message.slice(1) + '.' : ''));
      throw new Error('unauthorized');
    }
    if (!response.ok) { throw new Error(json.message || ('HTTP ' + response.status)); }
    return json;
  }

  function text(id, value) { $(id).textContent = value == null || value === '' ? '–' : String(value); }
  function when(iso) { return iso ? new Date(iso).toLocaleString() : '–'; }
  function countdown(iso) {
    if (!iso) { return ''; }
    const s = Math.max(0, Math.round((new Date(iso) - Date.now()) / 1000));
    const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), r = s % 60;
    return ' (in ' + (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + r + 's)';
  }

  function renderStatus(s) {
    status = s;
    const mode = s.active ? s.mode : (s.scheduled ? 'scheduled' : 'off');
    $('state').dataset.mode = mode;
    text('headline', s.active ? 'ON — ' + s.mode : s.scheduled ? 'Scheduled — ' + s.mode + ' from ' + when(s.startsAt) : 'Off');
    text('reason', s.reason);
    text('since', when(s.since));
    $('until').textContent = s.until ? when(s.until) + countdown(s.until) : '–';
    text('retry', s.retryAfterSeconds != null ? s.retryAfterSeconds + ' s' : null);
    text('allowed', (s.allowed || []).join(', ') || 'none');
    text('version', s.version);
    renderStore(s.store);
    renderInstances(s.instances || [], s.version);
    renderBlocked(s.blockedOperations || []);
    renderBuffer(s.buffer);
  }

  // whether this instance reaches the shared store: while it does not, it serves the state it last read
  function renderStore(store) {
    if (!store) { text('store', null); return; }
    $('store').textContent = store.reachable
      ? store.description + ' — reachable'
      : store.description + ' — unreachable (' + (store.lastFailure || 'no answer') + '): this instance serves the '
        + 'state it last read, and a change made here holds here until the store answers';
    $('store').classList.toggle('error', !store.reachable);
  }

  // buffered writes and replay progress
  function renderBuffer(b) {
    const bar = $('buffer-progress');
    if (!b) {
      $('buffer').textContent = 'Write buffer: none configured.';
      bar.hidden = true;
      return;
    }
    const plural = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');
    const parts = [plural(b.pending, 'buffered write') + ' pending'];
    if (b.pending > 0) parts.push('oldest waiting ' + b.oldestPendingAgeSeconds + ' s');
    parts.push(b.draining ? 'replaying at ' + b.drainRatePerSecond + '/s' : 'replay idle');
    parts.push(Math.round(b.drainProgress * 100) + '% replayed');
    parts.push(plural(b.deadLetters, 'dead letter'));
    $('buffer').textContent = 'Write buffer: ' + parts.join(', ') + '. Routes: ' + (b.routes || []).join(', ') + '.';
    bar.hidden = false;
    bar.value = b.drainProgress;
    if (!bufferTimer) {
      // appends raise no status event: re-read every 5 s, every 2 s while a backlog is replayed
      bufferTimer = setTimeout(() => { bufferTimer = null; refresh().catch(() => {}); }, b.pending > 0 || b.draining ? 2000 : 5000);
    }
  }

  function renderInstances(instances, version) {
    const live = instances.filter(i => i.live);
    const body = $('instances');
    body.replaceChildren();
    for (const i of live) {
      const row = body.insertRow();
      [i.id + ' (' + i.host + ')', i.appliedVersion, i.inFlightBlocked, i.bufferedWrites, when(i.lastSeen)]
        .forEach(v => { row.insertCell().textContent = v; });
    }
    const all = live.length > 0 && live.every(i => i.appliedVersion >= version);
    $('instances-summary').textContent = live.length === 0 ? 'No instance reports to this store.'
      : live.length + ' live — ' + (all ? '✓ all on version ' + version : 'not all on version ' + version + ' yet');
  }

  function sparkline(values) {
    const max = Math.max(1, ...values);
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 120 24');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'blocked per minute, last hour: ' + values.reduce((a, b) => a + b, 0) + ' in total');
    values.forEach((v, i) => {
      if (!v) { return; }
      const h = Math.max(1, Math.round(v / max * 24));
      const rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', String(i * 2));
      rect.setAttribute('y', String(24 - h));
      rect.setAttribute('width', '1.6');
      rect.setAttribute('height', String(h));
      svg.append(rect);
    });
    return svg;
  }

  function renderBlocked(ops) {
    const body = $('blocked');
    body.replaceChildren();
    for (const op of ops) {
      const row = body.insertRow();
      row.insertCell().textContent = op.operationClass;
      row.insertCell().textContent = op.blocked ? 'yes' : 'no';
      row.insertCell().textContent = op.attempts;
      row.insertCell().textContent = op.lastMinute;
      row.insertCell().append(sparkline(op.perMinute || []));
    }
  }

  function renderHistory(records) {
    const body = $('history');
    body.replaceChildren();
    for (const r of records) {
      const row = body.insertRow();
      [r.version, when(r.at), r.action, r.actor, r.origin].forEach(v => { row.insertCell().textContent = v; });
    }
  }

  async function refresh() {
    renderStatus(await call('GET', 'status'));
    renderHistory(await call('GET', 'history?limit=20'));
  }

  function say(message, isError) {
    $('message').textContent = message;
    $('message').className = isError ? 'error' : '';
  }

  function localToIso(value) { return value ? new Date(value).toISOString() : undefined; }

  async function change(path, body, done) {
    try {
      const result = await call('POST', path, body);
      // while the store is down the change holds on this instance only: say so plainly
      say(result.pending ? done + ' ' + result.message.charAt(0).toUpperCase() + result.message.slice(1) + '.'
        : done + (result.changed === false ? ' (nothing to change)' : ''), result.pending === true);
      if (result.secret) {
        $('secret').hidden = false;
        $('secret').textContent = 'Bypass secret (shown once, store it now): ' + result.secret;
      }
      await refresh();
    } catch (e) {
      if (e.message !== 'unauthorized') { say(e.message, true); }
    }
  }

  function startLive() {
    stopLive();
    streamAbort = new AbortController();
    $('live').textContent = 'connecting…';
    fetch(api + 'events', {headers: token ? {'Authorization': 'Bearer ' + token} : {}, signal: streamAbort.signal, cache: 'no-store'})
      .then(async response => {
        if (!response.ok || !response.body) { throw new Error('HTTP ' + response.status); }
        $('live').textContent = 'live';
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const {value, done} = await reader.read();
          if (done) { throw new Error('stream ended'); }
          buffer += decoder.decode(value, {stream: true});
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame.split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n');
            if (data) {
              renderStatus(JSON.parse(data));
              call('GET', 'history?limit=20').then(renderHistory).catch(() => {});
            }
          }
        }
      })
      .catch(() => {
        if ($('app').hidden || (streamAbort && streamAbort.signal.aborted)) { return; }
        $('live').textContent = 'polling';
        pollTimer = setTimeout(() => { refresh().catch(() => {}); startLive(); }, 5000);
      });
  }

  function stopLive() {
    if (streamAbort) { streamAbort.abort(); streamAbort = null; }
    if (pollTimer) { clearTimeout(pollTimer); pollTimer = null; }
  }

  async function signIn(candidate) {
    token = candidate;
    try {
      await refresh();
    } catch (e) {
      if (e.message !== 'unauthorized') { $('login-error').textContent = 'Cannot reach the admin API: ' + e.message; }
      return;
    }
    if (token) { sessionStorage.setItem('maintenance4j.token', token); }
    $('login').hidden = true;
    $('app').hidden = false;
    $('logout').hidden = false;
    $('login-error').textContent = '';
    startLive();
  }

  function signOut(message) {
    stopLive();
    token = null;
    sessionStorage.removeItem('maintenance4j.token');
    $('app').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    $('live').textContent = 'signed out';
    $('login-error').textContent = message || '';
  }

  $('login-form').addEventListener('submit', e => { e.preventDefault(); signIn($('token').value.trim()); });
  $('logout').addEventListener('click', () => signOut(''));
  $('enable-form').addEventListener('submit', e => {
    e.preventDefault();
    const allow = $('f-allow').value.split(/\s+/).filter(Boolean);
    const body = {mode: $('f-mode').value};
    if ($('f-reason').value.trim()) { body.reason = $('f-reason').value.trim(); }
    if ($('f-duration').value.trim()) { body.duration = $('f-duration').value.trim(); }
    if ($('f-until').value) { body.until = localToIso($('f-until').value); }
    if ($('f-starts').value) { body.startsAt = localToIso($('f-starts').value); }
    if ($('f-retry').value.trim()) { body.retryAfter = $('f-retry').value.trim(); }
    if (allow.length) { body.allow = allow; }
    change('down', body, 'Maintenance enabled.');
  });
  $('disable').addEventListener('click', () => change('up', {}, 'Maintenance disabled.'));
  $('rotate').addEventListener('click', () => change('secret/rotate', {}, 'Secret rotated; old bypass cookies no longer work.'));
  $('emergency').addEventListener('click', () => $('confirm-emergency').showModal());
  $('confirm-no').addEventListener('click', () => $('confirm-emergency').close());
  $('confirm-yes').addEventListener('click', () => {
    $('confirm-emergency').close();
    change('down', {mode: 'emergency', reason: $('emergency-reason').value.trim() || 'Emergency maintenance'}, 'Emergency maintenance started.');
  });
  setInterval(() => { if (status && status.until) { $('until').textContent = when(status.until) + countdown(status.until); } }, 1000);

  // signed in already: a token from this tab, or the host application's own login (admin roles)
  signIn(token);
})();
