import type { Contender } from '../contenders/Contender.js';
import type { BenchDistribution } from '../distributions.js';
import type { LatencyResult } from '../measureLatency.js';
import type { BundleResult } from '../measureBundles.js';
import type { ColdStartResult } from '../measureColdStart.js';
import type { DistFreshness } from '../distFreshness.js';
import type { OverheadResult } from '../overhead/measureOverhead.js';
import type { Profile } from '../profiles.js';
import type { FrontierPoint } from './medianFrontier.js';

/** One target of the issues, judged on a run. */
export interface TargetVerdict {
  issue: 8 | 10 | 19;
  target: string;
  /** `null`: not measured in this run. */
  met: boolean | null;
  /** Targets judged per distribution: met or not on each. */
  byDistribution?: Record<string, boolean> | undefined;
  /** The figures behind the verdict, and why when missed. */
  detail: string;
}

/** What the learned policy knew when its latency run started. */
export interface WarmUpSummary {
  distribution: BenchDistribution['id'];
  tasks: number;
  /** Observations per task type in the model handed to the measured run. */
  samples: Record<string, number>;
}

/** Everything one `npm run bench` produced (tools/bench/results/latest.json). */
export interface BenchResults {
  version: 1;
  profile: Profile;
  generatedAt: string;
  /** When each phase was measured (a phase rerun with `--update` gets its own time). */
  measuredAt: Partial<Record<'latency' | 'overhead' | 'bundles' | 'coldstart', string>>;
  durationMs: number;
  machine: {
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    loadAverage: { start: number[]; end: number[] };
  };
  distributions: Array<Pick<BenchDistribution, 'id' | 'description'>>;
  contenders: Array<Pick<Contender, 'id' | 'name' | 'family'>>;
  latency: LatencyResult[];
  /** Per distribution: the lowest median latency any poll schedule reaches for each query budget (a yardstick). */
  frontier: Array<{ distribution: BenchDistribution['id']; points: FrontierPoint[] }>;
  warmUp: WarmUpSummary[];
  overhead: OverheadResult[];
  bundles: BundleResult[];
  coldStart: ColdStartResult[];
  /**
   * Whether the built `dist` the overhead and cold-start figures import (`@capkit/node`, `@capkit/core`,
   * `@capkit/api`) is older than its source, by package name. Runs before the overhead phase imported
   * the dist have only `@capkit/node` and `@capkit/core`, without `sourceChangedAt`.
   */
  distFreshness: Record<string, DistFreshness>;
  targets: TargetVerdict[];
}
