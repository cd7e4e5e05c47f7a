// The phone simulator's behaviour: plain browser JavaScript, no build step, nothing from elsewhere.
// The page never signs anything: it asks POST /dev/relay to sign and send what a phone would,
// so every answer comes from the line's deployed handlers through their signed webhooks.

const OUTBOX_POLL_MS = 2000;
/** Webhooks in a row without the caller doing anything (Redirects): more means the line is looping. */
const MAX_UNATTENDED_STEPS = 25;
/** Twilio's <Gather> defaults. */
const GATHER_DEFAULTS = { input: 'dtmf', finishOnKey: '#', timeout: '5' };

/** @param {string} id */
const byId = (id) => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`missing #${id}`);
  return element;
};

const ui = {
  numberForm: /** @type {HTMLFormElement} */ (byId('number-form')),
  number: /** @type {HTMLSelectElement} */ (byId('number')),
  customRow: byId('custom-number-row'),
  customHint: byId('custom-number-hint'),
  customNumber: /** @type {HTMLInputElement} */ (byId('custom-number')),
  tabs: /** @type {HTMLButtonElement[]} */ ([byId('tab-messages'), byId('tab-call')]),
  thread: byId('thread'),
  composer: /** @type {HTMLFormElement} */ (byId('composer')),
  message: /** @type {HTMLInputElement} */ (byId('message')),
  callStatus: byId('call-status'),
  transcript: byId('transcript'),
  dialChoices: byId('dial-choices'),
  keypad: /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll('.keypad button')]),
  speechForm: /** @type {HTMLFormElement} */ (byId('speech-form')),
  speech: /** @type {HTMLInputElement} */ (byId('speech')),
  callButton: /** @type {HTMLButtonElement} */ (byId('call-button')),
  silenceButton: /** @type {HTMLButtonElement} */ (byId('silence-button')),
  hangupButton: /** @type {HTMLButtonElement} */ (byId('hangup-button')),
  speak: /** @type {HTMLInputElement} */ (byId('speak')),
  speakUnavailable: byId('speak-unavailable'),
  sweepForm: /** @type {HTMLFormElement} */ (byId('sweep-form')),
  sweepAt: /** @type {HTMLInputElement} */ (byId('sweep-at')),
  sweepResult: byId('sweep-result'),
  timeZone: byId('time-zone'),
  clockFace: byId('clock-face'),
};

// ---------------------------------------------------------------------------------------------
// Talking to the local server

/** The run's dev token, which the server wrote into the page: every /dev/* request carries it. */
const DEV_TOKEN = document.querySelector('meta[name="dev-token"]')?.getAttribute('content') ?? '';

/**
 * Signs and sends a webhook through the dev relay. `target` is `{ path }` or `{ url }` (an
 * absolute action URL from TwiML); the relay fills in what Twilio always posts.
 * @param {{ path?: string, url?: string }} target
 * @param {Record<string, string>} params
 */
async function relay(target, params) {
  const response = await fetch('/dev/relay', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Dev-Token': DEV_TOKEN },
    body: JSON.stringify({ ...target, params }),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.message ?? `the relay answered ${response.status}`);
  return answer;
}

// ---------------------------------------------------------------------------------------------
// Whose phone this is

let phoneNumber = ui.number.value;

/** @param {string} number */
function usePhone(number) {
  if (number === phoneNumber) return;
  if (call !== null) endCall('Call ended: the phone changed.');
  phoneNumber = number;
  renderThread();
}

ui.number.addEventListener('change', () => {
  const other = ui.number.value === 'other';
  ui.customRow.hidden = !other;
  ui.customHint.hidden = !other;
  if (other) ui.customNumber.focus();
  else usePhone(ui.number.value);
});

ui.numberForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const number = ui.customNumber.value.replace(/[\s().-]/g, '');
  if (!/^\+[1-9]\d{6,14}$/.test(number)) {
    ui.customNumber.setCustomValidity('Use international format: + and the country code, e.g. +447700900123');
    ui.customNumber.reportValidity();
    return;
  }
  ui.customNumber.setCustomValidity('');
  ui.customNumber.value = number;
  usePhone(number);
});

ui.customNumber.addEventListener('input', () => ui.customNumber.setCustomValidity(''));

// ---------------------------------------------------------------------------------------------
// Tabs: Messages and Call (arrow keys move between them, as in the WAI-ARIA tabs pattern)

/** @param {HTMLButtonElement} tab */
function selectTab(tab, focus = false) {
  for (const other of ui.tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    const panel = byId(other.getAttribute('aria-controls') ?? '');
    panel.hidden = !selected;
  }
  if (focus) tab.focus();
  // A hidden log cannot scroll, so catch up with what arrived while it was hidden.
  scrollToEnd(tab.id === 'tab-messages' ? ui.thread : ui.transcript);
}

for (const [index, tab] of ui.tabs.entries()) {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (event) => {
    const last = ui.tabs.length - 1;
    const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const target = (moves[/** @type {keyof typeof moves} */ (event.key)] + ui.tabs.length) % ui.tabs.length;
    const next = ui.tabs[target];
    if (next !== undefined) selectTab(next, true);
  });
}

// ---------------------------------------------------------------------------------------------
// Messages

/**
 * Every phone's thread, kept while the page is open.
 * @typedef {{ kind: 'me' | 'line' | 'pushed' | 'error', body: string }} Entry
 * @type {Map<string, Entry[]>}
 */
const threads = new Map();

/** @param {string} number */
function threadOf(number) {
  let thread = threads.get(number);
  if (thread === undefined) {
    thread = [];
    threads.set(number, thread);
  }
  return thread;
}

/** @param {Entry} entry */
function entryElement(entry) {
  const item = document.createElement('li');
  if (entry.kind === 'error') {
    item.className = 'error-note';
    item.textContent = entry.body;
    return item;
  }
  item.className = `bubble ${entry.kind === 'me' ? 'from-me' : 'from-line'}`;
  const who = document.createElement('span');
  who.className = 'visually-hidden';
  who.textContent = entry.kind === 'me' ? 'You: ' : 'The line: ';
  item.append(who);
  if (entry.kind === 'pushed') {
    item.classList.add('pushed');
    const tag = document.createElement('span');
    tag.className = 'tag';
    tag.textContent = 'Sent by the line';
    item.append(tag);
  }
  item.append(entry.body);
  return item;
}

function renderThread() {
  const entries = threadOf(phoneNumber);
  ui.thread.replaceChildren(...entries.map(entryElement));
  if (entries.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = `No messages yet with ${phoneNumber}. Try texting START.`;
    ui.thread.append(empty);
  }
  scrollToEnd(ui.thread);
}

/**
 * @param {string} number
 * @param {Entry} entry
 */
function addToThread(number, entry) {
  const thread = threadOf(number);
  thread.push(entry);
  if (number !== phoneNumber) return;
  if (thread.length === 1) ui.thread.replaceChildren();
  ui.thread.append(entryElement(entry));
  scrollToEnd(ui.thread);
}

/** @param {HTMLElement} list */
function scrollToEnd(list) {
  list.scrollTop = list.scrollHeight;
}

// Texts go out one at a time, in the order typed, as from one phone.
let sending = Promise.resolve();

ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const body = ui.message.value.trim();
  if (body === '') return;
  ui.message.value = '';
  const from = phoneNumber;
  addToThread(from, { kind: 'me', body });
  sending = sending.then(() => sendText(from, body));
});

/**
 * @param {string} from
 * @param {string} body
 */
async function sendText(from, body) {
  try {
    const answer = await relay({ path: '/sms' }, { From: from, Body: body });
    if (answer.status !== 200) {
      addToThread(from, { kind: 'error', body: `Not delivered: the line answered ${answer.status}.` });
      return;
    }
    for (const reply of answer.messages ?? []) addToThread(from, { kind: 'line', body: reply });
    void pollMetrics();
  } catch (error) {
    addToThread(from, { kind: 'error', body: `Not delivered: ${messageOf(error)}` });
  }
}

// Texts the line sends on its own (reminders, "text me this") land in the outbox.
let outboxSeen = 0;

async function pollOutbox() {
  try {
    const response = await fetch('/dev/outbox', {
      headers: { Accept: 'application/json', 'X-Dev-Token': DEV_TOKEN },
    });
    if (response.ok) {
      /** @type {unknown} */
      const entries = await response.json();
      if (Array.isArray(entries)) {
        // A restarted server starts a new outbox.
        if (entries.length < outboxSeen) outboxSeen = 0;
        for (const entry of entries.slice(outboxSeen)) {
          if (typeof entry?.to === 'string' && typeof entry?.body === 'string') {
            addToThread(entry.to, { kind: 'pushed', body: entry.body });
          }
        }
        outboxSeen = entries.length;
      }
    }
  } catch {
    // The server is restarting; try again next time.
  }
}

/**
 * The usage panel: totals from GET /dev/metrics, the local copy of what the line publishes.
 * @param {unknown} totals
 */
function showMetrics(totals) {
  if (!Array.isArray(totals)) return;
  /** @param {string} name @param {Record<string, string>} [dimensions] */
  const total = (name, dimensions = {}) => {
    const wanted = Object.entries(dimensions);
    const series = totals.find(
      (entry) =>
        entry?.name === name &&
        typeof entry.dimensions === 'object' &&
        Object.keys(entry.dimensions).length === wanted.length &&
        wanted.every(([key, value]) => entry.dimensions[key] === value),
    );
    return typeof series?.value === 'number' ? series.value : 0;
  };
  /** @type {Record<string, number>} */
  const figures = {
    texts: total('InboundText'),
    unplaced: total('InboundText', { layer: 'fallback' }),
    calls: total('CallStep', { step: 'answer' }),
    people: total('FirstContact'),
    optIns: total('OptIn'),
    optOuts: total('OptOut'),
    crisis: total('CrisisReply'),
    textMeThis: total('TextMeThis', { outcome: 'sent' }),
    remindersSent: total('Reminder', { outcome: 'sent' }),
  };
  for (const cell of document.querySelectorAll('#metrics-panel [data-metric]')) {
    const key = cell.getAttribute('data-metric') ?? '';
    const value = String(figures[key] ?? 0);
    if (cell.textContent !== value) cell.textContent = value;
  }
}

async function pollMetrics() {
  try {
    const response = await fetch('/dev/metrics', {
      headers: { Accept: 'application/json', 'X-Dev-Token': DEV_TOKEN },
    });
    if (response.ok) showMetrics((await response.json())?.totals);
  } catch {
    // The server is restarting; try again next time.
  }
}

let pollTimer = 0;
async function pollLoop() {
  await Promise.all([pollOutbox(), pollMetrics()]);
  pollTimer = window.setTimeout(pollLoop, OUTBOX_POLL_MS);
}

/** Polls now (after a sweep or a call step) rather than waiting for the next tick. */
function pollSoon() {
  window.clearTimeout(pollTimer);
  void pollLoop();
}

// ---------------------------------------------------------------------------------------------
// Call: follows the TwiML like Twilio does (Say, Pause, Gather, Redirect, Dial, Hangup)

/**
 * @typedef {{ name: string, attributes: Record<string, string>, text: string, children: TwimlNode[] }} TwimlNode
 * @typedef {{
 *   from: string, sid: string | null, url: string | null,
 *   gather: { node: TwimlNode, rest: TwimlNode[], digits: string, timer: number } | null,
 *   dial: { node: TwimlNode, rest: TwimlNode[] } | null,
 *   busy: boolean, unattended: number,
 * }} Call
 * @type {Call | null}
 */
let call = null;

ui.callButton.addEventListener('click', () => void placeCall());
ui.hangupButton.addEventListener('click', () => endCall('You hung up.'));
ui.silenceButton.addEventListener('click', () => stayedSilent());

async function placeCall() {
  if (call !== null) return;
  call = { from: phoneNumber, sid: null, url: null, gather: null, dial: null, busy: false, unattended: 0 };
  ui.transcript.replaceChildren();
  transcriptEvent(`Calling the line from ${phoneNumber}…`);
  setStatus('Calling…');
  updateCallButtons();
  // The Call button is now disabled: keep keyboard users in the call, on what the line says.
  ui.transcript.focus();
  await step({ path: '/voice' }, {});
}

/**
 * One webhook of the call, then plays its answer.
 * @param {{ path?: string, url?: string }} target
 * @param {Record<string, string>} params
 */
async function step(target, params) {
  const current = call;
  if (current === null) return;
  current.busy = true;
  current.gather = null;
  current.dial = null;
  updateCallButtons();
  try {
    const sid = current.sid === null ? {} : { CallSid: current.sid };
    const answer = await relay(target, { From: current.from, ...sid, ...params });
    if (call !== current) return;
    current.busy = false;
    current.sid = answer.request?.params?.CallSid ?? current.sid;
    current.url = answer.request?.url ?? current.url;
    if (answer.status !== 200 || answer.twiml === undefined) {
      transcriptError(`The line answered ${answer.status}; Twilio would play an error and hang up.`);
      endCall('Call failed.');
      return;
    }
    play(answer.twiml.children);
    pollSoon();
  } catch (error) {
    if (call !== current) return;
    transcriptError(messageOf(error));
    endCall('Call failed.');
  }
}

/**
 * Plays verbs in order until one waits for the caller or leaves the document.
 * @param {TwimlNode[]} verbs
 */
function play(verbs) {
  const current = call;
  if (current === null) return;
  for (const [index, verb] of verbs.entries()) {
    const rest = verbs.slice(index + 1);
    switch (verb.name) {
      case 'Say':
      case 'Pause':
      case 'Play':
        utter(verb);
        break;
      case 'Gather':
        for (const child of verb.children) utter(child);
        current.unattended = 0;
        current.gather = { node: verb, rest, digits: '', timer: 0 };
        setStatus(listeningStatus(verb));
        updateCallButtons();
        return;
      case 'Redirect':
        current.unattended += 1;
        if (current.unattended > MAX_UNATTENDED_STEPS) {
          transcriptError(`The line redirected ${MAX_UNATTENDED_STEPS} times in a row; a loop?`);
          endCall('Call ended by the simulator.');
          return;
        }
        void step({ url: verb.text.trim() }, {});
        return;
      case 'Dial':
        transcriptEvent(`Transferring to ${verb.text.trim()}…`);
        setStatus(`Transferring to ${verb.text.trim()}…`);
        current.dial = { node: verb, rest };
        updateCallButtons();
        return;
      case 'Hangup':
        endCall('The line hung up.');
        return;
      default:
        transcriptEvent(`(${verb.name}: not simulated)`);
    }
  }
  endCall('The call ended.');
}

/** @param {TwimlNode} node */
function utter(node) {
  if (node.name === 'Say') {
    const text = node.text.trim();
    const item = document.createElement('li');
    item.className = 'bubble from-line';
    item.textContent = text;
    ui.transcript.append(item);
    speak({ text, lang: node.attributes.language ?? 'en-US' });
  } else if (node.name === 'Pause') {
    const seconds = Number(node.attributes.length ?? '1');
    const gap = document.createElement('li');
    gap.className = 'pause';
    gap.setAttribute('aria-hidden', 'true');
    gap.title = `pause, ${seconds} s`;
    ui.transcript.append(gap);
    speak({ pause: seconds });
  } else if (node.name === 'Play') {
    transcriptEvent('(plays a recording)');
  }
  scrollToEnd(ui.transcript);
}

/** @param {TwimlNode} gather */
function listeningStatus(gather) {
  const input = gather.attributes.input ?? GATHER_DEFAULTS.input;
  const keys = input.includes('dtmf');
  const words = input.includes('speech');
  if (keys && words) return 'Listening: press a key or say something';
  return words ? 'Listening: say something' : 'Listening: press a key';
}

/** @param {string} key */
function pressKey(key) {
  const current = call;
  flashKey(key);
  if (current === null) return;
  const gather = current.gather;
  if (gather === null || !(gather.node.attributes.input ?? GATHER_DEFAULTS.input).includes('dtmf')) {
    transcriptEvent(`You pressed ${keyName(key)} (nobody is listening for keys just now)`);
    return;
  }
  const finishOnKey = gather.node.attributes.finishOnKey ?? GATHER_DEFAULTS.finishOnKey;
  window.clearTimeout(gather.timer);
  if (key === finishOnKey && finishOnKey !== '') {
    submitDigits(gather.digits, key);
    return;
  }
  gather.digits += key;
  const numDigits = Number(gather.node.attributes.numDigits ?? '0');
  if (numDigits > 0 && gather.digits.length >= numDigits) {
    submitDigits(gather.digits, '');
    return;
  }
  // Without a full set of digits, Twilio submits what it has once the caller stops pressing.
  const timeout = Number(gather.node.attributes.timeout ?? GATHER_DEFAULTS.timeout);
  gather.timer = window.setTimeout(() => submitDigits(gather.digits, ''), timeout * 1000);
}

/**
 * @param {string} digits
 * @param {string} finishedOnKey
 */
function submitDigits(digits, finishedOnKey) {
  const gather = call?.gather;
  if (gather == null) return;
  if (digits === '') {
    stayedSilent();
    return;
  }
  transcriptMine(`Pressed ${[...digits].map(keyName).join(' ')}`);
  void step(gatherTarget(gather.node), { Digits: digits, FinishedOnKey: finishedOnKey });
}

/** @param {string} words */
function saySomething(words) {
  const gather = call?.gather;
  if (call === null) return;
  if (gather == null || !(gather.node.attributes.input ?? GATHER_DEFAULTS.input).includes('speech')) {
    transcriptEvent('You spoke, but the line is not listening for speech just now.');
    return;
  }
  window.clearTimeout(gather.timer);
  transcriptMine(`“${words}”`);
  void step(gatherTarget(gather.node), { SpeechResult: words, Confidence: '0.9' });
}

/** A Gather without an action posts back to the current document's URL, as Twilio does. */
function gatherTarget(/** @type {TwimlNode} */ gather) {
  const action = gather.attributes.action ?? call?.url ?? '';
  return { url: action };
}

/** The caller says nothing: Twilio carries on with the verbs after the Gather (usually a Redirect). */
function stayedSilent() {
  const current = call;
  const gather = current?.gather;
  if (current == null || gather == null) return;
  window.clearTimeout(gather.timer);
  current.gather = null;
  transcriptEvent('(you stay silent)');
  play(gather.rest);
}

/** @param {'no-answer' | 'completed'} status */
function endTransfer(status) {
  const current = call;
  const dial = current?.dial;
  if (current == null || dial == null) return;
  current.dial = null;
  transcriptEvent(status === 'completed' ? 'The transfer was answered and has ended.' : 'Nobody answered.');
  const action = dial.node.attributes.action;
  if (action === undefined) {
    play(dial.rest);
    return;
  }
  void step(
    { url: action },
    { DialCallStatus: status, DialCallDuration: status === 'completed' ? '60' : '0' },
  );
}

/** @param {string} reason */
function endCall(reason) {
  const current = call;
  if (current === null) return;
  if (current.gather !== null) window.clearTimeout(current.gather.timer);
  call = null;
  stopSpeaking();
  transcriptEvent(reason);
  setStatus(`${reason} Not in a call.`);
  updateCallButtons();
  pollSoon();
}

function updateCallButtons() {
  const inCall = call !== null;
  ui.callButton.disabled = inCall;
  ui.hangupButton.disabled = !inCall;
  ui.silenceButton.disabled = call?.gather == null;
  ui.dialChoices.hidden = call?.dial == null;
  if (!inCall && document.activeElement === ui.hangupButton) ui.callButton.focus();
}

/** @param {string} text */
function setStatus(text) {
  ui.callStatus.textContent = text;
}

/** @param {string} text */
function transcriptEvent(text) {
  const item = document.createElement('li');
  item.className = 'event';
  item.textContent = text;
  ui.transcript.append(item);
  scrollToEnd(ui.transcript);
}

/** @param {string} text */
function transcriptMine(text) {
  const item = document.createElement('li');
  item.className = 'bubble from-me';
  item.textContent = text;
  ui.transcript.append(item);
  scrollToEnd(ui.transcript);
}

/** @param {string} text */
function transcriptError(text) {
  const item = document.createElement('li');
  item.className = 'error-note';
  item.textContent = text;
  ui.transcript.append(item);
  scrollToEnd(ui.transcript);
}

/** @param {string} key */
function keyName(key) {
  return key === '*' ? 'star' : key === '#' ? 'hash' : key;
}

/** @param {string} key */
function flashKey(key) {
  const button = ui.keypad.find((candidate) => candidate.dataset.key === key);
  if (button === undefined) return;
  button.classList.add('pressed');
  window.setTimeout(() => button.classList.remove('pressed'), 150);
}

for (const button of ui.keypad) {
  button.addEventListener('click', () => pressKey(button.dataset.key ?? ''));
}

// With the Call view open, typing a digit, * or # (outside a text box) presses that key.
const callPanel = byId('panel-call');
document.addEventListener('keydown', (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  if (callPanel.hidden || event.ctrlKey || event.metaKey || event.altKey) return;
  if (['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
  if (/^[0-9*#]$/.test(event.key)) {
    event.preventDefault();
    pressKey(event.key);
  }
});

for (const button of /** @type {HTMLButtonElement[]} */ ([...ui.dialChoices.querySelectorAll('button')])) {
  button.addEventListener('click', () =>
    endTransfer(button.dataset.dial === 'completed' ? 'completed' : 'no-answer'),
  );
}

ui.speechForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const words = ui.speech.value.trim();
  if (words === '') return;
  if (call === null) {
    transcriptEvent('Call the line first, then say something.');
    return;
  }
  ui.speech.value = '';
  saySomething(words);
});

// ---------------------------------------------------------------------------------------------
// Speaking aloud (optional, off by default)

const synthesis = 'speechSynthesis' in window ? window.speechSynthesis : null;
/** @type {({ text: string, lang: string } | { pause: number })[]} */
const speechQueue = [];
let speaking = false;
let pauseTimer = 0;

if (synthesis === null) {
  ui.speak.disabled = true;
  ui.speakUnavailable.hidden = false;
}

ui.speak.addEventListener('change', () => {
  if (!ui.speak.checked) stopSpeaking();
});

/** @param {{ text: string, lang: string } | { pause: number }} item */
function speak(item) {
  if (synthesis === null || !ui.speak.checked) return;
  speechQueue.push(item);
  if (!speaking) speakNext();
}

function speakNext() {
  const item = speechQueue.shift();
  if (item === undefined || synthesis === null) {
    speaking = false;
    return;
  }
  speaking = true;
  if ('pause' in item) {
    pauseTimer = window.setTimeout(speakNext, item.pause * 1000);
    return;
  }
  const utterance = new SpeechSynthesisUtterance(item.text);
  utterance.lang = item.lang;
  const voice = synthesis.getVoices().find((candidate) => candidate.lang === item.lang);
  if (voice !== undefined) utterance.voice = voice;
  utterance.onend = speakNext;
  utterance.onerror = speakNext;
  synthesis.speak(utterance);
}

function stopSpeaking() {
  speechQueue.length = 0;
  window.clearTimeout(pauseTimer);
  speaking = false;
  synthesis?.cancel();
}

// ---------------------------------------------------------------------------------------------
// Move the clock: POST /dev/sweep at=<ISO instant>

/** @param {Date} date */
function toLocalInput(date) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function initialSweepTime() {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(12, 0, 0, 0);
  return date;
}

ui.sweepAt.value = toLocalInput(initialSweepTime());
ui.timeZone.textContent = `times in ${Intl.DateTimeFormat().resolvedOptions().timeZone}`;

for (const button of /** @type {HTMLButtonElement[]} */ ([...ui.sweepForm.querySelectorAll('[data-days]')])) {
  button.addEventListener('click', () => {
    const base = ui.sweepAt.value === '' ? new Date() : new Date(ui.sweepAt.value);
    base.setDate(base.getDate() + Number(button.dataset.days ?? '1'));
    ui.sweepAt.value = toLocalInput(base);
  });
}

ui.sweepForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const local = new Date(ui.sweepAt.value);
  if (Number.isNaN(local.getTime())) {
    ui.sweepAt.reportValidity();
    return;
  }
  const at = local.toISOString();
  const submit = /** @type {HTMLButtonElement} */ (ui.sweepForm.querySelector('[type=submit]'));
  submit.disabled = true;
  ui.sweepResult.textContent = 'Running the sweep…';
  try {
    const response = await fetch(`/dev/sweep?at=${encodeURIComponent(at)}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
        'X-Dev-Token': DEV_TOKEN,
      },
      body: new URLSearchParams({ at }),
    });
    const text = await response.text();
    if (!response.ok) {
      showSweepError(
        `The sweep answered ${response.status}${response.status === 404 ? ' (not available on this server)' : ''}: ${text.slice(0, 200)}`,
      );
      return;
    }
    showSweepSummary(local, parseJson(text));
    pollSoon();
  } catch (error) {
    showSweepError(messageOf(error));
  } finally {
    submit.disabled = false;
  }
});

/** The counts worth seeing at a glance; the rest of the summary is one click away. */
const SWEEP_HEADLINES = ['sent', 'skipped', 'failed', 'deferred', 'unconfirmed'];

/**
 * @param {Date} at
 * @param {unknown} summary
 */
function showSweepSummary(at, summary) {
  const heading = document.createElement('p');
  heading.textContent = `Swept as at ${at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}.`;
  const fields = summary !== null && typeof summary === 'object' ? Object.entries(summary) : [];
  const headline = fields.filter(([name]) => SWEEP_HEADLINES.includes(name));
  const details = document.createElement('details');
  const label = document.createElement('summary');
  label.textContent = 'The whole summary';
  details.append(label, definitionList(fields));
  ui.sweepResult.replaceChildren(heading, definitionList(headline.length > 0 ? headline : fields), details);
}

/** @param {[string, unknown][]} fields */
function definitionList(fields) {
  const list = document.createElement('dl');
  for (const [name, value] of fields) {
    const term = document.createElement('dt');
    term.textContent = name;
    const detail = document.createElement('dd');
    detail.textContent = typeof value === 'object' ? JSON.stringify(value) : String(value);
    list.append(term, detail);
  }
  return list;
}

/** @param {string} text */
function showSweepError(text) {
  const note = document.createElement('span');
  note.className = 'error-note';
  note.textContent = text;
  ui.sweepResult.replaceChildren(note);
}

/** @param {string} text */
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { answer: text };
  }
}

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------

function tickClock() {
  ui.clockFace.textContent = new Date().toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
}

tickClock();
window.setInterval(tickClock, 30_000);
// A resized screen (rotated phone, narrower window) keeps the newest message in view.
window.addEventListener('resize', () => {
  scrollToEnd(ui.thread);
  scrollToEnd(ui.transcript);
});
renderThread();
updateCallButtons();
void pollLoop();
