/**
 * Finds credentials in exported content before it reaches git. Pure: text in, findings (with the exact
 * character ranges of the secret values) out; `redactText` replaces those ranges.
 *
 * Detectors, anywhere (notebooks and files included): token formats that cannot be mistaken for code
 * (Databricks PATs and OAuth secrets, GitHub, Slack, Google API keys, AWS, Azure storage keys and SAS
 * signatures, PEM and PGP private keys, Azure credentials set under conf names built at run time),
 * JWTs only where they are given as a bearer token or to a token-named key, and passwords inside a JDBC or
 * URL connection string. In JSON configs, by key name: plain values in `spark_conf` / `spark_env_vars` /
 * `basic_auth` of any JSON file, and, in resource definitions (not workspace or DBFS content), job
 * `parameters[].default`, task `base_parameters` / `parameters` / `named_parameters` / `job_parameters`
 * and pipeline `configuration`. Values that are `{{secrets/scope/key}}` references, dynamic value
 * references, empty or placeholders are not secrets. Cluster `custom_tags` are not looked at by key name:
 * tags are copied onto every cloud resource and into billing, so they never carry secrets by design, and
 * tag names like `secret_level` would only give false alarms (token formats are still found there).
 * Bytes are read as UTF-8, latin1, UTF-16 (by BOM or NUL pattern) or binary (scanBytes).
 *
 * Why a hand list and not a maintained rule set (evaluated 2026-12 with `npm view`): secretlint
 * (@secretlint/secretlint-rule-preset-recommend 13.1, MIT, ESM, maintained; it even has a Databricks rule)
 * needs Node >= 22 since 12.0, and databricks-dr supports Node >= 20 (package.json engines, the CLI, this
 * project's own machines); 11.x, its last Node 20 line, gets no fixes. Its rules also do not cover what
 * matters most here (JDBC/Oracle passwords, secrets by Spark conf and job parameter name, Azure keys under
 * built conf names), so the structured checks below would stay anyway. gitleaks' rules are Go regexes in
 * TOML and its npm packages wrap the Go binary (fetched at install); detect-secrets is Python. Revisit
 * secretlint when the engines move to Node >= 22: its messages carry ranges that redactText can take.
 */
import { settingOf, type Wording } from '../inputs.js';
import { isUtf8 } from 'node:buffer';
import type { CredentialPolicy } from '../settings.js';

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
    // No word boundary: `dapi` + 32 hex is never code, and a token is often glued to a word (`etl_dapi…`,
    // `…_prod`, `%3Ddapi…` in an encoded URL), which `\b` let through.
    pattern: /dapi[0-9a-f]{32}(?:-\d)?/g,
    group: 0,
  },
  {
    // OAuth secrets of service principals (`dose`) and refresh tokens (`doau`): the formats Databricks
    // issues, as secret scanners list them (e.g. `dose[a-f0-9]{32}`, `doau[a-f0-9]{32}`).
    id: 'databricks-oauth-secret',
    description: 'Databricks OAuth secret',
    pattern: /(?<![A-Za-z0-9])do(?:se|au)[0-9a-f]{32}(?![A-Za-z0-9])/g,
    group: 0,
  },
  {
    id: 'azure-storage-key',
    description: 'Azure storage account key',
    pattern: new RegExp(`(AccountKey=)(${BASE64_88})`, 'g'),
    group: 2,
  },
  {
    // A storage key whose conf key is built at run time (`"fs.azure.account.key." + acct + "..."`,
    // f-strings, .format, a variable set a few lines above): a quoted 88-character base64 literal with
    // an account-key conf name shortly before it. 64 random bytes: the key's own shape.
    id: 'azure-storage-key',
    description: 'Azure storage account key',
    pattern: new RegExp(`(["'])(${BASE64_88})["']`, 'g'),
    group: 2,
    accept: (text, index) =>
      /fs\.azure\.account\.key|account_?key|storage_?key/i.test(text.slice(Math.max(0, index - 400), index)),
  },
  {
    // The value passed with an Azure account-key, OAuth client-secret or SAS conf name however the name is
    // built: `spark.conf.set("fs.azure.account.oauth2.client.secret." + acct + ".dfs.core.windows.net", "…")`.
    id: 'azure-conf-secret',
    description: 'Azure storage credential set in a Spark/Hadoop conf',
    pattern:
      /((?:fs\.azure\.account\.key|fs\.azure\.account\.oauth2\.client\.secret|fs\.azure\.sas)[^\n,;:]{0,200}?,\s*[A-Za-z]{0,2}["'])([^"'\s]{8,})["'](?!\s*:)/g,
    group: 2,
    accept: (_text, _index, match) => isPlainSecretValue(match[2] ?? ''),
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
      /((?:aws_secret_access_key|secret_access_key|secretkey|secret_key|s3a?\.secret\.key|s3n\.awsSecretAccessKey)["'\]]*(?:\s*[:=,]\s*|[ \t]+)["']?)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 2,
  },
  {
    // PEM (RSA, EC, OPENSSH, ENCRYPTED, …) and OpenPGP armor (`PGP PRIVATE KEY BLOCK`, RFC 4880 §6.2).
    id: 'private-key',
    description: 'private key',
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$(?![\s\S]))/g,
    group: 0,
    // A key has a body (armor headers such as `Version:` may come first, and JSON writes newlines as \n):
    // code that only names the header line (a parser, a check) is not a key.
    accept: (_text, _index, match) =>
      /^-----BEGIN[^\n\\]*-----(?:\s|\\[rn])+(?:[\w-]+: [^\n\\]*(?:\s|\\[rn])+)*[A-Za-z0-9+/=]{16,}/.test(
        match[0],
      ),
  },
  {
    id: 'github-token',
    description: 'GitHub token',
    pattern:
      /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,244})(?![A-Za-z0-9_])/g,
    group: 0,
  },
  {
    id: 'slack-token',
    description: 'Slack token',
    pattern: /(?<![A-Za-z0-9_-])xox[abeoprs]-[0-9A-Za-z-]{20,}(?![A-Za-z0-9_-])/g,
    group: 0,
    // A real Slack token has digit groups (xoxb-<team>-<bot>-<secret>); docs write "xoxb-your-bot-token".
    accept: (_text, _index, match) => /-\d{6,}-/.test(match[0]),
  },
  {
    // Microsoft Entra (Azure AD) client secret, as Entra issues them and as gitleaks' rule
    // azure-ad-client-secret reads them (github.com/gitleaks/gitleaks, config/gitleaks.toml).
    id: 'azure-ad-client-secret',
    description: 'Azure AD client secret',
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
    group: 0,
  },
  {
    // Slack incoming webhook: whoever has the URL posts to the channel (gitleaks rule slack-webhook-url).
    id: 'slack-webhook',
    description: 'Slack incoming webhook URL',
    pattern: /(hooks\.slack\.com\/(?:services|workflows|triggers)\/)([A-Za-z0-9+/_-]{20,})/g,
    group: 2,
  },
  {
    id: 'google-api-key',
    description: 'Google API key',
    pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
    group: 0,
  },
  {
    // A JWT alone may be an id token in a sample or a test; given as a bearer token or to a token-named
    // key, it is a credential.
    id: 'jwt',
    description: 'JSON Web Token given as a credential',
    pattern:
      /((?:bearer\s+|(?:token|jwt|authorization|auth|secret|password|credential|api_?key)["'\]]?\s*[:=]\s*["']?(?:bearer\s+)?))(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})/gi,
    group: 2,
  },
  {
    id: 'connection-string-password',
    description: 'password in a JDBC connection string',
    // SQL Server takes a value in braces so that it may hold `;` (learn.microsoft.com, "Setting the
    // connection properties"): the whole braced value is the password.
    pattern: /(jdbc:[A-Za-z0-9]+:[^\s"'`]*?[;?&:](?:password|pwd)=)(\{[^}\n]*\}|[^;&\s"'`]+)/gi,
    group: 2,
    accept: (_text, _index, match) => isPlainSecretValue(match[2] ?? ''),
  },
  {
    // Oracle's thin driver takes the credentials before the host: jdbc:oracle:thin:user/password@host:1521/svc.
    id: 'connection-string-password',
    description: 'password in a JDBC connection string',
    pattern: /(jdbc:oracle:[A-Za-z0-9]+:[^\s/@"'`:]+\/)([^\s@"'`]+)@/gi,
    group: 2,
    accept: (_text, _index, match) => isPlainSecretValue(match[2] ?? ''),
  },
  {
    id: 'url-password',
    description: 'password in a URL (user:password@host)',
    // Up to the last `@` before the host: a password may hold an unescaped `@` (`etl:Pa@ss@host`).
    pattern: /(\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/:@"'`{}]+:)([^\s/"'`]+)@/g,
    group: 2,
    accept: (_text, _index, match) => isPlainSecretValue(match[2] ?? ''),
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

/**
 * Values that stand for a secret rather than being one: masks, `<...>`, `${VAR}`, `$VAR`, `%VAR%`,
 * `{name}` (a format string), `{{job.parameters.x}}` (a dynamic value reference), and common fillers.
 */
const PLACEHOLDER =
  /^(?:\*+|x+|\.{3,}|<[^<>]*>|\$\{[^{}]*\}|\$\(?[A-Za-z_][A-Za-z0-9_]*\)?|%[A-Za-z_][A-Za-z0-9_]*%|\{[A-Za-z_][A-Za-z0-9_.[\]'"]*\}|\{\{[^{}]*\}\}|none|null|nil|undefined|changeme|change[_-]me|placeholder|redacted|todo|tbd|your[_-].*)$/i;

/** Maps whose values are secrets when their key says so, in any JSON file (cluster specs are everywhere). */
const CONF_FIELDS = new Set(['spark_conf', 'spark_env_vars', 'basic_auth']);

/** Maps of named parameters of jobs, tasks and pipelines (resource definitions only). */
const PARAMETER_MAPS = new Set([
  'base_parameters',
  'named_parameters',
  'job_parameters',
  'configuration',
  'notebook_params',
  'python_named_params',
  'sql_params',
  'parameters',
]);

/** Command-line style parameter lists of tasks (resource definitions only). */
const PARAMETER_LISTS = new Set(['parameters', 'python_params', 'jar_params', 'spark_submit_params']);

/** Parameter names ending in one of these name a thing next to a secret, not a secret. */
const NOT_SECRET_WORD = new Set(
  (
    'type provider class enabled endpoint id name names path file location mode url uri scope ttl expiry ' +
    'expiration expires lifetime timeout length count limit size version header field column table dir ' +
    'prefix suffix format user username policy method rotation env'
  ).split(' '),
);

/** `<word>_key` parameter names that hold a key rather than naming a column or a partition. */
const KEY_QUALIFIER = new Set(
  'api access private secret account master signing encryption storage sas subscription shared'.split(' '),
);

/** Content of users (notebooks, files, DBFS) rather than resource definitions. */
const USER_CONTENT = /^(workspace|dbfs)\//i;

export function isSecretReference(value: string): boolean {
  return SECRET_REFERENCE.test(value);
}

export function looksLikeSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key);
}

/**
 * Whether a parameter name (job parameter, task parameter, pipeline configuration key) says its value is a
 * secret: password, passwd, pwd, passphrase, secret, credential, *token (not tokens), api/access/private/...
 * key; not when it names something next to one (`secret_scope`, `token_url`, `credential_name`).
 */
export function looksLikeSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0 || NOT_SECRET_WORD.has(words[words.length - 1])) return false;
  return words.some(
    (w, i) =>
      /password|passwd|passphrase|secret|credential/.test(w) ||
      w === 'pwd' ||
      w.endsWith('token') ||
      /^(api|access|private|secret|account|master|signing|encryption|storage|sas)key$/.test(w) ||
      (w === 'key' && i > 0 && KEY_QUALIFIER.has(words[i - 1])),
  );
}

/** Whether a value could be a secret at all: not empty, not a reference, not a placeholder, not a flag. */
export function isPlainSecretValue(value: string): boolean {
  const v = value.trim();
  // `[REDACTED` too: a connection string's password ends at the space inside REDACTED.
  if (v === '' || v.startsWith('[REDACTED') || isSecretReference(v) || PLACEHOLDER.test(v)) return false;
  return !/^(?:true|false|yes|no)$/i.test(v) && !/^-?\d{1,7}(?:\.\d+)?$/.test(v);
}

/** `password=...` / `pwd=...` inside a connection string (ADO.NET, ODBC, JDBC, URL query). */
const CONNECTION_PASSWORD = /(?:^|[;?&\s])(?:password|pwd)\s*=\s*([^;&\s]+)/i;

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
      // What an earlier redaction left is not a secret (a redacted file is scanned again on the next export).
      if (text.startsWith(REDACTED, start)) continue;
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

/** Larger JSON files are scanned as they are (the map of a view costs 8 bytes a character). */
const MAX_UNESCAPED_VIEW = 16 * 1024 * 1024;

const JSON_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  '\\': '\\',
  '/': '/',
};

/**
 * The text of a JSON document with its string escapes undone, each character with the range it came
 * from. In a JSON file code is escaped (`os.environ[\"AWS_SECRET_ACCESS_KEY\"] = \"…\"` in a Jupyter
 * notebook, a spark-submit parameter), which hides it from the detectors; and a Jupyter cell is a list of
 * lines (`"…\n", "…"`), which splits a PEM key: a line break followed by the next string of the list reads
 * as one line break. Undefined when there is no escape at all.
 */
function unescapedJsonView(text: string): { view: string; from: Int32Array; to: Int32Array } | undefined {
  if (!text.includes('\\') || text.length > MAX_UNESCAPED_VIEW) return undefined;
  const parts: string[] = [];
  const from = new Int32Array(text.length);
  const to = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length;) {
    const slash = text.indexOf('\\', i);
    const plain = slash === -1 ? text.length : slash;
    // A run without escapes: each character stands for itself.
    for (let k = i; k < plain; k++, n++) {
      from[n] = k;
      to[n] = k + 1;
    }
    parts.push(text.slice(i, plain));
    if (slash === -1) break;
    let char = '\\';
    let next = slash + 1;
    const c = text[slash + 1];
    if (c === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(slash + 2, slash + 6))) {
      char = String.fromCharCode(parseInt(text.slice(slash + 2, slash + 6), 16));
      next = slash + 6;
    } else if (c !== undefined && JSON_ESCAPES[c] !== undefined) {
      char = JSON_ESCAPES[c];
      next = slash + 2;
      if (c === 'n') {
        const join = /^",\s*"/.exec(text.slice(next, next + 64));
        if (join) next += join[0].length;
      }
    }
    parts.push(char);
    from[n] = slash;
    to[n] = next;
    n++;
    i = next;
  }
  return { view: parts.join(''), from, to };
}

/** Findings in the unescaped view of a JSON text (see unescapedJsonView), as ranges of the text itself. */
function scanJsonEscaped(text: string): CredentialFinding[] {
  const v = unescapedJsonView(text);
  if (!v) return [];
  return scanRegex(v.view).map((f) => {
    const start = v.from[f.start];
    return { ...f, start, end: v.to[f.end - 1], line: lineAt(text, start) };
  });
}

/** A JSON string with the range of its content (between the quotes) in the text. */
interface JsonString {
  t: 'string';
  value: string;
  start: number;
  end: number;
}
type JsonNode =
  | JsonString
  | { t: 'object'; entries: Array<[string, JsonNode]> }
  | { t: 'array'; items: JsonNode[] }
  | { t: 'other' };

const JSON_SCALAR = /-?\d[\d.eE+-]*|true|false|null/y;

/** Parses JSON keeping where each string value is, so a finding names its line and redaction its range. */
function parseWithRanges(text: string): JsonNode {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at ${i}`);
  };
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t'))
      i++;
  };
  const string = (): JsonString => {
    const from = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    return { t: 'string', value: JSON.parse(text.slice(from, i)) as string, start: from + 1, end: i - 1 };
  };
  const value = (depth: number): JsonNode => {
    if (depth > 256) fail('nesting too deep');
    space();
    const c = text[i];
    if (c === '"') return string();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      const entries: Array<[string, JsonNode]> = [];
      const items: JsonNode[] = [];
      i++;
      space();
      if (text[i] !== close)
        for (;;) {
          space();
          if (c === '{') {
            if (text[i] !== '"') fail('expected a key');
            const key = string().value;
            space();
            if (text[i++] !== ':') fail("expected ':'");
            entries.push([key, value(depth + 1)]);
          } else items.push(value(depth + 1));
          space();
          if (text[i] === ',') i++;
          else if (text[i] === close) break;
          else fail(`expected ',' or '${close}'`);
        }
      i++;
      return c === '{' ? { t: 'object', entries } : { t: 'array', items };
    }
    JSON_SCALAR.lastIndex = i;
    const m = JSON_SCALAR.exec(text);
    if (!m) fail('unexpected character');
    i += (m as RegExpExecArray)[0].length;
    return { t: 'other' };
  };
  const root = value(0);
  space();
  if (i !== text.length) fail('unexpected text after the value');
  return root;
}

/**
 * The range of `value.slice(offset, offset + length)` in the text: exact when the string has no escapes
 * (the text then holds it as is), else the whole string.
 */
function subRange(
  s: JsonString,
  text: string,
  offset: number,
  length: number,
): { start: number; end: number } {
  if (text.slice(s.start, s.end) !== s.value) return { start: s.start, end: s.end };
  return { start: s.start + offset, end: s.start + offset + length };
}

const field = (path: string[]) => path.join('.');

function scanStructured(text: string, root: JsonNode, definitions: boolean): CredentialFinding[] {
  const out: CredentialFinding[] = [];
  const add = (
    detector: string,
    description: string,
    path: string[],
    range: { start: number; end: number },
  ) => out.push({ detector, description, field: field(path), line: lineAt(text, range.start), ...range });

  /** A named parameter: a secret when its name says so, or a connection string with a password. */
  const named = (name: string, node: JsonNode, path: string[], where: string) => {
    if (node.t !== 'string') return;
    if (looksLikeSecretName(name) && isPlainSecretValue(node.value)) {
      add(
        'plain-parameter-secret',
        `plain value in ${where} (use a {{secrets/scope/key}} reference)`,
        path,
        node,
      );
      return;
    }
    connectionPassword(node, path, where);
  };
  const connectionPassword = (node: JsonString, path: string[], where: string) => {
    const m = CONNECTION_PASSWORD.exec(node.value);
    if (!m || !isPlainSecretValue(m[1])) return;
    const offset = m.index + m[0].length - m[1].length;
    add(
      'connection-string-password',
      `password in a connection string in ${where}`,
      path,
      subRange(node, text, offset, m[1].length),
    );
  };
  /** `--password x`, `--password=x`, `db_password=x` in a command-line style list. */
  const argv = (items: JsonNode[], path: string[], where: string) => {
    items.forEach((item, i) => {
      if (item.t !== 'string') return;
      const assign = /^-{0,2}([A-Za-z][A-Za-z0-9_.-]*)=/.exec(item.value);
      if (assign) {
        const value = item.value.slice(assign[0].length);
        if (looksLikeSecretName(assign[1]) && isPlainSecretValue(value)) {
          add(
            'plain-parameter-secret',
            `plain value of '${assign[1]}' in ${where} (use a {{secrets/scope/key}} reference)`,
            [...path, String(i)],
            subRange(item, text, assign[0].length, value.length),
          );
          return;
        }
      }
      const flag = /^--?([A-Za-z][A-Za-z0-9_.-]*)$/.exec(item.value);
      const next = items[i + 1];
      if (flag && looksLikeSecretName(flag[1]) && next?.t === 'string' && !next.value.startsWith('-')) {
        if (isPlainSecretValue(next.value))
          add(
            'plain-parameter-secret',
            `plain value of '${item.value}' in ${where} (use a {{secrets/scope/key}} reference)`,
            [...path, String(i + 1)],
            next,
          );
        return;
      }
      connectionPassword(item, [...path, String(i)], where);
    });
  };

  const walk = (node: JsonNode, path: string[]) => {
    if (node.t === 'array') node.items.forEach((item, i) => walk(item, [...path, String(i)]));
    if (node.t !== 'object') return;
    for (const [key, child] of node.entries) {
      const at = [...path, key];
      if (CONF_FIELDS.has(key) && child.t === 'object') {
        for (const [confKey, confValue] of child.entries)
          if (confValue.t === 'string' && looksLikeSecretKey(confKey) && isPlainSecretValue(confValue.value))
            add(
              'plain-conf-secret',
              `plain value in ${key} (use a {{secrets/scope/key}} reference)`,
              [...at, confKey],
              confValue,
            );
      } else if (definitions && PARAMETER_MAPS.has(key) && child.t === 'object') {
        for (const [name, value] of child.entries) named(name, value, [...at, name], key);
      } else if (
        definitions &&
        key === 'parameters' &&
        child.t === 'array' &&
        child.items.some((p) => p.t === 'object')
      ) {
        // Job parameters: [{name, default}].
        child.items.forEach((p, i) => {
          if (p.t !== 'object') return;
          const name = p.entries.find(([k]) => k === 'name')?.[1];
          const value = p.entries.find(([k]) => k === 'default')?.[1];
          if (name?.t === 'string' && value)
            named(name.value, value, [...at, String(i), 'default'], `job parameter '${name.value}'`);
        });
      } else if (definitions && PARAMETER_LISTS.has(key) && child.t === 'array') {
        argv(child.items, at, key);
      } else walk(child, at);
    }
  };
  walk(root, []);
  return out;
}

/**
 * Every credential in `text`. `file` (the path in the snapshot) decides whether JSON structure is looked at
 * (`.json` files) and whether the file is a resource definition (not under workspace/ or dbfs/); a JSON
 * file that does not parse is still scanned as text.
 */
export function scanText(text: string, file = ''): CredentialFinding[] {
  const findings = scanRegex(text);
  if (/\.(json|ipynb)$/i.test(file))
    for (const f of scanJsonEscaped(text))
      if (!findings.some((g) => g.start < f.end && f.start < g.end)) findings.push(f);
  if (/\.json$/i.test(file) && text.length < 50 * 1024 * 1024) {
    let json: JsonNode | undefined;
    try {
      json = parseWithRanges(text);
    } catch {
      json = undefined;
    }
    if (json !== undefined) {
      for (const f of scanStructured(text, json, !USER_CONTENT.test(file))) {
        // A regex detector may have found the same value: keep one finding per range, naming the field.
        const same = findings.find((g) => g.start < f.end && f.start < g.end);
        if (!same) findings.push(f);
        else same.field ??= f.field;
      }
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Credentials in a name (a workspace path, a snapshot file name, a key): the token formats only, since a
 * name has no JSON structure. A name cannot be redacted where it is used (it is the object's identity and
 * the file's name), so callers refuse the object and show `redactText(name, findings)` instead.
 */
export function scanName(name: string): CredentialFinding[] {
  return scanRegex(name);
}

/**
 * Text with every token-format credential redacted: for what leaves the run outside the snapshot (log
 * lines, summaries, the plan file), where a credential can only come from a name (a job or notebook
 * called by a token) or from the target's own content.
 */
export function redactCredentials(text: string): string {
  const findings = scanName(text);
  return findings.length ? redactText(text, findings) : text;
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

/** How much of the content `looksBinary` looks at. */
export const BINARY_PROBE_BYTES = 8192;

/** Content with a NUL in its first 8 KB: UTF-16 text or binary data. */
export function looksBinary(data: Uint8Array): boolean {
  const n = Math.min(data.length, BINARY_PROBE_BYTES);
  for (let i = 0; i < n; i++) if (data[i] === 0) return true;
  return false;
}

/** How content is read as text for scanning. */
export type ScanEncoding = 'utf8' | 'latin1' | 'utf16le' | 'utf16be' | 'binary';

/**
 * How to read bytes as text: UTF-16 by its byte order mark, or without one when NULs sit at every other
 * byte of the start (ASCII in UTF-16, as Windows tools write .csv/.txt/.ps1); other content with a NUL is
 * binary, read one character per byte (latin1) so that the text between the NULs is scanned; the rest is
 * UTF-8, or latin1 when it is not valid UTF-8 (Latin-1, CP1252: one character per byte, lossless).
 */
export function scanEncoding(data: Uint8Array): { encoding: ScanEncoding; bom: number } {
  if (data[0] === 0xff && data[1] === 0xfe) return { encoding: 'utf16le', bom: 2 };
  if (data[0] === 0xfe && data[1] === 0xff) return { encoding: 'utf16be', bom: 2 };
  if (!looksBinary(data)) return { encoding: isUtf8(data) ? 'utf8' : 'latin1', bom: 0 };
  const n = Math.min(data.length, BINARY_PROBE_BYTES) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (data[i] === 0) even++;
    if (data[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (pairs >= 2 && odd >= pairs * 0.3 && even <= pairs * 0.02) return { encoding: 'utf16le', bom: 0 };
  if (pairs >= 2 && even >= pairs * 0.3 && odd <= pairs * 0.02) return { encoding: 'utf16be', bom: 0 };
  return { encoding: 'binary', bom: 0 };
}

function swap16(data: Uint8Array): Buffer {
  const copy = Buffer.from(data.subarray(0, data.length & ~1));
  return copy.swap16();
}

function decode(body: Uint8Array, encoding: ScanEncoding): string {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.length);
  if (encoding === 'utf16be') return swap16(bytes).toString('utf16le');
  if (encoding === 'utf16le') return bytes.subarray(0, bytes.length & ~1).toString('utf16le');
  return bytes.toString(encoding === 'binary' ? 'latin1' : encoding);
}

function encode(text: string, encoding: ScanEncoding): Buffer {
  if (encoding === 'utf16be') return Buffer.from(text, 'utf16le').swap16();
  return Buffer.from(text, encoding === 'binary' ? 'latin1' : encoding);
}

/**
 * Every credential in some bytes (a notebook, a workspace or DBFS file), read as `scanEncoding` says, and
 * what to write instead when redacting. Text is redacted as `redactText` does, in its own encoding (a BOM
 * and an odd trailing byte of UTF-16 are kept). Binary content keeps its length and every other byte: each
 * secret's bytes become `*`, so offsets inside the file (an archive's directory, a compiled file) hold.
 */
export function scanBytes(
  data: Uint8Array,
  file = '',
): { findings: CredentialFinding[]; redacted: () => Buffer } {
  const { encoding, bom } = scanEncoding(data);
  const body = data.subarray(bom);
  const text = decode(body, encoding);
  const findings = scanText(text, file);
  const redacted = (): Buffer => {
    if (encoding === 'binary') {
      const out = Buffer.from(data);
      for (const f of findings) out.fill(0x2a, f.start, f.end);
      return out;
    }
    const tail = (encoding === 'utf16le' || encoding === 'utf16be') && body.length % 2 === 1 ? 1 : 0;
    return Buffer.concat([
      data.subarray(0, bom),
      encode(redactText(text, findings), encoding),
      body.subarray(body.length - tail),
    ]);
  };
  return { findings, redacted };
}

/** `file:line: description [field]`, one finding. */
export function describeFinding(file: string, f: CredentialFinding): string {
  return `${file}:${f.line}: ${f.description}${f.field ? ` in '${f.field}'` : ''}`;
}

export class CredentialError extends Error {
  constructor(
    readonly findings: Array<{ file: string; finding: CredentialFinding }>,
    words: Wording = 'action',
  ) {
    const shown = findings.slice(0, 10).map((f) => describeFinding(f.file, f.finding));
    const more = findings.length > 10 ? `; and ${findings.length - 10} more` : '';
    super(
      `${findings.length} credential(s) found in the exported content, nothing committed ` +
        `(move them to a secret scope, or set ${settingOf('on-credentials', 'redact', words)}): ${shown.join('; ')}${more}`,
    );
    this.name = 'CredentialError';
  }
}
