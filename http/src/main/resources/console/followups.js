// The console's fails follow-up tab: open items grouped by owner, overdue ones highlighted; an operator
// assigns failing deals (here or from the Day tab's oldest fails), adds notes and closes (docs/http-api.md).
"use strict";

const followUps = { shown: null };

async function loadFollowUps() {
  const operator = state.role === "OPERATOR";
  $("followup-assign-card").hidden = !operator;
  $("followup-note").hidden = !operator;
  const answer = await api("GET", "/api/followups" + ($("followups-closed").checked ? "" : "?status=open"));
  $("followups-counts").textContent = answer.open + " open, " + answer.overdue + " overdue (business date " + (answer.businessDate || "not set") + ")";
  $("followups-counts").className = answer.overdue ? "error" : "muted";
  const counts = {};
  answer.owners.forEach((o) => (counts[o.owner] = o));
  const body = $("followups-table").querySelector("tbody");
  body.replaceChildren();
  let owner = null;
  answer.followUps.forEach((item) => {
    if (item.owner !== owner) {
      owner = item.owner;
      const c = counts[owner] || { open: 0, overdue: 0 };
      const header = document.createElement("tr");
      header.className = "group";
      const td = document.createElement("td");
      td.colSpan = 9;
      td.textContent = owner + ": " + c.open + " open" + (c.overdue ? ", " + c.overdue + " overdue" : "");
      header.appendChild(td);
      body.appendChild(header);
    }
    const tr = cells(document.createElement("tr"), [item.followUpId, item.dealId,
      (item.deal.status || "purged") + (item.deal.notice ? " (" + item.deal.notice + ")" : ""), item.deal.lastFailReason,
      item.deadline + (item.overdue ? " overdue" : ""), "participant " + item.assignedBy, when(item.lastActionAt),
      item.status]);
    tr.dataset.owner = item.owner;
    tr.className = item.overdue ? "overdue" : item.deal.notice ? "notice" : "";
    const open = document.createElement("button");
    open.className = "link";
    open.textContent = "history";
    open.addEventListener("click", () => showFollowUp(item.followUpId));
    tr.appendChild(document.createElement("td")).appendChild(open);
    body.appendChild(tr);
  });
  if (!answer.followUps.length) {
    fill("followups-table", [], () => []);
  }
  if (followUps.shown) await showFollowUp(followUps.shown);
}

// an ISO instant to the second, in UTC
function when(instant) {
  return instant.slice(0, 19).replace("T", " ") + " UTC";
}

async function showFollowUp(id) {
  const item = await api("GET", "/api/followups/" + id);
  followUps.shown = id;
  $("followup-detail").hidden = false;
  $("fu-detail-id").textContent = item.followUpId + ": deal " + item.dealId + ", " + item.owner + ", due " + item.deadline + ", " + item.status;
  $("fu-detail-deal").textContent = "Deal now " + (item.deal.status || "no longer held") + (item.deal.lastFailReason ? ", last failed "
    + item.deal.lastFailReason : "") + (item.deal.notice ? ". " + item.deal.notice + "." : ".");
  fill("followup-history", item.history, (h) => [when(h.at), "participant " + h.by + " (" + h.byRole + ")",
    h.action, h.owner, h.deadline, h.note]);
  $("followup-note").hidden = state.role !== "OPERATOR" || item.status === "CLOSED";
}

async function followUpAct(action) {
  const result = $("followup-result");
  result.className = "";
  try {
    result.textContent = await action();
    result.className = "ok";
    await loadFollowUps();
  } catch (e) {
    result.textContent = (e.code ? e.code + ": " : "") + e.message;
    result.className = "error";
  }
}

// an "assign" button on each of the Day tab's oldest fails, for an operator
function addAssignButtons() {
  if (state.role !== "OPERATOR") return;
  $("oldest-fails").querySelectorAll("tbody tr").forEach((tr) => {
    const dealId = tr.cells[0].textContent;
    if (tr.cells.length < 2) return;
    const button = document.createElement("button");
    button.className = "link";
    button.textContent = "assign";
    button.dataset.deal = dealId;
    button.addEventListener("click", () => {
      show("followups");
      $("fu-deal").value = dealId;
      $("fu-owner").focus();
    });
    tr.appendChild(document.createElement("td")).appendChild(button);
  });
}

$("followups-closed").addEventListener("change", loadFollowUps);
$("followup-assign").addEventListener("submit", (event) => { event.preventDefault(); followUpAct(async () => {
  const item = await api("POST", "/api/followups", { dealId: Number($("fu-deal").value), owner: $("fu-owner").value,
    deadline: $("fu-deadline").value, note: $("fu-note").value });
  $("followup-assign").reset();
  return "Deal " + item.dealId + " assigned to " + item.owner + ", due " + item.deadline + " (follow-up " + item.followUpId + ").";
}); });
$("followup-note").addEventListener("submit", (event) => { event.preventDefault(); followUpAct(async () => {
  await api("POST", "/api/followups/" + followUps.shown + "/notes", { note: $("fu-detail-note").value });
  $("fu-detail-note").value = "";
  return "Note added to follow-up " + followUps.shown + ".";
}); });
$("fu-close").addEventListener("click", () => followUpAct(async () => {
  await api("POST", "/api/followups/" + followUps.shown + "/close", { note: $("fu-detail-note").value });
  $("fu-detail-note").value = "";
  return "Follow-up " + followUps.shown + " closed.";
}));
