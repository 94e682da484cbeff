// Type-checks every ```ts / ```typescript block of the READMEs (root and packages) against the workspace packages,
// so documented examples cannot rot. Blocks meant as fragments use another fence (```js, ```text).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const outDir = '.cache/readme-examples';
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const readmes = ['README.md', ...readdirSync('packages').map((p) => join('packages', p, 'README.md'))].filter(existsSync);
const files = [];
for (const readme of readmes) {
  const text = readFileSync(readme, 'utf8');
  const blocks = [...text.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)].map((m) => m[1]);
  blocks.forEach((code, i) => {
    const name = `${readme.replace(/[/.]/g, '_')}_${i + 1}.ts`;
    // `export {}` makes each block a module, so top-level await and per-block names work.
    writeFileSync(join(outDir, name), `${code}\nexport {};\n`);
    files.push(name);
  });
}
writeFileSync(
  join(outDir, 'tsconfig.json'),
  JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noUnusedLocals: false, module: 'ESNext', target: 'ES2022' }, include: ['*.ts'] }, null, 2),
);
console.log(`type-checking ${files.length} README examples from ${readmes.length} READMEs`);
try {
  execFileSync('npx', ['tsc', '-p', join(outDir, 'tsconfig.json')], { stdio: 'inherit' });
} catch {
  console.error('README examples do not compile (files kept in .cache/readme-examples)');
  process.exit(1);
}
