#!/usr/bin/env node
// Fails when the import graph of the repository has a cycle: between source files (type-only imports
// included: a type cycle is still two files that cannot be read one after the other) or between
// workspace packages (data flows one way: spec -> api -> core -> adapters -> cli / devtools / bullmq).
// One pass over the files with TypeScript's import scanner: about a second for the whole repository,
// where a per-file ESLint rule re-resolves the graph from every file.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;
const SKIP = new Set(['node_modules', 'dist', '.nx', 'test-output', 'coverage', 'results']);

/** Every source file under `dir` (absolute paths). */
function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Workspace packages by name: their folder and the source file of each export (`@capkit/source`). */
function workspacePackages() {
  const packages = new Map();
  for (const parent of ['packages', 'tools']) {
    for (const name of readdirSync(join(root, parent))) {
      const dir = join(root, parent, name);
      const manifest = join(dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      const exports = new Map();
      for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
        const source = typeof target === 'object' && target !== null ? target['@capkit/source'] : undefined;
        if (typeof source === 'string') exports.set(subpath, resolve(dir, source));
      }
      packages.set(pkg.name, { dir, exports });
    }
  }
  return packages;
}

function asFile(path) {
  const candidates = [path, path.replace(/\.([cm]?)js$/, '.$1ts'), `${path}.ts`, join(path, 'index.ts')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** The repository file an import specifier names, or undefined for an external module. */
function resolveImport(specifier, from, packages) {
  if (specifier.startsWith('.')) return asFile(resolve(dirname(from), specifier));
  const match = /^(@[^/]+\/[^/]+|[^@/][^/]*)(\/.*)?$/.exec(specifier);
  const pkg = match && packages.get(match[1]);
  if (!pkg) return undefined;
  return pkg.exports.get(`.${match[2] ?? ''}`);
}

const packages = workspacePackages();
const packageOf = (file) => [...packages].find(([, pkg]) => file.startsWith(`${pkg.dir}/`))?.[0];
const files = [...sourceFiles(join(root, 'packages')), ...sourceFiles(join(root, 'tools'))];
const graph = new Map();
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const targets = new Set();
  for (const { fileName } of importedFiles) {
    const target = resolveImport(fileName, file, packages);
    if (target && target !== file) targets.add(target);
  }
  graph.set(file, [...targets]);
}

/** Strongly connected components with more than one member (Tarjan, iterative). */
function cycles(nodes, edgesOf) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let counter = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [node, next] = frame;
      const edges = edgesOf(node);
      if (next < edges.length) {
        frame[1] += 1;
        const target = edges[next];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push([target, 0]);
        } else if (onStack.has(target)) low.set(node, Math.min(low.get(node), index.get(target)));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0]), low.get(node)));
      if (low.get(node) !== index.get(node)) continue;
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  }
  return found;
}

const packageEdges = new Map([...packages.keys()].map((name) => [name, new Set()]));
for (const [file, targets] of graph) {
  const from = packageOf(file);
  for (const target of targets) {
    const to = packageOf(target);
    if (from && to && from !== to) packageEdges.get(from).add(to);
  }
}
const problems = [
  ...cycles([...packageEdges.keys()], (name) => [...packageEdges.get(name)]).map(
    (names) => `packages import each other: ${names.join(' <-> ')}`,
  ),
  ...cycles([...graph.keys()], (file) => graph.get(file) ?? []).map(
    (members) =>
      `files import each other (type imports count):\n    ${members.map((m) => relative(root, m)).join('\n    ')}`,
  ),
];
if (problems.length > 0) {
  console.error(`Import cycles (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`No import cycles among ${graph.size} files in ${packages.size} packages.`);
