import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BENCH_DIR } from './process/spawnTs.js';
import { required } from './required.js';

/** One bundle to build: an entry module as a browser app would write it. */
export interface BundleCase {
  id: string;
  /** The package measured. */
  package: string;
  /** `all`: everything the package exports; `typical`: one client solving one task. */
  usage: 'all' | 'typical';
  entry: string;
}

/** The size of one bundle, or why it could not be built. */
export interface BundleResult {
  id: string;
  package: string;
  usage: BundleCase['usage'];
  minifiedBytes?: number;
  gzipBytes?: number;
  /** The biggest packages in the minified bundle (bytes of output). */
  largest?: Array<{ name: string; bytes: number }>;
  error?: string;
}

/** The package (or workspace folder) an esbuild input path belongs to. */
function packageOf(path: string): string {
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope = '', name] = path.slice(modules + 13).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const workspace = /packages\/([^/]+)\//.exec(path);
  return workspace ? `@capkit/${workspace[1]}` : path;
}

function largestPackages(inputs: Record<string, { bytesInOutput: number }>): Array<{ name: string; bytes: number }> {
  const bytes = new Map<string, number>();
  for (const [path, input] of Object.entries(inputs))
    bytes.set(packageOf(path), (bytes.get(packageOf(path)) ?? 0) + input.bytesInOutput);
  return [...bytes]
    .map(([name, size]) => ({ name, bytes: size }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 4);
}

const RECAPTCHA = `{ websiteURL: 'https://www.google.com/recaptcha/api2/demo', websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-' }`;

/** capkit's browser package against each peer, each used as its README shows. */
export const BUNDLE_CASES: readonly BundleCase[] = [
  { id: 'capkit-browser-all', package: '@capkit/browser', usage: 'all', entry: `export * from '@capkit/browser';` },
  {
    id: 'capkit-browser-typical',
    package: '@capkit/browser',
    usage: 'typical',
    entry: `import { createClient } from '@capkit/browser';
const client = createClient({ proxyUrl: '/api/capsolver' });
client.solve({ type: 'ReCaptchaV2TaskProxyLess', ...${RECAPTCHA} }).then((result) => console.log(result.solution));`,
  },
  {
    id: 'capmonster-all',
    package: '@zennolab_com/capmonstercloud-client',
    usage: 'all',
    entry: `export * from '@zennolab_com/capmonstercloud-client';`,
  },
  {
    id: 'capmonster-typical',
    package: '@zennolab_com/capmonstercloud-client',
    usage: 'typical',
    entry: `import capmonster from '@zennolab_com/capmonstercloud-client';
const client = capmonster.CapMonsterCloudClientFactory.Create(new capmonster.ClientOptions({ clientKey: 'key' }));
client.Solve(new capmonster.RecaptchaV2Request(${RECAPTCHA})).then((result) => console.log(result.solution));`,
  },
  {
    id: 'anticaptcha-typical',
    package: '@antiadmin/anticaptchaofficial',
    usage: 'typical',
    entry: `import anticaptcha from '@antiadmin/anticaptchaofficial';
anticaptcha.setAPIKey('key');
anticaptcha.solveRecaptchaV2Proxyless('https://www.google.com/recaptcha/api2/demo', '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-').then(console.log);`,
  },
];

/**
 * Builds one bundle the same way for every package: esbuild, bundle + minify, ESM for browsers,
 * production mode; the size is the minified output gzipped at level 9. capkit is read from its
 * source (the `@capkit/source` condition), so the figure is the current code's, with no build step
 * (within about 0.2 kB of a bundle of the built `dist`).
 */
export async function measureBundle(bundle: BundleCase): Promise<BundleResult> {
  try {
    const result = await build({
      stdin: { contents: bundle.entry, resolveDir: BENCH_DIR, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      // Naming any condition drops esbuild's implicit `module` one, which picks e.g. xstate's ESM build:
      // keep it, as every bundler does.
      conditions: ['@capkit/source', 'module'],
      define: { 'process.env.NODE_ENV': '"production"' },
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const code = required(result.outputFiles[0], 'the bundle output').contents;
    const [output] = Object.values(result.metafile.outputs);
    return {
      id: bundle.id,
      package: bundle.package,
      usage: bundle.usage,
      minifiedBytes: code.byteLength,
      gzipBytes: gzipSync(code, { level: 9 }).byteLength,
      largest: output ? largestPackages(output.inputs) : [],
    };
  } catch (error) {
    return {
      id: bundle.id,
      package: bundle.package,
      usage: bundle.usage,
      error: error instanceof Error ? error.message.split('\n')[0] : String(error),
    };
  }
}

/** Every bundle case, one after the other. */
export async function measureBundles(cases: readonly BundleCase[] = BUNDLE_CASES): Promise<BundleResult[]> {
  const results: BundleResult[] = [];
  for (const bundle of cases) results.push(await measureBundle(bundle));
  return results;
}
