// Totals every vitest JSON report in test-output/ and prints the closing line `N passed, N failed`.
// Arguments: the number of failed non-test checks, then their names (each counts as one failure).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [failedChecks = '0', ...checkNames] = process.argv.slice(2);
let passed = 0;
let failed = Number(failedChecks);
let skipped = 0;
// Each project writes its reports to <project>/test-output/ (an nx output, so cache hits restore them).
const reportDirs = ['packages', 'tools'].flatMap((top) => readdirSync(top).map((p) => join(top, p, 'test-output')));
const reports = reportDirs.filter(existsSync).flatMap((dir) => readdirSync(dir).filter((f) => /^vitest-.*\.json$/.test(f)).map((f) => join(dir, f)));
for (const path of reports.sort()) {
  const file = path.split('/').pop();
  const report = JSON.parse(readFileSync(path, 'utf8'));
  passed += report.numPassedTests ?? 0;
  // A suite that failed to load has no failed tests but must still count as a failure.
  const failedTests = report.numFailedTests ?? 0;
  failed += failedTests > 0 ? failedTests : (report.numFailedTestSuites ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(`  ${file.replace(/\.json$/, '').padEnd(28)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
for (const name of checkNames) console.log(`  check failed: ${name}`);
console.log(skipped ? `${passed} passed, ${failed} failed, ${skipped} skipped` : `${passed} passed, ${failed} failed`);
