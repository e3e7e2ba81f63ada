// The integrator's view of memberbase, through the official PocketBase JS
// SDK against the built binary (run by TestIntegratorSDK in sdk_test.go).
// Each check prints one JSON line {"check", "ok", "detail"}; after the staff
// viewer's realtime subscription is open it prints {"check": "subscribed"}
// and waits for the member the Go test then creates (E2E_REALTIME_EMAIL).
// Exit status 1 when any check failed.
import PocketBase from "pocketbase";
import { EventSource } from "eventsource";

// The SDK's realtime uses the browser's EventSource; Node 18-20 have none.
globalThis.EventSource ??= EventSource;

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const url = env("E2E_URL");
let failed = false;

function report(check, ok, detail = "") {
  if (!ok) failed = true;
  console.log(JSON.stringify({ check, ok, detail: String(detail) }));
}

// refused runs fn and reports whether it failed with one of the statuses.
async function refused(check, statuses, fn) {
  try {
    const res = await fn();
    report(check, false, `succeeded: ${JSON.stringify(res).slice(0, 200)}`);
  } catch (err) {
    const ok = statuses.includes(err.status);
    report(check, ok, `${err.status} ${JSON.stringify(err.response).slice(0, 300)}`);
    return err;
  }
}

async function login(email, password) {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  await pb.collection("staff").authWithPassword(email, password);
  return pb;
}

const stamp = Date.now();
const editor = await login(env("E2E_EDITOR_EMAIL"), env("E2E_STAFF_PASSWORD"));
report("editor logs in", editor.authStore.isValid);

const created = await editor.collection("members").create({
  first_name: "Sdk", last_name: "Editor", email: `sdk.${stamp}@e2e.example.org`, status: "active",
});
report("editor creates a member with a server-assigned member ID", /^M-\d{6,}$/.test(created.member_id), created.member_id);
report("notes stay hidden from staff", !("notes" in created), Object.keys(created).join(","));

const err = await refused("member_id cannot be set on create (400)", [400], () =>
  editor.collection("members").create({
    member_id: "M-999999", first_name: "Sdk", last_name: "Forged", email: `sdk.forged.${stamp}@e2e.example.org`, status: "active",
  }));
report("the 400 names member_id", err?.response?.data?.member_id !== undefined, JSON.stringify(err?.response?.data));
await refused("member_id cannot be changed (400)", [400], () =>
  editor.collection("members").update(created.id, { member_id: "M-999998" }));

const list = await editor.collection("members").getList(1, 50, { filter: editor.filter("email = {:e}", { e: created.email }) });
report("editor lists members", list.items.length === 1 && list.items[0].member_id === created.member_id, list.totalItems);

const viewer = await login(env("E2E_VIEWER_EMAIL"), env("E2E_STAFF_PASSWORD"));
report("viewer logs in", viewer.authStore.isValid);
await refused("viewer cannot create (400)", [400], () =>
  viewer.collection("members").create({ first_name: "Sdk", last_name: "Viewer", email: `sdk.viewer.${stamp}@e2e.example.org`, status: "active" }));
await refused("viewer cannot update", [400, 403, 404], () =>
  viewer.collection("members").update(created.id, { last_name: "Changed" }));
const seen = await viewer.collection("members").getOne(created.id);
report("viewer reads members", seen.member_id === created.member_id && seen.last_name === "Editor");

const guest = new PocketBase(url);
guest.autoCancellation(false);
for (const col of ["members", "intake", "join_requests", "privacy_requests", "privacy_events", "email_outbox", "staff", "users", "_superusers"]) {
  try {
    const page = await guest.collection(col).getList(1, 50);
    report(`guest sees nothing in ${col}`, page.items.length === 0, `${page.items.length} items`);
  } catch (e) {
    report(`guest sees nothing in ${col}`, e.status >= 400 && e.status < 500, e.status);
  }
}
await refused("guest cannot read a member", [403, 404], () => guest.collection("members").getOne(created.id));
await refused("guest cannot create a member", [400, 403], () =>
  guest.collection("members").create({ first_name: "G", last_name: "G", email: `sdk.guest.${stamp}@e2e.example.org`, status: "active" }));

// Realtime: the viewer hears of a member created elsewhere.
const want = env("E2E_REALTIME_EMAIL");
let resolveHeard;
const heard = new Promise((resolve) => { resolveHeard = resolve; });
// subscribe resolves once the server has registered the subscription.
await viewer.collection("members").subscribe("*", (e) => {
  if (e.action === "create" && e.record?.email === want) resolveHeard(e.record);
});
console.log(JSON.stringify({ check: "subscribed", ok: true }));
const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 30000));
const record = await Promise.race([heard, timeout]);
report("viewer's realtime subscription receives the new member", record !== null && /^M-\d{6,}$/.test(record?.member_id ?? ""), record?.member_id ?? "no event within 30 s");
await viewer.realtime.unsubscribe();

process.exit(failed ? 1 : 0);
