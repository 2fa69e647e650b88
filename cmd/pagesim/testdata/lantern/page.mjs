// Times Lighthouse's Lantern simulator (Chrome DevTools' trace engine,
// models/trace/lantern) on a page that pagesim describes, for the
// ×Lantern ratio of cmd/pagesim's BenchmarkCLIPage1001 measured in the
// same run (bench_lantern_test.go).
//
//   node page.mjs PAGE.json
//
// PAGE.json: {"rtt_ms": 100, "down_bps": 1500000, "warmup": 5, "runs": 20,
//   "objects": [{"url": "http://example.com/0", "size": 16655, "parent": -1}, ...]}
// with each object's parent the index of the object it waits for (-1 for
// the root, which must come first). It prints one JSON line:
//   {"ms_per_page": …, "load_ms": …, "objects": …, "origins": …}
// ms_per_page is the median wall time of one Simulator.simulate call on
// the page's graph over the timed runs, after the warm-up runs (the
// JIT's); building the graph is done once and not counted, so the figure
// is Lantern's simulation alone (JavaScript runs on one thread; the
// garbage collector's helper threads are not counted). load_ms is the
// simulated load time Lantern computes, for the reader's curiosity: its
// model of TCP (a fluid estimate per round trip) is not pagesim's.
import {readFileSync} from 'node:fs';
import {Graph, Simulation} from '@paulirish/trace_engine/models/trace/lantern/lantern.js';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
if (!Array.isArray(spec.objects) || spec.objects.length === 0 || spec.objects[0].parent !== -1) {
  throw new Error('page.mjs: objects must be a non-empty list whose first entry is the root (parent -1)');
}

// One Lantern NetworkRequest per object. The observed times only decide
// which requests Lantern's coarse estimate (NetworkAnalyzer
// .estimateIfConnectionWasReused) counts as reusing a connection: the
// root ends before any other request starts, so every origin opens one
// connection, which Lantern's pool widens to Chrome's six for HTTP/1.1.
function request(o, i, doc) {
  const u = new URL(o.url);
  const root = i === 0;
  return {
    requestId: String(i),
    connectionId: 0,
    connectionReused: !root,
    url: o.url,
    protocol: 'http/1.1',
    parsedURL: {scheme: u.protocol.slice(0, -1), host: u.hostname, securityOrigin: u.origin},
    documentURL: doc,
    rendererStartTime: root ? 0 : 2,
    networkRequestTime: root ? 0 : 2,
    responseHeadersEndTime: root ? 0.5 : 2.5,
    networkEndTime: root ? 1 : 3,
    transferSize: o.size,
    resourceSize: o.size,
    fromDiskCache: false,
    fromMemoryCache: false,
    isLinkPreload: false,
    finished: true,
    failed: false,
    statusCode: 200,
    initiator: {type: root ? 'other' : 'parser', url: doc},
    resourceType: root ? 'Document' : 'Image',
    mimeType: root ? 'text/html' : 'image/png',
    priority: root ? 'VeryHigh' : 'Low',
    frameId: 'frame',
    fromWorker: false,
    serverResponseTime: 0,
  };
}

const doc = spec.objects[0].url;
const nodes = spec.objects.map((o, i) => new Graph.NetworkNode(request(o, i, doc)));
spec.objects.forEach((o, i) => {
  if (i > 0) {
    if (!(o.parent >= 0 && o.parent < i)) throw new Error(`page.mjs: object ${i}: parent ${o.parent} is not an earlier object`);
    nodes[o.parent].addDependent(nodes[i]);
  }
});
const origins = new Set(spec.objects.map(o => new URL(o.url).origin));

function simulate() {
  const sim = new Simulation.Simulator({
    rtt: spec.rtt_ms,
    throughput: spec.down_bps,
    maximumConcurrentRequests: 10,
    cpuSlowdownMultiplier: 1,
    layoutTaskMultiplier: 1,
    additionalRttByOrigin: new Map(),
    // Lantern reads 0 as "unknown" and uses its 30 ms default.
    serverResponseTimeByOrigin: new Map([...origins].map(o => [o, 0])),
  });
  return sim.simulate(nodes[0]);
}

let result;
for (let i = 0; i < (spec.warmup ?? 5); i++) result = simulate();
const runs = Math.max(1, spec.runs ?? 20);
const ms = [];
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  result = simulate();
  ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
ms.sort((a, b) => a - b);
console.log(JSON.stringify({
  ms_per_page: ms[Math.floor(ms.length / 2)],
  load_ms: result.timeInMs,
  objects: nodes.length,
  origins: origins.size,
}));
