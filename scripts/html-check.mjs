#!/usr/bin/env node
// Renders listingcheck's HTML pages in headless Chromium and checks each one: it loads with no
// console error, no uncaught exception and no network request; its charts are drawn (each an
// <svg class="chart"> with a title, a size and shapes in it); the findings table's script ran.
// Each page is saved in the output folder as a PNG of the whole page and one of its first screen,
// for a person to look at.
//
//   node scripts/html-check.mjs --out DIR PAGE.html[:CHARTS] ...
//
// CHARTS is the least number of charts the page must show (default 0). Chromium is driven over
// the DevTools protocol on a pipe (--remote-debugging-pipe), so nothing but Node and Chromium is
// needed: no npm package, no port. CHROMIUM names the browser (default: `chromium`).
// Exit 0 when every page passes, 1 when one fails, 2 on bad usage or no browser.

import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
if (outAt < 0 || outAt + 1 >= args.length) {
  console.error("usage: node scripts/html-check.mjs --out DIR PAGE.html[:CHARTS] ...");
  process.exit(2);
}
const outDir = resolve(args[outAt + 1]);
const pages = args
  .filter((_, i) => i !== outAt && i !== outAt + 1)
  .map((arg) => {
    const match = /^(.*?)(?::(\d+))?$/.exec(arg);
    return { path: resolve(match[1]), charts: Number(match[2] ?? 0) };
  });
if (pages.length === 0) {
  console.error("no page given");
  process.exit(2);
}
for (const page of pages) {
  if (!existsSync(page.path)) {
    console.error(`no such page: ${page.path}`);
    process.exit(2);
  }
}
mkdirSync(outDir, { recursive: true });

const profile = mkdtempSync(join(tmpdir(), "listingcheck-chromium-"));
const browser = spawn(
  process.env.CHROMIUM || "chromium",
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    `--user-data-dir=${profile}`,
    "--remote-debugging-pipe",
    "about:blank",
  ],
  { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
);
let browserLog = "";
browser.stderr.on("data", (chunk) => {
  browserLog += chunk;
});
browser.on("error", (error) => {
  console.error(`cannot start Chromium: ${error.message}`);
  process.exit(2);
});

// The DevTools protocol over the pipe: JSON messages, each ended by a NUL byte.
const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];
let nextId = 1;
const waiting = new Map();
const listeners = new Set();
let buffered = "";
fromBrowser.on("data", (chunk) => {
  buffered += chunk.toString("utf8");
  let end;
  while ((end = buffered.indexOf("\0")) >= 0) {
    const message = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    if (message.id && waiting.has(message.id)) {
      const { resolve, reject } = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) reject(new Error(`${message.error.message} (${message.error.code})`));
      else resolve(message.result);
    } else if (message.method) {
      for (const listener of listeners) listener(message);
    }
  }
});

function send(method, params = {}, sessionId = undefined) {
  const id = nextId++;
  const message = { id, method, params };
  if (sessionId) message.sessionId = sessionId;
  toBrowser.write(JSON.stringify(message) + "\0");
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    setTimeout(() => {
      if (waiting.delete(id)) reject(new Error(`${method}: no answer in 30 s`));
    }, 30_000);
  });
}

function until(predicate, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listeners.delete(listener);
      reject(new Error(`${what}: not within 30 s`));
    }, 30_000);
    const listener = (message) => {
      if (predicate(message)) {
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(message);
      }
    };
    listeners.add(listener);
  });
}

// What the page shows: its charts, the state of the findings table's controls, its first words.
const INSPECT = `(() => {
  const charts = Array.from(document.querySelectorAll('svg.chart')).map((svg) => {
    const box = svg.getBoundingClientRect();
    return {
      width: Math.round(box.width),
      height: Math.round(box.height),
      shapes: svg.querySelectorAll('rect, path, polyline, polygon, circle, line').length,
      texts: svg.querySelectorAll('text').length,
      title: (svg.querySelector('title') || {}).textContent || '',
      label: svg.getAttribute('aria-label') || '',
    };
  });
  const controls = document.querySelector('.controls');
  return {
    lang: document.documentElement.lang,
    charts,
    findingsTable: !!document.getElementById('findings'),
    controlsShown: !!controls && !controls.hidden,
    first: document.body.innerText.split('\\n').filter((line) => line.trim()).slice(0, 4),
  };
})()`;

async function check(page) {
  const problems = [];
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const url = pathToFileURL(page.path).href;
  const listener = (message) => {
    if (message.sessionId !== sessionId) return;
    const params = message.params;
    switch (message.method) {
      case "Runtime.consoleAPICalled":
        if (params.type === "error" || params.type === "assert") {
          problems.push(`console ${params.type}: ${params.args.map((a) => a.value ?? a.description).join(" ")}`);
        }
        break;
      case "Runtime.exceptionThrown":
        problems.push(`uncaught: ${params.exceptionDetails.exception?.description ?? params.exceptionDetails.text}`);
        break;
      case "Log.entryAdded":
        if (params.entry.level === "error") problems.push(`log error: ${params.entry.text}`);
        break;
      case "Network.requestWillBeSent":
        if (params.request.url !== url) problems.push(`network request: ${params.request.url}`);
        break;
    }
  };
  listeners.add(listener);
  try {
    for (const domain of ["Page", "Runtime", "Log", "Network"]) {
      await send(`${domain}.enable`, {}, sessionId);
    }
    await send(
      "Emulation.setDeviceMetricsOverride",
      { width: 1100, height: 900, deviceScaleFactor: 1, mobile: false },
      sessionId,
    );
    const loaded = until((m) => m.sessionId === sessionId && m.method === "Page.loadEventFired", `load ${url}`);
    await send("Page.navigate", { url }, sessionId);
    await loaded;
    const { result } = await send("Runtime.evaluate", { expression: INSPECT, returnByValue: true }, sessionId);
    const shown = result.value;
    if (!shown.lang) problems.push("<html> has no lang");
    if (shown.charts.length < page.charts) {
      problems.push(`${shown.charts.length} chart(s), expected at least ${page.charts}`);
    }
    shown.charts.forEach((chart, i) => {
      if (chart.width < 200 || chart.height < 100) problems.push(`chart ${i + 1} is ${chart.width}×${chart.height} px`);
      if (chart.shapes < 5 || chart.texts < 3) problems.push(`chart ${i + 1} is empty (${chart.shapes} shapes, ${chart.texts} texts)`);
      if (!chart.title || chart.title !== chart.label) problems.push(`chart ${i + 1} has no matching <title> and aria-label`);
    });
    if (shown.findingsTable && !shown.controlsShown) problems.push("the findings table's controls did not appear: its script did not run");
    const { contentSize } = await send("Page.getLayoutMetrics", {}, sessionId);
    const height = Math.min(Math.ceil(contentSize.height), 8000);
    const { data } = await send(
      "Page.captureScreenshot",
      { format: "png", captureBeyondViewport: true, clip: { x: 0, y: 0, width: 1100, height, scale: 1 } },
      sessionId,
    );
    const name = basename(page.path).replace(/\.html?$/, "");
    const png = join(outDir, `${name}.png`);
    writeFileSync(png, Buffer.from(data, "base64"));
    // The first screen alone: what a reader sees before scrolling.
    const first = await send("Page.captureScreenshot", { format: "png" }, sessionId);
    writeFileSync(join(outDir, `${name}-first-screen.png`), Buffer.from(first.data, "base64"));
    const pdf = await send("Page.printToPDF", { preferCSSPageSize: true, printBackground: true }, sessionId);
    if (!pdf.data) problems.push("printing to PDF gave nothing");
    // Let late console messages arrive before judging.
    await new Promise((r) => setTimeout(r, 200));
    return { problems, shown, png };
  } finally {
    listeners.delete(listener);
    await send("Target.closeTarget", { targetId }).catch(() => {});
  }
}

let failed = 0;
try {
  for (const page of pages) {
    const { problems, shown, png } = await check(page);
    const summary = `${shown.charts.length} chart(s), lang=${shown.lang} → ${png}`;
    if (problems.length) {
      failed++;
      console.log(`FAIL ${page.path}: ${summary}`);
      for (const problem of problems) console.log(`  - ${problem}`);
    } else {
      console.log(`ok   ${page.path}: ${summary}`);
    }
    console.log(`     first lines: ${shown.first.join(" | ")}`);
  }
} catch (error) {
  failed++;
  console.log(`FAIL: ${error.message}`);
  if (browserLog) console.log(browserLog.slice(-2000));
} finally {
  const exited = new Promise((r) => browser.once("exit", r));
  await send("Browser.close").catch(() => {});
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  browser.kill();
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // A profile left in the temporary folder harms nothing.
  }
}
process.exit(failed ? 1 : 0);
