import { redactCredentials } from '../security/credentials.js';

/** Where the core writes what it does. The action maps it onto @actions/core, the CLI onto the terminal. */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

/** Keeps every line, for tests and reports. */
export class MemoryLog implements Log {
  readonly lines: Array<{ level: string; message: string }> = [];
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warning(message: string): void {
    this.lines.push({ level: 'warning', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }
  text(): string {
    return this.lines.map((l) => `${l.level}: ${l.message}`).join('\n');
  }
}

export const silentLog: Log = { debug() {}, info() {}, warning() {}, error() {} };

/**
 * Wraps a log so that no secret it is told about ever reaches the output, whatever the caller prints.
 */
export class MaskingLog implements Log {
  private readonly secrets = new Set<string>();
  constructor(private readonly inner: Log) {}
  addSecret(value: string | undefined): void {
    if (!value) return;
    // Each line of a multi-line secret (a key file) too, as the runner masks them: messages keep one line.
    for (const part of [value, ...value.split(/\r?\n/)]) if (part.length >= 4) this.secrets.add(part);
  }
  /**
   * Text with every known secret replaced by `***`, and every token-format credential (a token used as a
   * job's or notebook's name) redacted: for the log and for what leaves the run by another way.
   */
  mask(text: string): string {
    let out = redactCredentials(text);
    // Longest first, so a secret that holds a shorter one is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length))
      out = out.split(secret).join('***');
    return out;
  }
  debug(message: string): void {
    this.inner.debug(this.mask(message));
  }
  info(message: string): void {
    this.inner.info(this.mask(message));
  }
  warning(message: string): void {
    this.inner.warning(this.mask(message));
  }
  error(message: string): void {
    this.inner.error(this.mask(message));
  }
}
