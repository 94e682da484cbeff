/**
 * `npm run bench`: capkit against the peers, against the same emulator. Prints a table and writes
 * `results/latest.json`, `results/report.md` and `results/latency-vs-queries.svg`.
 *
 *   npm run bench                      the full profile (~10 minutes)
 *   npm run bench -- --smoke           every phase on a tiny scale (seconds), into a temporary folder
 *   npm run bench -- --out DIR         write the results elsewhere
 *   npm run bench -- --phases a,b      only some of: latency, overhead, bundles, coldstart
 *   npm run bench -- --render FILE     rewrite the report and chart of a latest.json (after editing the report code)
 *   npm run bench -- --phases bundles --update   rerun some phases and keep the rest of the previous run
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  capkitDocumented,
  capkitEager,
  capkitHazard,
  capkitHazardMedian,
  contenderById,
  learnedContenders,
  matchedContenders,
  OTHERS,
} from './contenders/index.js';
import type { Contender } from './contenders/Contender.js';
import { DISTRIBUTIONS } from './distributions.js';
import { startEmulatorHost } from './emulator/startEmulatorHost.js';
import { measureBundles } from './measureBundles.js';
import { BUILD_COMMAND, requireBuiltDist, type DistFreshness } from './distFreshness.js';
import { COLD_START_CASES, measureColdStart } from './measureColdStart.js';
import { instanceName, latencyInstances, measureLatency, type LatencyResult } from './measureLatency.js';
import { measureOverhead, type OverheadResult } from './overhead/measureOverhead.js';
import { PROFILES, type Profile } from './profiles.js';
import type { BenchResults, WarmUpSummary } from './report/BenchResults.js';
import { evaluateTargets, fastestPeer } from './report/evaluateTargets.js';
import { textTable } from './report/formatTable.js';
import { medianFrontier } from './report/medianFrontier.js';
import { renderChart } from './report/renderChart.js';
import { renderReport } from './report/renderReport.js';
import { bundleRows, coldStartRows, latencyRows, overheadRows, targetRows } from './report/tables.js';
import { scaleModel, warmUpInstance, warmUpLearned, WARM_UP_ID } from './warmUpLearned.js';
import { callbackWarmUpId, callbackWarmUpInstance, warmUpCallback } from './warmUpCallback.js';
import { capkitCallback, capkitCallbackLost, LOST_SHARE } from './contenders/capkitCallback.js';
import { required } from './required.js';

const PHASES = ['latency', 'overhead', 'bundles', 'coldstart'] as const;
type Phase = (typeof PHASES)[number];

const started = performance.now();
const log = (message: string) =>
  process.stderr.write(`[bench ${((performance.now() - started) / 1_000).toFixed(0).padStart(4)} s] ${message}\n`);

/** The clients of the latency runs; the learned one is rebuilt per distribution from its warm-up. */
const LATENCY_CONTENDERS: readonly Contender[] = [
  capkitDocumented,
  capkitEager,
  capkitHazard,
  capkitHazardMedian,
  ...learnedContenders(),
  capkitCallback(),
  capkitCallbackLost(),
  ...OTHERS,
];

/** The callback contenders, each rebuilt per distribution from its own warm-up, with the share of callbacks lost. */
const CALLBACK_CONTENDERS = [
  { id: 'capkit-callback', lost: 0, build: capkitCallback },
  { id: 'capkit-callback-lost', lost: LOST_SHARE, build: capkitCallbackLost },
] as const;
/** Run after the others, with the budget of the peer with the lowest median (their emulator instances are made up front). */
const MATCHED = matchedContenders(undefined, 1);

async function runLatency(
  profile: Profile,
  only?: readonly string[],
): Promise<{ latency: LatencyResult[]; warmUp: WarmUpSummary[] }> {
  const { seed, latency: setup, warmUp: warm } = profile;
  const distributions = DISTRIBUTIONS.filter((distribution) => !only || only.includes(distribution.id));
  const warmScale = warm.timeScale * setup.timeScale;
  const host = await startEmulatorHost({
    instances: [
      ...latencyInstances(distributions, [...LATENCY_CONTENDERS, ...MATCHED], seed, setup.timeScale),
      ...distributions.flatMap((distribution) => [
        { name: instanceName(distribution, WARM_UP_ID), options: warmUpInstance(distribution, seed, warmScale) },
        ...CALLBACK_CONTENDERS.map(({ id, lost }) => ({
          name: instanceName(distribution, callbackWarmUpId(id)),
          options: callbackWarmUpInstance(distribution, lost, seed, warmScale),
        })),
      ]),
    ],
  });
  const latency: LatencyResult[] = [];
  const warmUp: WarmUpSummary[] = [];
  try {
    for (const distribution of distributions) {
      log(`${distribution.id}: warming the learned and callback policies up (${warm.tasks} tasks each)`);
      const warmSetup = {
        distribution,
        tasks: warm.tasks,
        rounds: warm.rounds,
        timeScale: warmScale,
        staggerMs: warm.staggerMs,
      };
      const [learnedModel, ...callbackWarmUps] = await Promise.all([
        warmUpLearned({
          ...warmSetup,
          url: required(host.urls[instanceName(distribution, WARM_UP_ID)], 'the warm-up emulator'),
        }),
        ...CALLBACK_CONTENDERS.map(({ id, lost }) =>
          warmUpCallback({
            ...warmSetup,
            lost,
            url: required(host.urls[instanceName(distribution, callbackWarmUpId(id))], 'a callback warm-up emulator'),
          }),
        ),
      ]);
      const callbackBuilt = CALLBACK_CONTENDERS.map(({ build }, index) => build(callbackWarmUps[index]));
      for (const [index, { id }] of CALLBACK_CONTENDERS.entries())
        log(`  ${id}: the warm-up learned a callback loss rate of ${callbackWarmUps[index]?.lossRate.toFixed(4)}`);
      // From service ms to the measured run's scale (the same, in real time).
      const model = scaleModel(learnedModel, setup.timeScale);
      warmUp.push({
        distribution: distribution.id,
        tasks: warm.tasks,
        samples: Object.fromEntries(Object.entries(model.types).map(([type, samples]) => [type, samples.length])),
      });
      const learned = new Map(
        [...learnedContenders(model), ...callbackBuilt].map((contender) => [contender.id, contender]),
      );
      const contenders = LATENCY_CONTENDERS.map((contender) => learned.get(contender.id) ?? contender);
      log(`${distribution.id}: ${contenders.length} clients × ${setup.tasks} concurrent tasks`);
      const run = { host, distribution, tasks: setup.tasks, staggerMs: setup.staggerMs, timeScale: setup.timeScale };
      const results = await measureLatency({ ...run, contenders });
      const best = fastestPeer(results, distribution.id);
      if (best) {
        // A second round, without the peers: hazard and learned with the best peer's measured budget.
        log(
          `${distribution.id}: hazard and learned, median, at ${best.contender}'s ${best.queriesPerTask} queries/task`,
        );
        results.push(...(await measureLatency({ ...run, contenders: matchedContenders(model, best.queriesPerTask) })));
      }
      for (const result of results)
        log(
          `  ${result.contender.padEnd(18)} median ${Math.round(result.latencyMs.median)} ms, ${result.queriesPerTask} queries/task, ${result.failures} failures`,
        );
      latency.push(...results);
    }
  } finally {
    await host.close();
  }
  return { latency, warmUp };
}

/** Budgets the frontier is computed at: a spread, plus every measured client's own queries per task. */
const FRONTIER_BUDGETS = [1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 14, 20, 30, 40];

function frontiers(profile: Profile, latency: readonly LatencyResult[]): BenchResults['frontier'] {
  return DISTRIBUTIONS.filter((distribution) => latency.some((entry) => entry.distribution === distribution.id)).map(
    (distribution) => {
      const measured = latency
        .filter((entry) => entry.distribution === distribution.id)
        .map((entry) => entry.queriesPerTask);
      const budgets = [...new Set([...(profile.name === 'full' ? FRONTIER_BUDGETS : []), ...measured])].sort(
        (a, b) => a - b,
      );
      const components =
        distribution.id === 'mixture'
          ? [
              { weight: 1, distribution: distribution.planning.recaptcha },
              { weight: 1, distribution: distribution.planning.turnstile },
            ]
          : [{ weight: 1, distribution: distribution.planning.recaptcha }];
      log(`${distribution.id}: median-latency frontier at ${budgets.length} budgets`);
      const points = medianFrontier(components, budgets, {
        horizonMs: 45_000,
        gapMs: 250,
        cells: profile.frontierCells,
      });
      // Service ms to the latency run's (real) ms.
      return {
        distribution: distribution.id,
        points: points.map((point) => ({ ...point, medianMs: point.medianMs * profile.latency.timeScale })),
      };
    },
  );
}

async function runOverhead(profile: Profile): Promise<OverheadResult[]> {
  const results: OverheadResult[] = [];
  for (const id of profile.overhead.contenders) {
    log(`overhead: ${id}, ${profile.overhead.tasks} tasks`);
    const { tasks, rampMs, solveMs, timeScale, warmUpTasks } = profile.overhead;
    const result = await measureOverhead({
      contender: contenderById(id),
      tasks,
      rampMs,
      solveMs,
      timeScale,
      warmUpTasks,
      seed: profile.seed,
    });
    const kB = (bytes: number | undefined) => (bytes === undefined ? '–' : (bytes / 1_000).toFixed(1));
    log(
      `  ${result.cpuMsPer1000Polls} ms CPU / 1k polls; per task: settled heap ${kB(result.settledHeapBytesPerTask)} kB, ` +
        `settled RSS ${kB(result.settledRssBytesPerTask)} kB, peak RSS ${kB(result.rssBytesPerTask)} kB, peak heap ${kB(result.heapBytesPerTask)} kB ` +
        `(forced GC ${result.settleGcMs} ms, ${result.settledTasksInFlight} tasks in flight); loop p99 ${result.eventLoopDelayMs.p99} ms`,
    );
    results.push(result);
  }
  return results;
}

function parse(): {
  profile: Profile;
  out: string;
  phases: Set<Phase>;
  render: string | undefined;
  update: boolean;
  only: string[] | undefined;
} {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean' },
      short: { type: 'boolean' },
      distributions: { type: 'string' },
      out: { type: 'string' },
      phases: { type: 'string' },
      render: { type: 'string' },
      update: { type: 'boolean' },
    },
  });
  const profile = PROFILES[values.smoke ? 'smoke' : values.short ? 'short' : 'full'];
  const defaultOut = values.smoke
    ? join(tmpdir(), 'capkit-bench-smoke')
    : fileURLToPath(new URL('../results', import.meta.url));
  const phases = new Set((values.phases?.split(',') ?? PHASES).map((phase) => phase.trim()) as Phase[]);
  for (const phase of phases)
    if (!PHASES.includes(phase)) throw new Error(`Unknown phase "${phase}" (use ${PHASES.join(', ')})`);
  return {
    profile,
    out: values.out ?? (values.render ? dirname(values.render) : defaultOut),
    phases,
    render: values.render,
    update: values.update ?? false,
    // `--distributions uniform,logNormal`: only these latency runs (a short run on a shared machine).
    only: values.distributions?.split(',').map((id) => id.trim()),
  };
}

/** Writes latest.json, report.md and the chart, with the targets judged afresh. */
async function write(out: string, measured: Omit<BenchResults, 'targets'>): Promise<BenchResults> {
  const results: BenchResults = { ...measured, targets: evaluateTargets(measured) };
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(out, 'report.md'), renderReport(results));
  await writeFile(join(out, 'latency-vs-queries.svg'), renderChart(results));
  return results;
}

type Measured = Omit<BenchResults, 'targets'>;

/**
 * Checks the built `dist` the overhead and cold-start phases import, before anything runs: fails
 * when it is missing, warns when its source changed since (the report says so too).
 */
function checkDist(phases: ReadonlySet<Phase>): Record<string, DistFreshness> | undefined {
  if (!phases.has('overhead') && !phases.has('coldstart')) return undefined;
  const freshness = requireBuiltDist();
  const stale = Object.entries(freshness).filter(([, entry]) => entry.stale);
  for (const [name, entry] of stale)
    log(
      `warning: the dist of ${name} (built ${entry.builtAt}) is older than its source (changed ${entry.sourceChangedAt})`,
    );
  if (stale.length > 0) log(`  rebuild with ${BUILD_COMMAND} before quoting the overhead and cold-start figures`);
  return freshness;
}

/** Runs the chosen phases; what they measure, with when. */
async function measure(
  profile: Profile,
  phases: ReadonlySet<Phase>,
  only?: readonly string[],
): Promise<Partial<Measured>> {
  const part: Partial<Measured> = {};
  const at = () => new Date().toISOString();
  part.measuredAt = {};
  const freshness = checkDist(phases);
  if (freshness) part.distFreshness = freshness;
  if (phases.has('latency')) {
    const { latency, warmUp } = await runLatency(profile, only);
    Object.assign(part, { latency, warmUp, frontier: frontiers(profile, latency) });
    part.measuredAt.latency = at();
  }
  if (phases.has('overhead')) {
    part.overhead = await runOverhead(profile);
    part.measuredAt.overhead = at();
  }
  if (phases.has('bundles')) {
    log('bundles');
    part.bundles = await measureBundles();
    part.measuredAt.bundles = at();
  }
  if (phases.has('coldstart')) {
    log('cold start');
    part.coldStart = COLD_START_CASES.map((entry) =>
      measureColdStart(entry.id, entry.specifier, profile.coldStartRuns),
    );
    part.measuredAt.coldstart = at();
  }
  return part;
}

/** A run with nothing measured yet: the setting every phase fills in. */
function emptyRun(profile: Profile, loadStart: number[]): Measured {
  return {
    version: 1,
    profile,
    generatedAt: new Date().toISOString(),
    measuredAt: {},
    durationMs: 0,
    machine: {
      node: process.versions.node,
      platform: `${platform()} ${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadAverage: { start: loadStart, end: loadStart },
    },
    distributions: DISTRIBUTIONS.map(({ id, description }) => ({ id, description })),
    contenders: contenderList(profile),
    latency: [],
    frontier: [],
    warmUp: [],
    overhead: [],
    bundles: [],
    coldStart: [],
    distFreshness: {},
  };
}

/** Every contender of a run, once each, as the report names them (taken from the code, also when updating a run). */
function contenderList(profile: Profile): BenchResults['contenders'] {
  return [...LATENCY_CONTENDERS, ...MATCHED, ...profile.overhead.contenders.map(contenderById)]
    .filter((contender, index, all) => all.findIndex((other) => other.id === contender.id) === index)
    .map(({ id, name, family }) => ({ id, name, family }));
}

async function main(): Promise<void> {
  const { profile, out, phases, render, update, only } = parse();
  const previous =
    render || update
      ? (JSON.parse(await readFile(render ?? join(out, 'latest.json'), 'utf8')) as BenchResults)
      : undefined;
  if (render && previous) {
    const { targets: _judged, ...measured } = previous;
    print(await write(out, measured));
    log(`re-rendered ${join(out, 'report.md')}`);
    return;
  }
  const loadStart = loadavg();
  log(
    `profile ${profile.name}, phases ${[...phases].join(', ')}, results in ${out}${update ? ' (updating the previous run)' : ''}`,
  );
  const part = await measure(profile, phases, only);
  const base: Measured = previous
    ? { ...previous, measuredAt: previous.measuredAt ?? {} }
    : emptyRun(profile, loadStart);
  const measured: Measured = {
    ...base,
    ...part,
    contenders: contenderList(profile),
    measuredAt: { ...base.measuredAt, ...part.measuredAt },
    ...(previous
      ? {}
      : {
          durationMs: Math.round(performance.now() - started),
          machine: { ...base.machine, loadAverage: { start: loadStart, end: loadavg() } },
        }),
  };
  print(await write(out, measured));
  log(`done; wrote ${join(out, 'report.md')}`);
}

function print(results: BenchResults): void {
  const sections: string[] = [];
  for (const distribution of results.distributions) {
    const rows = latencyRows(results, distribution.id);
    if (rows.rows.length > 0)
      sections.push(`Latency after ready, ${distribution.description}\n${textTable(rows.header, rows.rows)}`);
  }
  for (const [title, rows] of [
    ['Overhead', overheadRows(results)],
    ['Bundles', bundleRows(results)],
    ['Cold start', coldStartRows(results)],
    ['Targets', targetRows(results)],
  ] as const) {
    if (rows.rows.length > 0) sections.push(`${title}\n${textTable(rows.header, rows.rows)}`);
  }
  process.stdout.write(`${sections.join('\n\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
