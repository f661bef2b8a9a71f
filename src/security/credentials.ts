/**
 * Finds credentials in exported content before it reaches git. Pure: text in, findings (with the exact
 * character ranges of the secret values) out; `redactText` replaces those ranges.
 *
 * Detectors: Databricks personal access tokens, Azure storage account keys, SAS signatures, AWS access and
 * secret keys, PEM private keys, and, in JSON configs, plain values in `spark_conf` / `spark_env_vars`
 * whose key looks like a secret and that are not `{{secrets/scope/key}}` references.
 */
import type { CredentialPolicy } from '../settings.js';
import { isJsonObject, parseJson, type JsonValue } from '../util/json.js';

export type { CredentialPolicy };

export const REDACTED = '[REDACTED by databricks-dr]';

export interface CredentialFinding {
  /** Which detector fired (stable id, for tests and messages). */
  detector: string;
  /** What was found, for people. */
  description: string;
  /** 1-based line of the value in the text. */
  line: number;
  /** For structured findings: the JSON field, e.g. `spark_conf.spark.hadoop.fs.s3a.secret.key`. */
  field?: string;
  /** Character range of the secret value in the text: what redaction replaces. */
  start: number;
  end: number;
}

interface RegexDetector {
  id: string;
  description: string;
  pattern: RegExp;
  /** Capture group holding the secret value (0 = the whole match). */
  group: number;
  /** Extra check on the whole text around the match. */
  accept?: (text: string, index: number, match: RegExpExecArray) => boolean;
}

const BASE64_88 = '[A-Za-z0-9+/]{86}==';

const REGEX_DETECTORS: RegexDetector[] = [
  {
    id: 'databricks-token',
    description: 'Databricks personal access token',
    pattern: /\bdapi[0-9a-f]{32}(?:-\d)?\b/g,
    group: 0,
  },
  {
    id: 'azure-storage-key',
    description: 'Azure storage account key',
    pattern: new RegExp(`(AccountKey=)(${BASE64_88})`, 'g'),
    group: 2,
  },
  {
    id: 'azure-storage-key',
    description: 'Azure storage account key',
    pattern: new RegExp(`(fs\\.azure\\.account\\.key[^\\s"'=:]*["']?\\s*[:=,]\\s*["']?)(${BASE64_88})`, 'g'),
    group: 2,
  },
  {
    id: 'sas-signature',
    description: 'Azure shared access signature (sig=)',
    pattern: /([?&;\s"']sig=)([A-Za-z0-9%+/=]{16,})/g,
    group: 2,
    // A SAS token carries its version (sv=) or expiry (se=) next to the signature.
    accept: (text, index) => {
      const from = Math.max(0, index - 400);
      const window = text.slice(from, index + 400);
      return /[?&;\s"']s[ve]=/.test(window);
    },
  },
  {
    id: 'aws-access-key',
    description: 'AWS access key id',
    pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
    group: 0,
  },
  {
    id: 'aws-secret-key',
    description: 'AWS secret access key',
    pattern:
      /((?:aws_secret_access_key|secret_access_key|secretkey|secret_key|s3a?\.secret\.key|s3n\.awsSecretAccessKey)["']?\s*[:=,]\s*["']?)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 2,
  },
  {
    id: 'private-key',
    description: 'PEM private key',
    pattern:
      /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----[\s\S]*?(?:-----END ([A-Z]+ )?PRIVATE KEY-----|$(?![\s\S]))/g,
    group: 0,
  },
];

/** Keys of spark_conf / spark_env_vars whose values are secrets. */
const SECRET_KEY =
  /(^|[._\-\s])(pwd|key|apikey|api_key|access_key|secret_key|private_key)($|[._\-\s])|password|passwd|secret|token|credential|apikey/i;

/** Settings next to secrets that name a class, a type or an endpoint: not secrets themselves. */
const NOT_SECRET_KEY =
  /[._-](type|provider|class|enabled|endpoint|id|name|path|file|location|mode|url|uri)$/i;

/** A value that takes its secret from a secret scope: `{{secrets/scope/key}}`, alone or embedded. */
const SECRET_REFERENCE = /\{\{\s*secrets\/[^/{}\s]+\/[^/{}\s]+\s*\}\}/;

const CONF_FIELDS = new Set(['spark_conf', 'spark_env_vars']);

export function isSecretReference(value: string): boolean {
  return SECRET_REFERENCE.test(value);
}

export function looksLikeSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function scanRegex(text: string): CredentialFinding[] {
  const out: CredentialFinding[] = [];
  for (const d of REGEX_DETECTORS) {
    d.pattern.lastIndex = 0;
    for (let m = d.pattern.exec(text); m; m = d.pattern.exec(text)) {
      if (m[0].length === 0) {
        d.pattern.lastIndex++;
        continue;
      }
      const value = m[d.group];
      if (value === undefined) continue;
      const start = m.index + (d.group === 0 ? 0 : m[0].indexOf(value, (m[1] ?? '').length));
      if (d.accept && !d.accept(text, m.index, m)) continue;
      out.push({
        detector: d.id,
        description: d.description,
        line: lineAt(text, start),
        start,
        end: start + value.length,
      });
    }
  }
  return out;
}

/** Finds `"key": "value"` of a conf entry in the JSON text, after `from`; falls back to the key alone. */
function locateValue(text: string, key: string, value: string, from: number): { start: number; end: number } {
  const keyText = JSON.stringify(key);
  const valueText = JSON.stringify(value);
  const k = text.indexOf(keyText, from);
  if (k !== -1) {
    const v = text.indexOf(valueText, k + keyText.length);
    if (v !== -1) return { start: v + 1, end: v + valueText.length - 1 };
    return { start: k, end: k };
  }
  return { start: 0, end: 0 };
}

function scanConf(text: string, json: JsonValue): CredentialFinding[] {
  const out: CredentialFinding[] = [];
  const walk = (value: JsonValue, pathParts: string[]) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...pathParts, String(i)]));
      return;
    }
    if (!isJsonObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (CONF_FIELDS.has(key) && isJsonObject(child)) {
        const anchor = text.indexOf(JSON.stringify(key));
        for (const [confKey, confValue] of Object.entries(child)) {
          if (typeof confValue !== 'string' || confValue === '') continue;
          if (!looksLikeSecretKey(confKey) || isSecretReference(confValue)) continue;
          const at = locateValue(text, confKey, confValue, Math.max(0, anchor));
          out.push({
            detector: 'plain-conf-secret',
            description: `plain value in ${key} (use a {{secrets/scope/key}} reference)`,
            field: [...pathParts, key, confKey].join('.'),
            line: lineAt(text, at.start),
            start: at.start,
            end: at.end,
          });
        }
      } else walk(child, [...pathParts, key]);
    }
  };
  walk(json, []);
  return out;
}

/**
 * Every credential in `text`. `file` decides whether JSON structure is looked at (`.json` files); a JSON
 * file that does not parse is still scanned as text.
 */
export function scanText(text: string, file = ''): CredentialFinding[] {
  const findings = scanRegex(text);
  if (/\.json$/i.test(file) && text.length < 50 * 1024 * 1024) {
    let json: JsonValue | undefined;
    try {
      json = parseJson(text);
    } catch {
      json = undefined;
    }
    if (json !== undefined) {
      for (const f of scanConf(text, json)) {
        // A regex detector may have found the same value: keep one finding per range.
        if (!findings.some((g) => g.start < f.end && f.start < g.end)) findings.push(f);
      }
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Replaces every finding's range with REDACTED (ranges merged when they overlap). */
export function redactText(text: string, findings: CredentialFinding[]): string {
  const ranges = findings
    .filter((f) => f.end > f.start)
    .map((f) => [f.start, f.end] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    out += text.slice(at, Math.max(at, start)) + REDACTED;
    at = end;
  }
  return out + text.slice(at);
}

/** Content that is not text (a NUL in the first 8 KB) is not scanned. */
export function looksBinary(data: Uint8Array): boolean {
  const n = Math.min(data.length, 8192);
  for (let i = 0; i < n; i++) if (data[i] === 0) return true;
  return false;
}

/** `file:line: description [field]`, one finding. */
export function describeFinding(file: string, f: CredentialFinding): string {
  return `${file}:${f.line}: ${f.description}${f.field ? ` in '${f.field}'` : ''}`;
}

export class CredentialError extends Error {
  constructor(readonly findings: Array<{ file: string; finding: CredentialFinding }>) {
    const shown = findings.slice(0, 10).map((f) => describeFinding(f.file, f.finding));
    const more = findings.length > 10 ? `; and ${findings.length - 10} more` : '';
    super(
      `${findings.length} credential(s) found in the exported content, nothing committed ` +
        `(move them to a secret scope, or set on-credentials: redact): ${shown.join('; ')}${more}`,
    );
    this.name = 'CredentialError';
  }
}
