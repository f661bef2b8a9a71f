/**
 * Ends the run with one plain line, `jest: N passed, N failed`, that CI systems read as the test count.
 * A test file that fails to load (a syntax error, a throwing import) runs no test, so Jest counts it only
 * as a failed suite: it is counted here as one failure, or a broken file would read as "0 failed".
 */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests ? `, ${results.numPendingTests} skipped` : '';
    process.stderr.write(`jest: ${results.numPassedTests} passed, ${failed} failed${skipped}\n`);
  }
}
