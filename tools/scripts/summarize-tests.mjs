// Totals every vitest JSON report in test-output/ and prints the closing line `N passed, N failed`.
// Arguments: the number of failed non-test checks, then their names (each counts as one failure).
// Failed tests are named (with the first lines of their message) just above the totals, because CI
// logs are often read from the end only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [failedChecks = '0', ...checkNames] = process.argv.slice(2);
let passed = 0;
let failed = Number(failedChecks);
let skipped = 0;
const failures = [];
// Each project writes its reports to <project>/test-output/ (an nx output, so cache hits restore them).
const reportDirs = ['packages', 'tools'].flatMap((top) => readdirSync(top).map((p) => join(top, p, 'test-output')));
const reports = reportDirs.filter(existsSync).flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => /^vitest-.*\.json$/.test(f))
    .map((f) => join(dir, f)),
);
for (const path of reports.sort()) {
  const run = path
    .split('/')
    .pop()
    .replace(/\.json$/, '');
  const report = JSON.parse(readFileSync(path, 'utf8'));
  passed += report.numPassedTests ?? 0;
  // A suite that failed to load has no failed tests but must still count as a failure.
  const failedTests = report.numFailedTests ?? 0;
  failed += failedTests > 0 ? failedTests : (report.numFailedTestSuites ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  failures.push(...failuresOf(run, report));
  console.log(`  ${run.padEnd(28)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
for (const failure of failures) console.log(failure);
for (const name of checkNames) console.log(`  check failed: ${name}`);
console.log(skipped ? `${passed} passed, ${failed} failed, ${skipped} skipped` : `${passed} passed, ${failed} failed`);

/** One block per failed test (or per suite that failed without a failed test): where, which, and why. */
function failuresOf(run, report) {
  const blocks = [];
  for (const file of report.testResults ?? []) {
    const where = relative(process.cwd(), file.name);
    const failedAssertions = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const assertion of failedAssertions)
      blocks.push(block(run, `${where} > ${assertion.fullName}`, assertion.failureMessages?.[0]));
    if (file.status === 'failed' && failedAssertions.length === 0) blocks.push(block(run, where, file.message));
  }
  return blocks;
}

function block(run, title, message = '') {
  const lines = String(message)
    .split('\n')
    .filter((line) => line.trim())
    .slice(0, 8);
  return [`  FAILED [${run}] ${title}`, ...lines.map((line) => `      ${line.slice(0, 200)}`)].join('\n');
}
