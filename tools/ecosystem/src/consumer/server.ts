// The consumer for server runtimes (Node, Bun, Deno): `@capkit/node`'s client, as their users would create it, and
// core's CommonJS build next to its ESM build (a dual-package app loads both) to check `instanceof` across copies.
// Bun, Deno and Node 22/24 run this file as it is; Node 20 runs it compiled to one ESM file (the packages stay bare
// imports, as in tsc's output).
import { createRequire } from 'node:module';
import process from 'node:process';
import * as core from '@capkit/core';
import { createClient, fileStore } from '@capkit/node';
import { RESULTS_MARKER, runScenarios, type ConsumerConfig, type ErrorClasses } from './scenarios.ts';

const config: ConsumerConfig = JSON.parse(process.argv[2] ?? '{}');
const require = createRequire(import.meta.url);
const commonJs: typeof core = require('@capkit/core');
// Two module instances, unless the runtime shares one between import and require.
const copy = commonJs.CapSolverError === core.CapSolverError ? 'the same module' : 'a second copy';
const otherErrorClasses: ErrorClasses[] = [{ from: `@capkit/core (require, ${copy})`, ...commonJs }];

// A restarted process opens the same directory again.
const openStore = () => fileStore(config.storeDir ?? 'tasks');

const results = await runScenarios({ createClient, otherErrorClasses, openStore }, config);
process.stdout.write(`${RESULTS_MARKER}${JSON.stringify(results)}\n`);
