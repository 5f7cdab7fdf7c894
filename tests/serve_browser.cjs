// articast serve's page (GET /) in Debian's chromium, driven by
// puppeteer-core, with axe-core: prints one JSON object of findings for
// tests/serve_browser.py to judge.
//
//   node serve_browser.cjs TOOLS CHROMIUM URL SHOTS MODE [TOKEN]
//
// MODE open: the empty form, an empty article refused, an article made
// and played in the read-along frame. MODE token: the server wants
// TOKEN; no token and a wrong one are refused, the right one works, the
// frame included (its GETs carry the cookie the page sets).
"use strict";
const path = require("path");
const [tools, chromium, base, shots, mode, token] = process.argv.slice(2);
const puppeteer = require(path.join(tools, "node_modules", "puppeteer-core"));
const axePath = path.join(tools, "node_modules", "axe-core", "axe.min.js");
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const TITLE = "Ferry timetable changes for the winter";
const ARTICLE = [
  "The island ferry will sail four times a day from the first of November, the harbour office said on Monday.",
  "\"We looked at who travels in the dark months,\" said the harbour master, Ines Varga. \"Most of them are " +
    "commuters, so the early and late crossings stay.\"",
  "The midday crossing moves to half past one. Tickets bought for the old times remain valid until the end of " +
    "the year.",
].join("\n\n");

const out = { mode, errors: [], expected_errors: [], failed: [], csp: [] };
// while a refusal is expected, the browser logs the 4xx answer to the
// POST as a console error: that one is the test's, not the page's
let expectRefusal = false;

function watch(page) {
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const where = (m.location() || {}).url || "";
    const line = m.text() + (where ? " (" + where + ")" : "");
    if (expectRefusal && /status of 4\d\d/.test(m.text()) && /\/v1\/editions$/.test(where))
      out.expected_errors.push(line);
    else out.errors.push("console: " + line);
  });
  page.on("pageerror", (e) => out.errors.push("pageerror: " + e.message));
  page.on("requestfailed", (r) => {
    const why = (r.failure() || {}).errorText;
    // a media element drops its range request when it seeks
    if (/\.mp3$/.test(r.url()) && why === "net::ERR_ABORTED") return;
    out.failed.push(r.url() + " " + why);
  });
}

// What the status region said, every change, and CSP refusals, recorded
// from the page's own start.
function recorder() {
  window.__said = [];
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__csp.push(e.violatedDirective + " " + e.blockedURI));
  document.addEventListener("DOMContentLoaded", () => {
    const s = document.getElementById("status");
    if (!s) return;
    new MutationObserver(() => {
      const t = s.textContent.trim();
      if (t && window.__said[window.__said.length - 1] !== t) window.__said.push(t);
    }).observe(s, { childList: true, characterData: true, subtree: true });
  });
}

async function axe(page, label) {
  await page.addScriptTag({ path: axePath });
  // the read-along frame too, when there is one: axe asks it through postMessage
  for (const f of page.frames())
    if (f !== page.mainFrame()) await f.addScriptTag({ path: axePath });
  const r = await page.evaluate((tags) => axe.run(document, { runOnly: { type: "tag", values: tags } }), WCAG);
  out["axe_" + label] = r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
                                                   target: v.nodes.slice(0, 2).map((n) => n.target.join(" ")) }));
  out["axe_passes_" + label] = r.passes.length;
}

// Submits with the keyboard: focus on the button, Enter. Resolves with
// what the status region said once it says `until`.
async function submit(page, until, ms) {
  await page.evaluate(() => { window.__said.length = 0; });
  await page.focus("#go");
  await page.keyboard.press("Enter");
  try {
    await page.waitForFunction((re) => new RegExp(re).test(document.getElementById("status").textContent),
                               { timeout: ms, polling: 100 }, until);
  } catch (e) {
    /* judged from what was said */
  }
  return page.evaluate(() => ({
    said: window.__said.slice(),
    text: document.getElementById("status").textContent,
    focus: document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : null,
    invalid: [...document.querySelectorAll("[aria-invalid=true]")].map((e) => e.id),
  }));
}

async function setField(page, sel, text) {
  await page.click(sel, { clickCount: 3 });
  await page.evaluate((s) => { document.querySelector(s).value = ""; }, sel);
  if (text) await page.type(sel, text);
}

// The finished result: the MP3 link's answer, and the read-along frame.
async function result(page) {
  const r = {};
  r.heading_visible = await page.evaluate(() => !document.getElementById("result").hidden);
  r.mp3 = await page.evaluate(async () => {
    const a = document.getElementById("mp3");
    const resp = await fetch(a.href);
    const b = new Uint8Array(await resp.arrayBuffer());
    return { href: a.getAttribute("href"), status: resp.status, type: resp.headers.get("Content-Type"),
             size: b.length, id3: b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33 };
  });
  const frameEl = await page.$("#player");
  const frame = frameEl ? await frameEl.contentFrame() : null;
  if (!frame) return r;
  await frame.waitForSelector("#text", { timeout: 20000 }).catch(() => {});
  r.frame_url = frame.url();
  r.frame_watched = await frame.evaluate(() => Array.isArray(window.__csp));
  r.frame = await frame.evaluate(() => new Promise((resolve) => {
    const a = document.getElementById("audio");
    const sentences = [...document.querySelectorAll("#text span[id^=s]")].map((s) => s.textContent);
    const done = (d) => resolve({ title: document.title, sentences, duration: d });
    if (!a) return done(-3);
    if (a.readyState >= 1) return done(a.duration);
    a.addEventListener("loadedmetadata", () => done(a.duration), { once: true });
    a.addEventListener("error", () => done(-1), { once: true });
    setTimeout(() => done(-2), 15000);
  }));
  // seeking: the sentence whose clip holds the time is highlighted
  r.seek = await frame.evaluate(() => new Promise((resolve) => {
    const clips = JSON.parse(document.getElementById("clips").textContent);
    const c = clips[clips.length - 1];
    const a = document.getElementById("audio");
    a.addEventListener("seeked", () => setTimeout(() => {
      const cur = document.querySelectorAll("#text .current");
      resolve({ want: "s" + c[0], got: cur.length === 1 ? cur[0].id : cur.length + " highlighted",
                time: a.currentTime });
    }, 100), { once: true });
    a.currentTime = c[1] / 1000 + 0.05;
    setTimeout(() => resolve({ want: "s" + c[0], got: "no seeked event" }), 10000);
  }));
  // play, pressed: the time moves on
  r.play = await frame.evaluate(() => new Promise((resolve) => {
    const a = document.getElementById("audio");
    a.currentTime = 0;
    const from = a.currentTime;
    const btn = document.getElementById("play");
    if (btn && !btn.closest("[hidden]")) btn.click(); else a.play();
    const t0 = Date.now();
    (function wait() {
      if (a.currentTime > from + 0.3 || Date.now() - t0 > 8000) {
        a.pause();
        return resolve({ from, to: a.currentTime, button: !!btn });
      }
      setTimeout(wait, 100);
    })();
  }));
  return r;
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium, headless: true,
    args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
  });
  try {
    const page = await browser.newPage();
    watch(page);
    await page.evaluateOnNewDocument(recorder);
    await page.setViewport({ width: 1100, height: 900 });
    const resp = await page.goto(base + "/", { waitUntil: "load" });
    out.page_status = resp.status();
    out.csp_header = resp.headers()["content-security-policy"] || null;
    out.region = await page.evaluate(() => {
      const s = document.getElementById("status");
      return s ? { role: s.getAttribute("role"), live: s.getAttribute("aria-live") } : null;
    });
    if (out.page_status !== 200 || !out.region) return;
    if (mode === "open") {
      await axe(page, "empty");
      await page.screenshot({ path: path.join(shots, "serve-page-empty.png"), fullPage: true });

      // an empty article: refused, and the status region says why
      expectRefusal = true;
      out.empty = await submit(page, "^Not made", 20000);
      expectRefusal = false;
      await page.screenshot({ path: path.join(shots, "serve-page-refused.png"), fullPage: true });

      await setField(page, "#title", TITLE);
      await setField(page, "#article", ARTICLE);
      out.made = await submit(page, "^(Done|Not made)", 180000);
      Object.assign(out, await result(page));
      await axe(page, "done");
      await page.screenshot({ path: path.join(shots, "serve-page-done.png"), fullPage: true });
      // 320 CSS pixels wide (1280 at 400% zoom): nothing scrolls sideways
      await page.setViewport({ width: 320, height: 640 });
      await new Promise((r) => setTimeout(r, 300));
      out.narrow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth,
                                                width: document.documentElement.clientWidth }));
      await page.screenshot({ path: path.join(shots, "serve-page-narrow.png"), fullPage: true });
    } else {
      await setField(page, "#title", TITLE);
      await setField(page, "#article", ARTICLE);
      expectRefusal = true;
      out.no_token = await submit(page, "^Not made", 20000);
      await setField(page, "#token", token + "x");
      out.wrong_token = await submit(page, "^Not made", 20000);
      expectRefusal = false;
      await setField(page, "#token", token);
      out.made = await submit(page, "^(Done|Not made)", 180000);
      Object.assign(out, await result(page));
      await page.screenshot({ path: path.join(shots, "serve-page-token.png"), fullPage: true });
    }
    out.csp = await page.evaluate(() => window.__csp);
    for (const f of page.frames())
      if (f !== page.mainFrame()) out.csp = out.csp.concat(await f.evaluate(() => window.__csp || []));
  } catch (e) {
    out.errors.push("run: " + (e.stack || e.message));
  } finally {
    await browser.close();
    process.stdout.write(JSON.stringify(out) + "\n");
  }
})();
