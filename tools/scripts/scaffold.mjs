// One-off scaffold for a package with the shared conventions (exports map, tsdown, vitest, nx targets).
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
const [name, description, platform = 'neutral', ...deps] = process.argv.slice(2);
const dir = `packages/${name}`;
mkdirSync(`${dir}/src/__tests__`, { recursive: true });
const dependencies = Object.fromEntries(
  deps.map((d) => {
    const i = d.lastIndexOf('@');
    return [d.slice(0, i), d.slice(i + 1)];
  }),
);
const pkg = {
  name: `@capkit/${name}`,
  version: '0.0.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  repository: { type: 'git', url: 'git+https://github.com/capkit/capkit.git', directory: dir },
  engines: { node: '>=20.19' },
  exports: {
    '.': {
      '@capkit/source': './src/index.ts',
      import: { types: './dist/index.d.mts', default: './dist/index.mjs' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  main: './dist/index.cjs',
  module: './dist/index.mjs',
  types: './dist/index.d.cts',
  files: ['dist', 'src', '!src/**/__tests__'],
  scripts: {
    build: 'tsdown',
    test: 'vitest run',
    typecheck: 'tsc -p tsconfig.json',
    'lint:pkg': 'publint --strict && attw --pack --profile node16',
  },
  dependencies,
};
if (!existsSync(`${dir}/package.json`)) writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + '\n');
writeFileSync(
  `${dir}/tsconfig.json`,
  JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src', '*.ts'] }, null, 2) + '\n',
);
writeFileSync(
  `${dir}/tsdown.config.ts`,
  `import { definePackageBuild } from '../../tsdown.shared.ts';

export default definePackageBuild({ platform: '${platform}' });
`,
);
writeFileSync(
  `${dir}/vitest.config.ts`,
  `import { defineProject } from '../../vitest.shared.ts';

export default defineProject(import.meta.dirname);
`,
);
if (!existsSync(`${dir}/src/index.ts`)) writeFileSync(`${dir}/src/index.ts`, `export {};\n`);
