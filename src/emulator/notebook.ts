/**
 * The SOURCE notebook text format (reference §3; databricks/cli libs/notebook) and its conversion to and from
 * Jupyter (.ipynb). The emulator stores every notebook in its SOURCE form, byte for byte as imported.
 */

export type NotebookLanguage = 'PYTHON' | 'SCALA' | 'SQL' | 'R';

export const NOTEBOOK_LANGUAGES: readonly NotebookLanguage[] = ['PYTHON', 'SCALA', 'SQL', 'R'];

const COMMENT: Record<NotebookLanguage, string> = { PYTHON: '#', R: '#', SQL: '--', SCALA: '//' };
const EXTENSION: Record<NotebookLanguage, string> = { PYTHON: 'py', R: 'r', SQL: 'sql', SCALA: 'scala' };
const JUPYTER_NAME: Record<NotebookLanguage, string> = {
  PYTHON: 'python',
  R: 'r',
  SQL: 'sql',
  SCALA: 'scala',
};

export function isNotebookLanguage(value: unknown): value is NotebookLanguage {
  return typeof value === 'string' && (NOTEBOOK_LANGUAGES as readonly string[]).includes(value);
}

/** The line comment of a language: `#`, `--` or `//`. */
export function commentPrefix(language: NotebookLanguage): string {
  return COMMENT[language];
}

/** `py`, `scala`, `sql`, `r`: the extension an exported notebook gets, and the export `file_type`. */
export function notebookExtension(language: NotebookLanguage): string {
  return EXTENSION[language];
}

/** The language a SOURCE notebook file with this name would have (`.r` and `.R` are both R). */
export function languageForFileName(name: string): NotebookLanguage | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(name)?.[1];
  switch (ext === 'R' ? 'r' : ext) {
    case 'py':
      return 'PYTHON';
    case 'scala':
      return 'SCALA';
    case 'sql':
      return 'SQL';
    case 'r':
      return 'R';
    default:
      return undefined;
  }
}

export function headerLine(language: NotebookLanguage): string {
  return `${COMMENT[language]} Databricks notebook source`;
}

/**
 * Does this content begin with the notebook header of the language? Accepts the exact header and the
 * legacy `… exported at <date>` variant that ~2016 exports carry (reference §3; databricks/cli libs/notebook:
 * a tolerant parser should accept both).
 */
export function hasNotebookHeader(content: Buffer | string, language: NotebookLanguage): boolean {
  const text =
    typeof content === 'string' ? content.slice(0, 200) : content.subarray(0, 200).toString('utf8');
  const firstLine = text.split('\n', 1)[0].replace(/\r$/, '');
  const header = headerLine(language);
  return firstLine === header || firstLine.startsWith(`${header} exported at `);
}

/**
 * SOURCE import semantics (reference §2; databricks-sdk-go service/workspace/model.go): content that already
 * starts with the header is stored unchanged; otherwise the header line is put in front (`# Databricks
 * notebook source\n` + content, no newline added at the end).
 */
export function withNotebookHeader(content: Buffer, language: NotebookLanguage): Buffer {
  if (hasNotebookHeader(content, language)) return content;
  return Buffer.concat([Buffer.from(`${headerLine(language)}\n`, 'utf8'), content]);
}

// ---------------------------------------------------------------------------------------------------------
// Jupyter conversion

interface SourceCell {
  title?: string;
  showTitle?: boolean;
  /** Lines of the cell with the MAGIC prefix removed when `magic` is true. */
  lines: string[];
  magic: boolean;
}

const DATABRICKS_NOTEBOOK_KEY = 'application/vnd.databricks.v1+notebook';
const DATABRICKS_CELL_KEY = 'application/vnd.databricks.v1+cell';

/** Splits SOURCE text into cells on the `COMMAND ----------` separator lines. */
function parseSource(source: string, language: NotebookLanguage): SourceCell[] {
  const prefix = COMMENT[language];
  const lines = source.split('\n');
  if (lines.length > 0 && hasNotebookHeader(lines[0], language)) lines.shift();
  const separator = `${prefix} COMMAND ----------`;
  const groups: string[][] = [[]];
  for (const line of lines) {
    if (line === separator) groups.push([]);
    else groups[groups.length - 1].push(line);
  }
  return groups.map((group, index) => {
    // Cells are joined by "\n\n<separator>\n\n": one blank line on each side belongs to the layout.
    if (index > 0 && group[0] === '') group.shift();
    if (index < groups.length - 1 && group[group.length - 1] === '') group.pop();
    const cell: SourceCell = { lines: group, magic: false };
    const title = new RegExp(`^${escapeRegExp(prefix)} DBTITLE (\\d+),(.*)$`).exec(group[0] ?? '');
    if (title) {
      cell.showTitle = title[1] !== '0';
      cell.title = title[2];
      group.shift();
    }
    const magic = `${prefix} MAGIC`;
    if (group.length > 0 && group.every((l) => l === magic || l.startsWith(`${magic} `))) {
      cell.magic = true;
      cell.lines = group.map((l) => (l === magic ? '' : l.slice(magic.length + 1)));
    }
    return cell;
  });
}

/** ipynb `source` as an array of lines, each but the last keeping its newline. */
function toSourceLines(lines: string[]): string[] {
  return lines.map((line, i) => (i < lines.length - 1 ? `${line}\n` : line)).filter((l) => l !== '');
}

/**
 * SOURCE → a minimal valid nbformat 4 notebook: one cell per COMMAND, `%md` cells as markdown, other magic
 * cells as code keeping their magic line, titles and the language in Databricks metadata (the keys the
 * product's own ipynb export uses), no outputs.
 */
export function sourceToJupyter(source: string, language: NotebookLanguage, name: string): string {
  const cells = parseSource(source, language).map((cell) => {
    const metadata = {
      [DATABRICKS_CELL_KEY]: { showTitle: cell.showTitle ?? false, title: cell.title ?? '' },
    };
    if (cell.magic && cell.lines[0] === '%md') {
      return { cell_type: 'markdown', metadata, source: toSourceLines(cell.lines.slice(1)) };
    }
    return {
      cell_type: 'code',
      execution_count: null,
      metadata,
      outputs: [],
      source: toSourceLines(cell.lines),
    };
  });
  const notebook = {
    cells,
    metadata: {
      [DATABRICKS_NOTEBOOK_KEY]: { language: JUPYTER_NAME[language], notebookName: name },
      language_info: { name: JUPYTER_NAME[language] },
    },
    nbformat: 4,
    nbformat_minor: 0,
  };
  return JSON.stringify(notebook, null, 1) + '\n';
}

/** Thrown for content that is not a Jupyter notebook. */
export class NotJupyterError extends Error {}

/** The language recorded in an ipynb, if any (Databricks metadata, then language_info, then kernelspec). */
export function jupyterLanguage(ipynb: string): NotebookLanguage | undefined {
  const notebook = parseIpynb(ipynb);
  const metadata = asRecord(notebook.metadata);
  const candidates = [
    asRecord(metadata[DATABRICKS_NOTEBOOK_KEY]).language,
    asRecord(metadata.language_info).name,
    asRecord(metadata.kernelspec).language,
  ];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const upper = candidate.toUpperCase();
    if (isNotebookLanguage(upper)) return upper;
  }
  return undefined;
}

/**
 * ipynb → SOURCE, the inverse of sourceToJupyter: markdown cells become `%md` MAGIC cells, code cells that
 * start with a `%magic` line become MAGIC cells, titles become DBTITLE lines.
 */
export function jupyterToSource(ipynb: string, language: NotebookLanguage): string {
  const notebook = parseIpynb(ipynb);
  const prefix = COMMENT[language];
  const cells = (notebook.cells as unknown[]).map((raw) => {
    const cell = asRecord(raw);
    const text = Array.isArray(cell.source)
      ? cell.source.join('')
      : typeof cell.source === 'string'
        ? cell.source
        : '';
    let lines = text.split('\n');
    let magic = false;
    if (cell.cell_type === 'markdown') {
      lines = ['%md', ...(text === '' ? [] : lines)];
      magic = true;
    } else if (cell.cell_type === 'code' && lines[0].startsWith('%')) {
      magic = true;
    }
    if (magic) lines = lines.map((l) => (l === '' ? `${prefix} MAGIC` : `${prefix} MAGIC ${l}`));
    const meta = asRecord(asRecord(cell.metadata)[DATABRICKS_CELL_KEY]);
    if (typeof meta.title === 'string' && meta.title !== '') {
      lines.unshift(`${prefix} DBTITLE ${meta.showTitle === false ? 0 : 1},${meta.title}`);
    }
    return lines.join('\n');
  });
  return `${headerLine(language)}\n${cells.join(`\n\n${prefix} COMMAND ----------\n\n`)}`;
}

function parseIpynb(ipynb: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(ipynb);
  } catch {
    throw new NotJupyterError('The content is not valid JSON');
  }
  const notebook = asRecord(parsed);
  if (!Array.isArray(notebook.cells) || typeof notebook.nbformat !== 'number') {
    throw new NotJupyterError('The content is not a Jupyter notebook (no cells or nbformat)');
  }
  return notebook;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
