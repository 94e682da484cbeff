// A worker process for the crash-and-restart suite. The suite runs it bundled from source (see
// bundleChildProcesses.ts); by hand it runs with no build too:
//   node --import tsx --conditions=@capkit/source crashWorker.ts start <storeDir> <runId> <tasks>
//   node --import tsx --conditions=@capkit/source crashWorker.ts resume <storeDir>
// `start` begins `tasks` solves 100 ms apart with a fileStore (the test SIGKILLs it at a random
// moment); `resume` continues whatever the store holds, as a restarted service would. Both report on
// stdout, one JSON object a line (pipes are synchronous on Linux, so a line written before the kill
// is never lost). Key and base URL come from CAPSOLVER_API_KEY / CAPSOLVER_BASE_URL.
import { isCapSolverError, type SolveResult, type TaskHandle, type TaskProgress } from '@capkit/core';
import { createClient, createKeepAliveFetch, fileStore } from '@capkit/node';
import { TRACE_HEADER } from '../startTracingEmulator.js';
import { crashTask, workerClientOptions, type WorkerEvent } from './crashProtocol.js';

const [mode, dir, runId, count] = process.argv.slice(2);
if ((mode !== 'start' && mode !== 'resume') || !dir)
  throw new Error('usage: crashWorker.ts start <dir> <runId> <tasks> | resume <dir>');

const store = fileStore(dir);
const keepAlive = createKeepAliveFetch();
// Tags every request with the process's role, so the emulator's trace tells the first process's
// createTask from one the restarted process might (wrongly) send.
const tagged = (input: RequestInfo | URL, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set(TRACE_HEADER, mode);
  return keepAlive(input, { ...init, headers });
};
const client = createClient({
  ...workerClientOptions(Number(process.env.CAPKIT_TIME_SCALE)),
  store,
  fetch: tagged as typeof fetch,
});
const report = (event: WorkerEvent) => process.stdout.write(`${JSON.stringify(event)}\n`);
const urlOf = (handle: TaskHandle) => String(handle.serialize().task?.websiteURL ?? '');

async function settle(handle: TaskHandle, url: string): Promise<void> {
  try {
    const result: SolveResult = await handle.result;
    report({ event: 'settled', url, outcome: 'solution', taskId: result.taskId, queries: result.queries });
  } catch (error) {
    const typed = isCapSolverError(error);
    report({
      event: 'settled',
      url,
      outcome: typed ? error.name : `UNTYPED ${String(error)}`,
      code: typed ? String(error.code) : undefined,
      taskId: typed ? error.taskId : undefined,
      queries: typed ? error.queries : undefined,
    });
  }
}

if (mode === 'start') {
  report({ event: 'ready' });
  const settling: Array<Promise<void>> = [];
  for (let index = 0; index < Number(count); index += 1) {
    const task = crashTask(runId ?? 'run', index);
    const handle = client.start(task);
    const url = urlOf(handle);
    const onProgress = (progress: TaskProgress) =>
      report({ event: 'progress', url, state: progress.state, taskId: progress.taskId, queries: progress.queries });
    // The state it started in (creating) first: subscribe() only reports the steps after it.
    onProgress(handle.getSnapshot());
    handle.subscribe(onProgress);
    settling.push(settle(handle, url));
    // Staggered, so that one kill finds the tasks in different phases.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await Promise.all(settling);
} else {
  const records = await store.list();
  report({
    event: 'pending',
    records: records.map((record) => ({
      url: String(record.task?.websiteURL ?? ''),
      taskId: record.taskId,
      state: record.state,
      queries: record.queries,
    })),
  });
  const handles = await client.resumePending();
  await Promise.all(handles.map((handle) => settle(handle, urlOf(handle))));
}
report({ event: 'done' });
