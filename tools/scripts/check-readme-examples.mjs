// Type-checks the TypeScript examples of the READMEs (README.md and packages/*/README.md) against the
// workspace packages (their sources, through the `@capkit/source` condition), so documented examples
// cannot rot.
//
// Conventions (the only ones; anything else fails, so no TypeScript block escapes the check unnoticed):
// - Every fenced block whose language is `ts` or `typescript` (```ts / ~~~ts, fence indented by up to three
//   spaces) is checked as its own module: it needs its own imports and declarations. Vitest functions are
//   imported (`import { it } from 'vitest'`), never assumed as globals.
// - ```ts continued: the block continues the previous checked block of the same README (itself possibly
//   continued), so a walkthrough can build on one example. It is checked appended to that code, as one
//   module; the earlier blocks are still checked on their own.
// - Any other word after the language (```ts snippet, ```ts title=x), or a TypeScript-like language this
//   script does not check (tsx, mts, cts), is an error. A fragment that cannot be made complete must be
//   written as a `continued` block or in another language (```text).
//
// Errors are reported at their README line (README.md:42:7), followed by the path of the generated file
// in .cache/readme-examples, which is kept for inspection.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(root, '.cache/readme-examples');
const CHECKED = new Set(['ts', 'typescript']);
const UNSUPPORTED = new Set(['tsx', 'mts', 'cts']);
const CONTINUED = 'continued';

/**
 * The fenced code blocks of a Markdown text, with the line (1-based) of their first code line.
 * Follows CommonMark: a fence is closed by the same character, at least as long, with no info string.
 */
function fencedBlocks(markdown) {
  const lines = markdown.split(/\r?\n/);
  const blocks = [];
  let open;
  lines.forEach((line, index) => {
    if (!open) {
      const start = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(line);
      if (!start || (start[1][0] === '`' && start[2].includes('`'))) return;
      const [language = '', ...words] = start[2].trim().split(/\s+/);
      open = { fence: start[1], language: language.toLowerCase(), words, line: index + 2, code: [] };
      return;
    }
    const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
    if (close && close[1][0] === open.fence[0] && close[1].length >= open.fence.length) {
      blocks.push(open);
      open = undefined;
      return;
    }
    open.code.push(line);
  });
  if (open) blocks.push({ ...open, unclosed: true });
  return blocks;
}

/** Turns a README's TypeScript blocks into example modules; returns them and the convention errors. */
function examplesOf(readme) {
  const examples = [];
  const problems = [];
  let previous;
  const blocks = fencedBlocks(readFileSync(join(root, readme), 'utf8')).filter(
    (block) => CHECKED.has(block.language) || UNSUPPORTED.has(block.language),
  );
  for (const block of blocks) {
    const where = `${readme}:${block.line - 1}`;
    if (UNSUPPORTED.has(block.language)) {
      problems.push(`${where}: \`\`\`${block.language} blocks are not checked; use \`\`\`ts`);
      continue;
    }
    if (block.unclosed) problems.push(`${where}: the code block is never closed`);
    const unknown = block.words.filter((word) => word !== CONTINUED);
    if (unknown.length > 0) {
      problems.push(`${where}: unknown fence option "${unknown.join(' ')}" (only "${CONTINUED}" is understood)`);
      continue;
    }
    const continued = block.words.includes(CONTINUED);
    if (continued && !previous) {
      problems.push(`${where}: a "${CONTINUED}" block needs an earlier checked block in the same README`);
      continue;
    }
    const segment = { readme, line: block.line, code: block.code };
    const example = {
      name: `${readme.replace(/[/.]/g, '_')}_${examples.length + 1}.ts`,
      segments: continued ? [...previous.segments, segment] : [segment],
      continued,
    };
    examples.push(example);
    previous = example;
  }
  return { examples, problems, blockCount: blocks.length };
}

/** Writes an example module; returns where each of its lines comes from (`readme:line`). */
function writeExample(example) {
  const lines = [];
  const origins = [];
  for (const segment of example.segments) {
    segment.code.forEach((code, i) => {
      lines.push(code);
      origins.push(`${segment.readme}:${segment.line + i}`);
    });
  }
  // `export {}` makes each example a module, so top-level await and per-example names work.
  writeFileSync(join(outDir, example.name), `${lines.join('\n')}\nexport {};\n`);
  return origins;
}

/** Rewrites tsc's `file.ts(line,col): error …` lines to point at the README line. */
function toReadmeLocations(output, originsByFile) {
  return output.replace(
    /^(?:\.cache\/readme-examples\/)?([\w.-]+\.ts)\((\d+),(\d+)\)/gm,
    (match, file, line, column) => {
      const origin = originsByFile.get(file)?.[Number(line) - 1];
      return origin ? `${origin}:${column} (${relative(root, join(outDir, file))}:${line})` : match;
    },
  );
}

const readmes = [
  'README.md',
  ...readdirSync(join(root, 'packages')).map((p) => join('packages', p, 'README.md')),
].filter((readme) => existsSync(join(root, readme)));
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const examples = [];
const problems = [];
let blockCount = 0;
for (const readme of readmes) {
  const found = examplesOf(readme);
  examples.push(...found.examples);
  problems.push(...found.problems);
  blockCount += found.blockCount;
}
const originsByFile = new Map(examples.map((example) => [example.name, writeExample(example)]));
writeFileSync(
  join(outDir, 'tsconfig.json'),
  JSON.stringify(
    { extends: '../../tsconfig.base.json', compilerOptions: { noUnusedLocals: false }, include: ['*.ts'] },
    null,
    2,
  ),
);

const continuedCount = examples.filter((example) => example.continued).length;
console.log(
  `${blockCount} TypeScript blocks in ${readmes.length} READMEs: type-checking ${examples.length} ` +
    `(${examples.length - continuedCount} standalone, ${continuedCount} continued)`,
);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(
    `${problems.length} README code block(s) break the conventions at the top of tools/scripts/check-readme-examples.mjs`,
  );
  process.exit(1);
}

const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', join(outDir, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: root,
    encoding: 'utf8',
  });
} catch (error) {
  const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
  console.error(toReadmeLocations(output, originsByFile).trimEnd());
  const errors = output.match(/^.*error TS\d+/gm) ?? [];
  const inExamples = errors.filter((line) => /readme-examples|^[\w.-]+\.ts\(/.test(line)).length;
  // The examples compile against the packages' sources, so a package that does not compile fails this check too.
  const inSources = errors.length - inExamples;
  console.error(
    `README examples do not compile: ${inExamples} error(s) in examples, ${inSources} in workspace sources ` +
      '(files kept in .cache/readme-examples)',
  );
  process.exit(1);
}
console.log('README examples compile');
