/** Ends the run with one plain line, `jest: N passed, N failed`, that CI systems read as the test count. */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests ? `, ${results.numPendingTests} skipped` : '';
    process.stderr.write(
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped}\n`,
    );
  }
}
