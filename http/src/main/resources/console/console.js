// The settlement console: plain JavaScript over the node's HTTP API (docs/http-api.md).
"use strict";

const state = { token: null, role: null, participantId: null, instruments: {}, dealsAfter: null, stream: null };

const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (state.token) headers.Authorization = "Bearer " + state.token;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = new Error(json.message || response.statusText);
    error.code = json.error;
    error.status = response.status;
    throw error;
  }
  return json;
}

function code(instrumentId) {
  const instrument = state.instruments[instrumentId];
  return instrument ? instrument.code : String(instrumentId);
}

// the instrument's code with its name and ISIN, when it has them: "ACME (Acme Industries plc, GB00ACME0019)"
function label(instrumentId) {
  const instrument = state.instruments[instrumentId];
  if (!instrument) return String(instrumentId);
  const more = [instrument.name, instrument.isin].filter((t) => t).join(", ");
  return instrument.code + (more ? " (" + more + ")" : "");
}

// an amount as the API writes it beside the integer: a decimal string in the instrument's own minor
// units ("1250.00", "-0.05", "1500"), shown with thousands separators and the code. It never passes
// through a JavaScript number: JSON.parse rounds the integers past 2^53, the decimal string is exact.
function decimal(text, code) {
  if (text === null || text === undefined) return "";
  const negative = text.startsWith("-");
  const [whole, fraction] = (negative ? text.slice(1) : text).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (negative ? "-" : "") + grouped + (fraction === undefined ? "" : "." + fraction) + (code ? " " + code : "");
}

// a sum of the API's integer strings (exact as BigInt) as a decimal with its code, in the instrument's
// own minor units (from GET /api/instruments)
function sum(total, instrumentId) {
  const instrument = state.instruments[instrumentId];
  if (!instrument) return decimal(total.toString(), "");
  const digits = instrument.minorUnits;
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const scale = 10n ** BigInt(digits);
  const fraction = digits ? "." + (abs % scale).toString().padStart(digits, "0") : "";
  return decimal((negative ? "-" : "") + (abs / scale).toString() + fraction, instrument.code);
}

function cells(row, values, numeric) {
  values.forEach((value, i) => {
    const td = document.createElement("td");
    td.textContent = value === null || value === undefined ? "" : value;
    if (numeric && numeric.includes(i)) td.className = "num";
    row.appendChild(td);
  });
  return row;
}

function fill(tableId, rows, toValues, numeric, rowClass) {
  const body = $(tableId).querySelector("tbody");
  body.replaceChildren();
  rows.forEach((r) => {
    const tr = cells(document.createElement("tr"), toValues(r), numeric);
    if (rowClass) tr.className = rowClass(r) || "";
    body.appendChild(tr);
  });
  if (!rows.length) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = $(tableId).querySelectorAll("th").length;
    td.className = "muted";
    td.textContent = "none";
    tr.appendChild(td);
    body.appendChild(tr);
  }
}

function allowed(element) {
  const roles = element.dataset.roles;
  return !roles || roles.split(" ").includes(state.role);
}

function show(tab) {
  document.querySelectorAll("nav button").forEach((b) => b.classList.toggle("active", b.dataset.tab === tab));
  document.querySelectorAll(".tab").forEach((s) => (s.hidden = s.id !== tab));
  refresh(tab);
}

async function refresh(tab) {
  try {
    if (tab === "day") await api("GET", "/api/day").then(renderDay);
    if (tab === "limits") await loadLimits();
    if (tab === "positions") await loadPositions();
    if (tab === "deals") await searchDeals(false);
    if (tab === "followups") await loadFollowUps();
    const day = await api("GET", "/api/business-date");
    $("business-date").textContent = day.businessDate || "not set";
  } catch (e) {
    if (e.status === 401) return logout();
  }
}

function renderDay(day) {
  $("business-date").textContent = day.businessDate || "not set";
  $("read-sequence").textContent = day.readSequence;
  fill("day-table", day.byCurrency, (r) => [
    r.currencyId ? code(r.currencyId) : "free of payment", r.settledDeals, decimal(r.settledValueDecimal, r.currencyCode),
    r.pendingDeals, decimal(r.pendingValueDecimal, r.currencyCode), r.failingDeals, decimal(r.failingValueDecimal, r.currencyCode),
    r.efficiency === null ? "" : (r.efficiency * 100).toFixed(1) + " %"], [1, 2, 3, 4, 5, 6, 7]);
  fill("fails-by-reason", day.failsByReason, (r) => [r.reason, r.deals, decimal(r.valueDecimal, r.currencyCode)], [1, 2]);
  fill("fails-by-age", day.failsByAge, (r) => [r.age, r.deals], [1]);
  // a security's shortfall in whole units, its code in the column before; a currency's with its code
  fill("shortfalls", day.shortfalls, (r) => [r.participantId, code(r.instrumentId), decimal(r.neededDecimal, currencyCode(r)),
    decimal(r.balanceDecimal, currencyCode(r)), decimal(r.shortDecimal, currencyCode(r))], [2, 3, 4]);
  fill("oldest-fails", day.oldestFails, (d) => [d.dealId, d.buyerId, d.sellerId, code(d.securityId), d.quantity,
    decimal(d.cash, d.currencyCode), d.settlementDate, d.ageDays, d.lastFailReason], [4, 5, 7]);
  addAssignButtons();
  drawCycles(day.cycles);
  drawValue(day.cycles);
}

function currencyCode(shortfall) {
  const instrument = state.instruments[shortfall.instrumentId];
  return instrument && instrument.kind === "CURRENCY" ? shortfall.code : null;
}

function drawCycles(cycles) {
  const canvas = $("cycle-chart");
  const g = canvas.getContext("2d");
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.font = "12px system-ui, sans-serif";
  g.fillStyle = "#6b7785";
  if (!cycles.length) {
    g.fillText("no cycle has run today", 10, 20);
    return;
  }
  const shown = cycles.slice(-60);
  const max = Math.max(1, ...shown.map((c) => c.settled + c.failed));
  const width = Math.min(40, (canvas.width - 40) / shown.length);
  shown.forEach((c, i) => {
    const x = 30 + i * width;
    const settled = (c.settled / max) * (canvas.height - 30);
    const failed = (c.failed / max) * (canvas.height - 30);
    g.fillStyle = "#2e7d32";
    g.fillRect(x, canvas.height - 20 - settled, Math.max(1, width - 2), settled);
    g.fillStyle = "#c62828";
    g.fillRect(x, canvas.height - 20 - settled - failed, Math.max(1, width - 2), failed);
  });
  g.fillStyle = "#6b7785";
  g.fillText(String(max), 0, 12);
  g.fillText("0", 0, canvas.height - 20);
  g.fillText("settled (green) and failed (red) per cycle, " + shown.length + " cycles", 30, canvas.height - 4);
}

// the cumulative value settled per currency, cycle by cycle: one line each, in the currency's own scale
function drawValue(cycles) {
  const canvas = $("value-chart");
  const g = canvas.getContext("2d");
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.font = "12px system-ui, sans-serif";
  const currencies = [...new Set(cycles.flatMap((c) => Object.keys(c.settledValue || {})))];
  if (!currencies.length) {
    g.fillStyle = "#6b7785";
    g.fillText("nothing settled today", 10, 20);
    return;
  }
  const colours = ["#1f6feb", "#8e24aa", "#ef6c00", "#00897b"];
  currencies.forEach((currency, k) => {
    let total = 0n;
    // from nothing at the start of the day, then after each cycle
    const points = [0n].concat(cycles.map((c) => (total += BigInt((c.settledValue || {})[currency] || "0"))));
    const max = points[points.length - 1] > 0n ? points[points.length - 1] : 1n;
    g.strokeStyle = colours[k % colours.length];
    g.lineWidth = 2;
    g.beginPath();
    points.forEach((p, i) => {
      const x = 10 + (i * (canvas.width - 20)) / (points.length - 1);
      const y = canvas.height - 20 - Number((p * 1000n) / max) / 1000 * (canvas.height - 40);
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
    g.fillStyle = g.strokeStyle;
    g.fillText(code(currency) + " " + sum(total, Number(currency)), 10, 14 + 14 * k);
  });
  g.fillStyle = "#6b7785";
  g.fillText("cumulative value settled, " + cycles.length + " cycles", 10, canvas.height - 4);
}

async function loadLimits() {
  const only = $("breached-only").checked ? "?breachedOnly=true" : "";
  const answer = await api("GET", "/api/limits" + only);
  // CREDIT in its currency, DELIVERY in its security's units, with the code; COUNTERPARTY sums the
  // cash of deals in any currency, so it has no decimal: minor units as they are
  const amount = (l, text, minor) => (text !== null && text !== undefined ? decimal(text, l.code) : decimal(String(minor), ""));
  fill("limits-table", answer.limits, (l) => [l.participantId, l.kind, l.kind === "COUNTERPARTY" ? "participant " + l.key : code(l.key),
    amount(l, l.limitDecimal, l.limit), amount(l, l.utilisedDecimal, l.utilised), amount(l, l.availableDecimal, l.available)],
  [3, 4, 5], (l) => (l.breached ? "breach" : ""));
}

async function loadPositions() {
  if (state.role !== "MEMBER") {
    const participants = await api("GET", "/api/participants");
    fill("participants-table", participants, (p) => [p.participantId, p.shortCode, p.name, p.role]);
  }
  $("participants-card").hidden = state.role === "MEMBER";
  const answer = await api("GET", "/api/positions");
  fill("positions-table", answer.positions, (p) => [p.participantId, label(p.instrumentId), decimal(p.amount, p.code)], [2]);
}

async function searchDeals(more) {
  const query = new URLSearchParams();
  if ($("search-participant").value) query.set("participantId", $("search-participant").value);
  if ($("search-status").value) query.set("status", $("search-status").value);
  if ($("search-date").value) query.set("settlementDate", $("search-date").value);
  if ($("search-reason").value) query.set("failReason", $("search-reason").value);
  if (more && state.dealsAfter) query.set("after", state.dealsAfter);
  query.set("limit", "50");
  const answer = await api("GET", "/api/deals?" + query);
  fill("deals-table", answer.deals, (d) => [d.dealId, d.clientDealId, d.buyerId, d.sellerId, code(d.securityId), d.quantity,
    decimal(d.cash, d.currencyCode), d.settlementDate, d.dealType, d.status, d.lastFailReason], [5, 6]);
  state.dealsAfter = answer.nextAfter;
  $("deals-more").hidden = answer.nextAfter === null;
}

async function act(action) {
  const result = $("action-result");
  result.className = "";
  result.textContent = "working...";
  try {
    result.textContent = await action();
    result.className = "ok";
  } catch (e) {
    result.textContent = (e.code ? e.code + ": " : "") + e.message;
    result.className = "error";
  }
}

function listen() {
  if (state.stream) state.stream.close();
  state.stream = new EventSource("/api/stream?token=" + encodeURIComponent(state.token));
  state.stream.addEventListener("open", () => $("live").classList.add("on"));
  state.stream.addEventListener("error", () => $("live").classList.remove("on"));
  state.stream.addEventListener("day", (message) => {
    const data = JSON.parse(message.data);
    $("business-date").textContent = data.businessDate || "not set";
    $("read-sequence").textContent = data.readSequence;
    if (data.byCurrency && !$("day").hidden) renderDay(data);
  });
}

async function start() {
  const me = await api("GET", "/api/me");
  state.role = me.role;
  state.participantId = me.participantId;
  (await api("GET", "/api/instruments")).forEach((i) => (state.instruments[i.instrumentId] = i));
  $("who").textContent = "participant " + me.participantId + " (" + me.role + ")";
  $("who").dataset.role = me.role;
  document.querySelectorAll("nav button").forEach((b) => (b.hidden = !allowed(b)));
  $("login").hidden = true;
  $("app").hidden = false;
  listen();
  show(state.role === "MEMBER" ? "deals" : "day");
}

function logout() {
  if (state.token) api("POST", "/api/logout").catch(() => {});
  if (state.stream) state.stream.close();
  sessionStorage.removeItem("token");
  state.token = null;
  $("app").hidden = true;
  $("login").hidden = false;
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("login-error").textContent = "";
  try {
    const answer = await api("POST", "/api/login", { participantId: Number($("login-participant").value), secret: $("login-secret").value });
    state.token = answer.token;
    sessionStorage.setItem("token", answer.token);
    await start();
  } catch (e) {
    $("login-error").textContent = e.code === "BAD_CREDENTIALS" ? "Unknown participant or wrong secret." : e.message;
  }
});
$("logout").addEventListener("click", logout);
document.querySelectorAll("nav button").forEach((b) => b.addEventListener("click", () => show(b.dataset.tab)));
$("breached-only").addEventListener("change", loadLimits);
$("deal-search").addEventListener("submit", (event) => { event.preventDefault(); searchDeals(false); });
$("deals-more").addEventListener("click", () => searchDeals(true));
$("run-cycle").addEventListener("click", () => act(async () => {
  const cycle = await api("POST", "/api/cycles");
  await api("GET", "/api/day?minSequence=" + cycle.sequence).then(renderDay);
  return "Cycle run: " + cycle.settled + " settled, " + cycle.failed + " failed of " + cycle.attempted + " due.";
}));
$("advance-date").addEventListener("submit", (event) => { event.preventDefault(); act(async () => {
  const answer = await api("POST", "/api/business-date", { businessDate: $("new-date").value });
  $("business-date").textContent = answer.businessDate;
  return "Business date now " + answer.businessDate + "; " + answer.purged + " finished deals purged.";
}); });

const saved = sessionStorage.getItem("token");
if (saved) {
  state.token = saved;
  start().catch(logout);
}
