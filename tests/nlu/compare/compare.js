#!/usr/bin/env node
// Baseline for the Follow-Up Bot intent classifier: NLP.js (npm package `node-nlp`).
//
// Trains NLP.js on every example in rules/intents.yaml (keywords are NOT used), then
// evaluates it on the held-out set tests/nlu/eval.tsv (never trained on) and prints the
// same report shape as our C++ evaluation tool.
//
// Usage:  cd tests/nlu/compare && npm ci && node compare.js [FILE]
//         node compare.js --misses 30        (show more of the worst misses)
// FILE defaults to tests/nlu/eval.tsv; tests/nlu/realistic.tsv (category<TAB>intents<TAB>text,
// intents joined with '+') is read too. NLP.js gives one intent per message, so a mixed
// message counts as right only if it carries one intent, which none does.
//
// Settings: NlpManager defaults, plus { languages: ['en'], nlu: { log: false }, autoSave: false }.
// An NLP.js answer of 'None' (score below its default 0.5 threshold) or no intent counts
// as "unknown".

'use strict';

const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');
const yaml = require('js-yaml');
const { NlpManager } = require('node-nlp');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const INTENTS_FILE = path.join(ROOT, 'rules', 'intents.yaml');
const EVAL_FILE = path.join(ROOT, 'tests', 'nlu', 'eval.tsv');
const UNKNOWN = 'unknown';

function parseArgs(argv) {
  const opts = { misses: 15, file: EVAL_FILE };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--misses' && i + 1 < argv.length) {
      opts.misses = Math.max(0, parseInt(argv[i + 1], 10) || 0);
      i += 1;
    } else if (argv[i] === '-h' || argv[i] === '--help') {
      console.log('usage: node compare.js [--misses N] [FILE]');
      process.exit(0);
    } else if (!argv[i].startsWith('-')) {
      opts.file = path.resolve(process.cwd(), argv[i]);
    } else {
      console.error(`unknown argument: ${argv[i]}`);
      process.exit(2);
    }
  }
  return opts;
}

function loadTraining(file) {
  const doc = yaml.load(fs.readFileSync(file, 'utf8'));
  if (!doc || typeof doc.intents !== 'object' || doc.intents === null) {
    throw new Error(`${file}: no top-level "intents" map`);
  }
  const intents = Object.keys(doc.intents);
  const examples = [];
  for (const intent of intents) {
    const list = (doc.intents[intent] && doc.intents[intent].examples) || [];
    for (const ex of list) {
      const text = String(ex).trim();
      if (text) examples.push({ intent, text });
    }
  }
  return { intents, examples };
}

function loadEval(file) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const header = lines[0].split('\t');
  const three = header[0] === 'category' && header[1] === 'intents' && header[2] === 'text';
  if (!three && (header[0] !== 'intent' || header[1] !== 'text')) {
    throw new Error(`${file}: expected header "intent<TAB>text" or "category<TAB>intents<TAB>text", got "${lines[0]}"`);
  }
  const rows = [];
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i];
    if (!line.trim() || line.startsWith('#')) continue;
    const f = line.split('\t');
    if (f.length < 2) throw new Error(`${file}:${i + 1}: no TAB`);
    if (three) {
      const labels = f[1].split('+');
      rows.push({ category: f[0], labels, intent: labels[0], text: f.slice(2).join('\t').trim() });
    } else {
      rows.push({ category: '', labels: [f[0].trim()], intent: f[0].trim(), text: f.slice(1).join('\t').trim() });
    }
  }
  return rows;
}

const f3 = (x) => x.toFixed(3);
const pad = (s, n) => (s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const nlpVersion = require('node-nlp/package.json').version;
  const { intents, examples } = loadTraining(INTENTS_FILE);
  const evalRows = loadEval(opts.file);

  const manager = new NlpManager({ languages: ['en'], nlu: { log: false }, autoSave: false });
  for (const { intent, text } of examples) manager.addDocument('en', text, intent);

  const t0 = performance.now();
  await manager.train();
  const trainMs = performance.now() - t0;

  // Evaluate one message at a time (sequentially) so the latency is per message.
  const results = [];
  let totalMs = 0;
  for (const row of evalRows) {
    const s = performance.now();
    const res = await manager.process('en', row.text);
    totalMs += performance.now() - s;
    const raw = res && res.intent ? res.intent : 'None';
    const got = raw === 'None' ? UNKNOWN : raw;
    // When NLP.js falls back to 'None' it sets the score to 1 (also when no intent scored
    // above 0). Report the best score of a real intent instead (0 if none), so that a
    // 'None' answer with no evidence does not look like a confident one.
    const best = ((res && res.classifications) || [])
      .filter((c) => c.intent !== 'None')
      .reduce((m, c) => Math.max(m, c.score), 0);
    const score = raw === 'None' || typeof res.score !== 'number' ? best : res.score;
    results.push({ ...row, got, raw, score });
  }

  // Labels: intents of the training file, in file order, plus any label only in eval.tsv.
  const labels = [...intents];
  for (const r of evalRows) if (!labels.includes(r.intent)) labels.push(r.intent);

  const n = results.length;
  // Right: the one intent given is the only label (a mixed message needs every intent).
  for (const r of results) r.right = r.labels.length === 1 && r.got === r.intent;
  const correct = results.filter((r) => r.right).length;
  console.log(`NLP.js (node-nlp ${nlpVersion}) trained on ${examples.length} examples, evaluated on ${n} messages (${path.relative(ROOT, opts.file)})`);
  console.log(`accuracy: ${f3(n ? correct / n : 0)}  (${correct}/${n})`);
  const categories = [...new Set(results.map((r) => r.category))].filter((c) => c);
  for (const c of categories) {
    const inCat = results.filter((r) => r.category === c);
    const ok = inCat.filter((r) => r.right).length;
    console.log(`  ${pad(c, 10)} ${f3(ok / inCat.length)}  (${ok}/${inCat.length})`);
  }
  const single = results.filter((r) => r.labels.length === 1);
  const off = single.filter((r) => r.intent === UNKNOWN);
  const offFound = off.filter((r) => r.got === UNKNOWN).length;
  const saidIn = single.filter((r) => r.got !== UNKNOWN);
  const saidInRight = saidIn.filter((r) => r.intent !== UNKNOWN).length;
  console.log(`off-topic recall: ${f3(off.length ? offFound / off.length : 0)}  (${offFound}/${off.length})   in-field precision: ${f3(saidIn.length ? saidInRight / saidIn.length : 0)}  (${saidInRight}/${saidIn.length})`);

  const rows = [];
  for (const label of labels) {
    const tp = single.filter((r) => r.intent === label && r.got === label).length;
    const predicted = single.filter((r) => r.got === label).length;
    const support = single.filter((r) => r.intent === label).length;
    const p = predicted ? tp / predicted : 0;
    const rc = support ? tp / support : 0;
    const f = p + rc ? (2 * p * rc) / (p + rc) : 0;
    rows.push({ label, p, rc, f, support });
  }
  const withSupport = rows.filter((r) => r.support > 0);
  const macroRecall = withSupport.reduce((a, r) => a + r.rc, 0) / (withSupport.length || 1);
  console.log(`macro recall: ${f3(macroRecall)}`);
  console.log(`${pad('intent', 23)}${pad('precision', 10)}${pad('recall', 8)}${pad('f1', 7)}support`);
  for (const r of rows) {
    console.log(`${pad(r.label, 23)}${pad(f3(r.p), 10)}${pad(f3(r.rc), 8)}${pad(f3(r.f), 7)}${r.support}`);
  }

  console.log('');
  console.log(`training time: ${(trainMs / 1000).toFixed(2)} s`);
  console.log(`avg latency: ${(n ? totalMs / n : 0).toFixed(3)} ms/message (NlpManager.process, sequential)`);

  const misses = results
    .map((r, i) => ({ ...r, i }))
    .filter((r) => !r.right)
    .sort((a, b) => b.score - a.score || a.i - b.i);
  const shown = misses.slice(0, opts.misses);
  console.log('');
  console.log(`worst misses (${shown.length} of ${misses.length}, most confident first):`);
  console.log(`${pad('score', 7)}${pad('expected', 23)}${pad('got', 23)}text`);
  for (const m of shown) {
    const got = m.raw === 'None' ? `${UNKNOWN} (None)` : m.got;
    console.log(`${pad(f3(m.score), 7)}${pad(m.labels.join('+'), 23)}${pad(got, 23)}${JSON.stringify(m.text)}`);
  }
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
