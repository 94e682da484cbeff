// Packs every publishable package with `npm pack`, installs the tarballs together into a clean temporary project,
// and imports each one from ESM (`import`) and from CJS (`require`) in a fresh Node process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'capkit-pack-'));
const packages = readdirSync('packages')
  .map((dir) => ({
    dir: join(root, 'packages', dir),
    pkg: JSON.parse(readFileSync(join('packages', dir, 'package.json'), 'utf8')),
  }))
  .filter(({ pkg }) => !pkg.private);

const tarballs = packages.map(({ dir }) => {
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: dir, encoding: 'utf8' });
  return join(work, out.trim().split('\n').pop());
});
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'capkit-pack-check', private: true }));
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...tarballs], {
  cwd: work,
  stdio: 'inherit',
});

let failures = 0;
for (const { pkg } of packages) {
  for (const [kind, code] of [
    [
      'esm',
      `import(${JSON.stringify(pkg.name)}).then((m) => { if (!Object.keys(m).length) throw new Error('no exports'); })`,
    ],
    [
      'cjs',
      `const m = require(${JSON.stringify(pkg.name)}); if (!Object.keys(m).length) throw new Error('no exports');`,
    ],
  ]) {
    try {
      execFileSync(process.execPath, ['-e', code], { cwd: work, stdio: 'pipe' });
      console.log(`  ok   ${pkg.name} (${kind})`);
    } catch (error) {
      failures++;
      console.log(
        `  FAIL ${pkg.name} (${kind}): ${String(error.stderr ?? error)
          .split('\n')
          .slice(0, 5)
          .join('\n')}`,
      );
    }
  }
}
rmSync(work, { recursive: true, force: true });
console.log(`${packages.length} packages packed, installed and imported from ESM and CJS: ${failures} failures`);
process.exit(failures ? 1 : 0);
