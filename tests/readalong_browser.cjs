// The read-along page in Debian's chromium, driven by puppeteer-core, with
// axe-core: prints one JSON object of findings for tests/readalong.py to
// judge.
//
//   node readalong_browser.cjs TOOLS CHROMIUM PAGE_DIR SCREENSHOT
"use strict";
const path = require("path");
const [tools, chromium, dir, shot] = process.argv.slice(2);
const puppeteer = require(path.join(tools, "node_modules", "puppeteer-core"));
const axePath = path.join(tools, "node_modules", "axe-core", "axe.min.js");
const url = "file://" + path.resolve(dir, "index.html");
const out = { errors: [], failed: [] };
// axe-core reads the style sheets with XMLHttpRequest, which file:// pages
// refuse: its own console errors are not the page's
let axeRunning = false;

function watch(page, cssOff) {
  // with CSS off on purpose, the aborted style sheet is logged; nothing else is
  page.on("console", (m) => {
    if (m.type() === "error" && !axeRunning && !(cssOff && /ERR_FAILED/.test(m.text())))
      out.errors.push("console: " + m.text());
  });
  page.on("pageerror", (e) => out.errors.push("pageerror: " + e.message));
  page.on("requestfailed", (r) => {
    const why = (r.failure() || {}).errorText;
    // a media element drops its range request when it seeks; a CSS-off
    // run aborts the style sheet on purpose
    if (r.url().endsWith("player.css") || (r.url().endsWith(".mp3") && why === "net::ERR_ABORTED")) return;
    out.failed.push(r.url() + " " + why);
  });
}

async function current(page) {
  return page.evaluate(() => {
    const c = document.querySelectorAll("#text .current");
    return c.length === 1 ? c[0].id : c.length + " highlighted";
  });
}

async function seekTo(page, seconds) {
  await page.evaluate((t) => new Promise((resolve) => {
    const a = document.getElementById("audio");
    a.addEventListener("seeked", () => setTimeout(resolve, 50), { once: true });
    a.currentTime = t;
  }), seconds);
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium, headless: true,
    args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
  });
  try {
    let page = await browser.newPage();
    watch(page);
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(url, { waitUntil: "load" });
    out.duration = await page.evaluate(() => new Promise((resolve) => {
      const a = document.getElementById("audio");
      if (a.readyState >= 1) return resolve(a.duration);
      a.addEventListener("loadedmetadata", () => resolve(a.duration), { once: true });
      a.addEventListener("error", () => resolve(-1), { once: true });
      setTimeout(() => resolve(-2), 10000);
    }));
    const clips = await page.evaluate(() => JSON.parse(document.getElementById("clips").textContent));
    out.clips = clips;

    // axe-core: WCAG 2.2 A and AA, and separately its best practices
    axeRunning = true;
    await page.addScriptTag({ path: axePath });
    const wcag = await page.evaluate(() => axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    }));
    out.axe = wcag.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
                                             target: v.nodes.slice(0, 2).map((n) => n.target.join(" ")) }));
    out.axe_passes = wcag.passes.length;
    const bp = await page.evaluate(() => axe.run(document, { runOnly: { type: "tag", values: ["best-practice"] } }));
    out.axe_best = bp.violations.map((v) => v.id);
    axeRunning = false;

    // seeking highlights the sentence whose clip holds the time
    out.seek = [];
    for (const k of [0, Math.floor(clips.length / 2), clips.length - 1]) {
      await seekTo(page, clips[k][1] / 1000 + 0.05);
      out.seek.push({ want: "s" + clips[k][0], got: await current(page) });
    }
    // a click on a sentence seeks to its start
    const m = Math.floor(clips.length / 3);
    await page.click("#s" + clips[m][0]);
    await new Promise((r) => setTimeout(r, 200));
    out.click = { want: clips[m][1] / 1000, got: await page.evaluate(() => document.getElementById("audio").currentTime),
                  highlighted: await current(page) };
    // keys: l and j move a sentence, > is faster; off with the checkbox
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.keyboard.press("l");
    await new Promise((r) => setTimeout(r, 150));
    const afterL = await current(page);
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await new Promise((r) => setTimeout(r, 150));
    const afterJ = await current(page);
    await page.keyboard.press(">");
    const rate = await page.evaluate(() => document.getElementById("audio").playbackRate);
    out.keys = { from: "s" + clips[m][0], afterL, wantL: "s" + clips[m + 1][0], afterJ, wantJ: "s" + clips[m - 1][0], rate };
    // ] and [ move to the first sentence of the section after and before
    const secWant = await page.evaluate(() => {
      const secs = [...document.querySelectorAll("#text section")];
      const clipIds = new Set(JSON.parse(document.getElementById("clips").textContent).map((c) => "s" + c[0]));
      const cur = document.querySelector("#text .current");
      const i = secs.indexOf(cur.closest("section"));
      const first = (s) => s ? [...s.querySelectorAll("span[id]")].map((e) => e.id).find((id) => clipIds.has(id)) : null;
      return { next: first(secs[i + 1]), first: first(secs[i]), here: cur.id, count: secs.length };
    });
    await page.keyboard.press("]");
    await new Promise((r) => setTimeout(r, 150));
    const afterNext = await current(page);
    await page.keyboard.press("[");
    await new Promise((r) => setTimeout(r, 150));
    const afterPrev = await current(page);
    await page.keyboard.press("]");
    await new Promise((r) => setTimeout(r, 150));
    const afterNext2 = await current(page);
    out.sections = { want: secWant.next, wantPrev: secWant.first, afterNext, afterNext2, afterPrev,
                     from: secWant.here, count: secWant.count };
    await page.evaluate((id) => { document.getElementById(id).click(); }, "s" + clips[m - 1][0]);
    await new Promise((r) => setTimeout(r, 150));
    await page.evaluate(() => { const c = document.getElementById("shortcuts"); c.click(); c.blur(); });
    await page.keyboard.press("l");
    await new Promise((r) => setTimeout(r, 150));
    out.keys.off = await current(page);
    await page.evaluate(() => { document.getElementById("shortcuts").click(); });
    // the chapter list seeks too
    await page.click("#chapters li:nth-child(2) a");
    await new Promise((r) => setTimeout(r, 200));
    out.chapter = { want: await page.$eval("#chapters li:nth-child(2) a", (a) => +a.dataset.begin / 1000),
                    got: await page.evaluate(() => document.getElementById("audio").currentTime),
                    hash: await page.evaluate(() => location.hash) };
    // playing moves the highlight with the sound
    await page.select("#speed", "2");
    await page.keyboard.press("k");
    await new Promise((r) => setTimeout(r, 1500));
    out.play = await page.evaluate(() => {
      const a = document.getElementById("audio");
      const t = a.currentTime * 1000, c = JSON.parse(document.getElementById("clips").textContent);
      let want = null;
      for (const x of c) if (x[1] <= t) want = "s" + x[0];
      a.pause();
      return { paused: a.paused, time: a.currentTime, rate: a.playbackRate, want };
    });
    out.play.got = await current(page);
    await page.screenshot({ path: shot, fullPage: false });
    // the place and the speed are remembered across a reload
    const before = await page.evaluate(() => document.getElementById("audio").currentTime);
    await page.reload({ waitUntil: "load" });
    await page.waitForFunction(() => document.getElementById("audio").readyState >= 1, { timeout: 10000 });
    await new Promise((r) => setTimeout(r, 300));
    out.remember = { before, after: await page.evaluate(() => document.getElementById("audio").currentTime),
                     speed: await page.evaluate(() => document.getElementById("audio").playbackRate) };
    // the top of the page with its third sentence highlighted (the README's picture)
    await seekTo(page, clips[Math.min(2, clips.length - 1)][1] / 1000 + 0.05);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot.replace(/\.png$/, "-top.png"), fullPage: false });
    // 400% zoom: 1280 px at 4x is a 320 px wide viewport; nothing scrolls sideways
    await page.setViewport({ width: 320, height: 256, deviceScaleFactor: 1 });
    await new Promise((r) => setTimeout(r, 200));
    out.zoom = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth,
                                            width: document.documentElement.clientWidth,
                                            sticky: getComputedStyle(document.querySelector(".player")).position }));
    await page.screenshot({ path: shot.replace(/\.png$/, "-400.png"), fullPage: false });
    await page.close();

    // CSS off: the page still reads: every sentence shown, the audio has controls
    page = await browser.newPage();
    watch(page, true);
    await page.setRequestInterception(true);
    page.on("request", (r) => (r.url().endsWith("player.css") ? r.abort() : r.continue()));
    await page.goto(url, { waitUntil: "load" });
    out.nocss = await page.evaluate(() => {
      const s = [...document.querySelectorAll("#text span[id]")];
      return { sentences: s.length, shown: s.filter((e) => e.getClientRects().length > 0).length,
               controls: document.getElementById("audio").controls,
               chapters: document.querySelectorAll("#chapters a").length };
    });
  } catch (e) {
    out.errors.push("driver: " + (e && e.stack || e));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out) + "\n");
})();
