// The release dry run (tools/scripts/checks/release-dry-run.sh). What a user gets from `npm install`:
//  1. every publishable package's package.json has the metadata a registry page needs (license, keywords,
//     homepage, bugs, repository), and @capkit/browser sets no engines.node (it runs in browsers);
//  2. `npm pack` of each holds LICENSE (the root one), README.md, dist with source maps, and no tests;
//  3. the tarballs install together into a clean temporary project (their dependencies from the npm cache,
//     else the registry), whatever version numbers are set;
//  4. each package imports from ESM (`import`) and CJS (`require`) in a fresh Node process, and the
//     `capkit` bin runs;
//  5. a consumer type-checks against the installed declarations under moduleResolution node16, nodenext
//     (an ESM and a CJS file each) and bundler, with skipLibCheck off and the exact types still exact.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'capkit-release-'));
const started = Date.now();
const problems = [];
const fail = (message) => {
  problems.push(message);
  console.log(`  FAIL ${message}`);
};
const run = (command, args, options = {}) =>
  execFileSync(command, args, { cwd: work, encoding: 'utf8', stdio: 'pipe', ...options });

const license = readFileSync(join(root, 'LICENSE'), 'utf8');
const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir, path: join(root, 'packages', dir) }))
  .map((entry) => ({ ...entry, pkg: JSON.parse(readFileSync(join(entry.path, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => !pkg.private);

// 1. Metadata.
for (const { dir, pkg } of packages) {
  if (pkg.license !== 'MIT') fail(`${pkg.name}: license must be MIT`);
  if (!Array.isArray(pkg.keywords) || pkg.keywords.length === 0) fail(`${pkg.name}: no keywords`);
  if (typeof pkg.homepage !== 'string' || !pkg.homepage.startsWith('https://')) fail(`${pkg.name}: no homepage`);
  if (typeof pkg.bugs?.url !== 'string') fail(`${pkg.name}: no bugs.url`);
  if (pkg.repository?.directory !== `packages/${dir}`) fail(`${pkg.name}: repository.directory is not packages/${dir}`);
  if (typeof pkg.description !== 'string' || !pkg.description) fail(`${pkg.name}: no description`);
}
const browser = packages.find(({ pkg }) => pkg.name === '@capkit/browser')?.pkg;
if (browser?.engines?.node) fail('@capkit/browser: engines.node is set, but the package runs in browsers');
const bullmq = packages.find(({ pkg }) => pkg.name === '@capkit/bullmq')?.pkg;
if (bullmq && (!bullmq.peerDependencies?.bullmq || bullmq.dependencies?.bullmq)) {
  fail('@capkit/bullmq: bullmq must be a peer dependency (the application owns its BullMQ), not a dependency');
}

// 2. Tarballs, packed by one npm process.
const tarballs = [];
let packedAll = [];
try {
  const workspaces = packages.flatMap(({ dir }) => ['--workspace', `packages/${dir}`]);
  packedAll = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work, ...workspaces], { cwd: root }));
} catch (error) {
  fail(
    `npm pack failed: ${String(error.stderr ?? error)
      .split('\n')
      .slice(0, 5)
      .join(' ')}`,
  );
}
for (const { path, pkg } of packages) {
  const packed = packedAll.find((entry) => entry.name === pkg.name);
  if (!packed) {
    fail(`${pkg.name}: not packed`);
    continue;
  }
  tarballs.push(join(work, packed.filename));
  const files = packed.files.map((file) => file.path);
  for (const needed of ['LICENSE', 'README.md', 'package.json']) {
    if (!files.includes(needed)) fail(`${pkg.name}: the tarball has no ${needed}`);
  }
  if (readFileSync(join(path, 'LICENSE'), 'utf8') !== license) fail(`${pkg.name}: LICENSE differs from the root one`);
  if (!files.some((file) => /^dist\/.+\.(mjs|cjs)$/.test(file))) fail(`${pkg.name}: no built dist (build first)`);
  if (!files.some((file) => /^dist\/.+\.map$/.test(file))) fail(`${pkg.name}: no source maps in dist`);
  const tests = files.filter((file) => file.includes('__tests__'));
  if (tests.length) fail(`${pkg.name}: tests in the tarball (${tests[0]}, …)`);
  console.log(`  ok   ${pkg.name}@${pkg.version}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} kB packed`);
}

// 3. Install into a clean project (the TypeScript and Node types of the repository, for step 5).
const repoVersion = (name) =>
  JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'capkit-release-check', private: true }));
try {
  run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    '--prefer-offline',
    '--loglevel=error',
    ...tarballs,
    `typescript@${repoVersion('typescript')}`,
    `@types/node@${repoVersion('@types/node')}`,
  ]);
  console.log(`  ok   ${tarballs.length} tarballs installed into a clean project`);
} catch (error) {
  fail(`npm install of the tarballs failed:\n${String(error.stderr ?? error).slice(0, 2000)}`);
}

const step = (what) => console.log(`       (${what} after ${((Date.now() - started) / 1000).toFixed(0)} s)`);
step('installed');

// 4. Imports (one fresh process per module system, each package on its own) and the bin.
const names = packages.map(({ pkg }) => pkg.name);
const importer = (load) => `
  const failed = [];
  for (const name of ${JSON.stringify(names)}) {
    try {
      const m = ${load};
      if (!Object.keys(m).length) throw new Error('no exports');
    } catch (error) {
      failed.push(name + ': ' + String(error && error.message).split('\\n')[0]);
    }
  }
  if (failed.length) { console.error(failed.join('\\n')); process.exit(1); }`;
for (const [kind, code, args] of [
  ['esm', importer('await import(name)'), ['--input-type=module']],
  ['cjs', importer('require(name)'), []],
]) {
  try {
    run(process.execPath, [...args, '-e', code]);
    console.log(`  ok   ${packages.length} packages import from ${kind.toUpperCase()}`);
  } catch (error) {
    fail(`imports from ${kind.toUpperCase()}:\n${String(error.stderr ?? error).slice(0, 2000)}`);
  }
}
step('imported');
const cli = packages.find(({ pkg }) => pkg.name === '@capkit/cli')?.pkg;
if (cli) {
  try {
    const version = run(join(work, 'node_modules/.bin/capkit'), ['--version']).trim();
    if (version !== cli.version) fail(`capkit --version printed ${version}, expected ${cli.version}`);
    else console.log(`  ok   the capkit bin runs (--version ${version})`);
  } catch (error) {
    fail(`the capkit bin does not run: ${String(error.stderr ?? error).split('\n')[0]}`);
  }
}

// 5. Type-check a consumer.
const namespaces = names.map((name, index) => `import * as p${index} from '${name}';`).join('\n');
const usage = `
import { createClient, isCapSolverError, scaleLimits, TaskMayExistError, unknownFields, type SolutionFor } from '@capkit/node';
import type { TaskOf } from '@capkit/api';

export const everyPackage = [${names.map((_, index) => `p${index}`).join(', ')}];

export async function consumer(): Promise<string> {
  const client = createClient({ apiKey: 'CAP-KEY', limits: scaleLimits(1) });
  const task: TaskOf<'ReCaptchaV2TaskProxyLess'> = { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'u', websiteKey: 'k' };
  try {
    const { solution } = await client.solve(task);
    const typed: SolutionFor<'ReCaptchaV2TaskProxyLess'> = solution;
    // @ts-expect-error the exact types survive packaging: a misspelt field fails
    void solution.gRecaptchaRespnse;
    void unknownFields(typed);
    return solution.gRecaptchaResponse;
  } catch (error) {
    if (error instanceof TaskMayExistError || isCapSolverError(error)) return error.code;
    throw error;
  }
}
`;
const source = `${namespaces}\n${usage}`;
writeFileSync(join(work, 'consumer.mts'), source);
writeFileSync(join(work, 'consumer.cts'), source);
writeFileSync(join(work, 'consumer.ts'), source);
const tsc = join(work, 'node_modules/typescript/bin/tsc');
const common = ['--noEmit', '--strict', '--types', 'node', '--target', 'es2022'];
// Under node16/nodenext the point is how each file resolves the packages (ESM `import` vs CJS `require`
// conditions, .d.mts vs .d.cts); the bundler run also checks every declaration file (skipLibCheck off), once:
// checking the dependencies' declarations (playwright, puppeteer, bullmq) three times would triple the time.
const configs = [
  [
    'node16',
    ['--module', 'node16', '--moduleResolution', 'node16', '--skipLibCheck'],
    ['consumer.mts', 'consumer.cts'],
  ],
  [
    'nodenext',
    ['--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck'],
    ['consumer.mts', 'consumer.cts'],
  ],
  [
    'bundler',
    ['--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2023,dom', '--skipLibCheck', 'false'],
    ['consumer.ts'],
  ],
];
const typeChecks = configs.map(
  ([label, args, files]) =>
    new Promise((resolveCheck) =>
      execFile(process.execPath, [tsc, ...common, ...args, ...files], { cwd: work }, (error, stdout) => {
        if (error) fail(`a consumer does not type-check under ${label}:\n${String(stdout || error).slice(0, 3000)}`);
        else console.log(`  ok   a consumer type-checks under ${label} (${files.join(', ')})`);
        resolveCheck();
      }),
    ),
);
await Promise.all(typeChecks);
step('type-checked');

rmSync(work, { recursive: true, force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`release dry run: ${packages.length} packages, ${problems.length} problem(s), ${seconds} s`);
process.exit(problems.length ? 1 : 0);
