/**
 * Where each workspace object lives in the snapshot, and back. Pure.
 *
 * The workspace tree is stored under `workspace/` as the workspace has it: a notebook gets the extension of
 * its language (the SOURCE format's own convention, as the Databricks CLI uses), a workspace file keeps its
 * name. Reading back, a `.py/.sql/.scala/.r` file whose first line is that language's notebook header is a
 * notebook; anything else is a file. A directory that has nothing else in the snapshot holds a marker file
 * so that git keeps it.
 */

export type NotebookLanguage = 'PYTHON' | 'SQL' | 'SCALA' | 'R';

export const WORKSPACE_DIR = 'workspace';

/** DBFS files, by their DBFS paths (see resources/dbfs-files.ts). */
export const DBFS_DIR = 'dbfs';

/** The most `dbfs-max-mb` allows: no DBFS file an export writes is larger. */
export const MAX_DBFS_FILE_MB = 10_000;

/**
 * At the top of the snapshot: unsets every attribute that lets git change bytes on the way in or out (end
 * of line conversion, core.autocrlf as Windows runners set it, filters), whatever the repository's own
 * .gitattributes say, so that a file is stored as the workspace has it. Diffs stay readable.
 */
export const GIT_ATTRIBUTES_FILE = '.gitattributes';
export const GIT_ATTRIBUTES = [
  '# Written by databricks-dr: git stores the snapshot byte for byte, whatever other rules say.',
  '* -text -eol -filter -ident -working-tree-encoding',
  '',
].join('\n');
export const DIR_MARKER = '.databricks-dr-dir';

const EXTENSIONS: Record<NotebookLanguage, string> = { PYTHON: '.py', SQL: '.sql', SCALA: '.scala', R: '.r' };

const HEADER_PREFIX: Record<NotebookLanguage, string> = { PYTHON: '#', SQL: '--', SCALA: '//', R: '#' };

export function extensionOf(language: NotebookLanguage): string {
  return EXTENSIONS[language];
}

export function languageOfExtension(ext: string): NotebookLanguage | undefined {
  switch (ext) {
    case '.py':
      return 'PYTHON';
    case '.sql':
      return 'SQL';
    case '.scala':
      return 'SCALA';
    case '.r':
    case '.R':
      return 'R';
    default:
      return undefined;
  }
}

export function isNotebookLanguage(value: unknown): value is NotebookLanguage {
  return value === 'PYTHON' || value === 'SQL' || value === 'SCALA' || value === 'R';
}

export function notebookHeader(language: NotebookLanguage): string {
  return `${HEADER_PREFIX[language]} Databricks notebook source`;
}

/** Does this content start with the notebook header of the language (the legacy `exported at` form too)? */
export function hasNotebookHeader(content: Uint8Array, language: NotebookLanguage): boolean {
  const head = Buffer.from(content.subarray(0, 200)).toString('utf8');
  const firstLine = head.split('\n', 1)[0].replace(/\r$/, '');
  const header = notebookHeader(language);
  return firstLine === header || firstLine.startsWith(`${header} exported at `);
}

/**
 * Names that cannot stand as they are in a git working tree (`.git`), that git would read as its own rules
 * (`.gitignore` would drop snapshot files, `.gitattributes` could rewrite their bytes, `.gitmodules`), or that
 * the snapshot uses itself are written with their first character percent-encoded; `%` itself is always
 * encoded so that decoding is exact.
 */
const RESERVED = new Set(['.git', '.gitignore', '.gitattributes', '.gitmodules', DIR_MARKER]);

export function encodeSegment(name: string): string {
  const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  // Also encoded: what a snapshot read from a git revision refuses (source.ts, unsafeTreeName) because a
  // Windows runner would read it as a path of its own: a backslash, control characters, a drive letter.
  let out = name
    // eslint-disable-next-line no-control-regex
    .replace(/[%\\\x00-\x1f]/g, hex)
    .replace(/^([A-Za-z]):/, (_, letter: string) => `${letter}%3A`);
  // Windows drops trailing dots and spaces: `...` would be empty there, `.git.` would be `.git`.
  const windows = out.replace(/[. ]+$/, '').toLowerCase();
  if (RESERVED.has(out.toLowerCase()) || windows === '' || windows === '.git')
    out = `${hex(out[0])}${out.slice(1)}`;
  return out;
}

export function decodeSegment(segment: string): string {
  return segment.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Splits an absolute workspace path into names; rejects what no workspace path can be. */
export function splitWorkspacePath(path: string): string[] {
  if (!path.startsWith('/')) throw new Error(`not an absolute workspace path: '${path}'`);
  const parts = path.split('/').filter((p) => p !== '');
  for (const p of parts)
    if (p === '.' || p === '..') throw new Error(`workspace path with '${p}': '${path}'`);
  return parts;
}

export type WorkspaceObjectKind =
  { type: 'NOTEBOOK'; language: NotebookLanguage } | { type: 'FILE' } | { type: 'DIRECTORY' };

/** The snapshot-relative folder that holds what is under a workspace directory. */
export function folderForDirectory(path: string): string {
  return [WORKSPACE_DIR, ...splitWorkspacePath(path).map(encodeSegment)].join('/');
}

/** The snapshot-relative file for a workspace object (for a directory: its marker file). */
export function fileForObject(path: string, kind: WorkspaceObjectKind): string {
  if (kind.type === 'DIRECTORY') return `${folderForDirectory(path)}/${DIR_MARKER}`;
  const parts = splitWorkspacePath(path).map(encodeSegment);
  if (parts.length === 0) throw new Error('the workspace root is not a file');
  if (kind.type === 'NOTEBOOK') parts[parts.length - 1] += extensionOf(kind.language);
  return [WORKSPACE_DIR, ...parts].join('/');
}

/**
 * The workspace object a snapshot file stands for. `relPath` is relative to the `workspace/` folder and
 * uses `/`. `content` (or at least its first line) decides notebook against file.
 */
export function objectForFile(
  relPath: string,
  content: Uint8Array,
): { path: string; kind: WorkspaceObjectKind } {
  const segments = relPath.split('/');
  const last = segments[segments.length - 1];
  if (last === DIR_MARKER) {
    return { path: '/' + segments.slice(0, -1).map(decodeSegment).join('/'), kind: { type: 'DIRECTORY' } };
  }
  const dot = last.lastIndexOf('.');
  const ext = dot > 0 ? last.slice(dot) : '';
  const language = languageOfExtension(ext);
  if (language && hasNotebookHeader(content, language)) {
    const names = [...segments.slice(0, -1), last.slice(0, dot)].map(decodeSegment);
    return { path: '/' + names.join('/'), kind: { type: 'NOTEBOOK', language } };
  }
  return { path: '/' + segments.map(decodeSegment).join('/'), kind: { type: 'FILE' } };
}

/** Is `path` equal to or under `root` (both absolute workspace paths)? */
export function isUnder(path: string, root: string): boolean {
  if (root === '/') return true;
  const r = root.replace(/\/+$/, '');
  return path === r || path.startsWith(r + '/');
}

/** Workspace paths as the API accepts them: `/Workspace` prefix dropped, duplicate and trailing slashes removed. */
export function normalizeWorkspacePath(path: string): string {
  let p = ('/' + path.trim()).replace(/\/+/g, '/');
  if (p === '/Workspace' || p.startsWith('/Workspace/')) p = p.slice('/Workspace'.length) || '/';
  if (p.length > 1) p = p.replace(/\/$/, '');
  return p;
}

/**
 * The roots to walk: normalized, each once, in the order given, and none under another (`/Users` already
 * holds `/Users/a@b.com/etl`; walking both would find every object there twice).
 */
export function exportRoots(paths: string[]): string[] {
  const unique = [...new Set(paths.map(normalizeWorkspacePath))];
  return unique.filter((p) => !unique.some((other) => other !== p && isUnder(p, other)));
}
