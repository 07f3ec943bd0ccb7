/**
 * The doc-test's reading half: every shell command in the fenced ```sh / ```bash / ```shell blocks
 * of README.md and docs/*.md, split the way a shell splits it (quotes, backslash-newline
 * continuations, `#` comments, `&&` / `||` / `;` lists, `|` pipelines, `>` / `<` redirections), so
 * test/integration/doc-commands.test.ts can run the gan-augment ones and hold the rest to an
 * explicit list (docs/testing.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Info strings of the fenced blocks whose lines are commands. Any other tag is not run. */
export const SHELL_TAGS: ReadonlySet<string> = new Set(['sh', 'bash', 'shell']);

/** One command of a doc: an item of a `&&` / `||` / `;` list, with its pipeline. */
export interface DocCommand {
  /** The doc, relative to the repository: 'README.md', 'docs/scale.md'. */
  readonly file: string;
  /** 1-based line where the command starts. */
  readonly line: number;
  /** The command as written, on one line, whitespace collapsed, comment left out: its identity. */
  readonly text: string;
  /** The pipeline's stages, each a list of words (quotes removed). */
  readonly stages: readonly (readonly string[])[];
  /** `< FILE` / `> FILE` of the pipeline (a shell allows them on any stage; docs put them at the ends). */
  readonly stdinFile?: string;
  readonly stdoutFile?: string;
  /** The comment on the command's line and the comment lines right above it. */
  readonly comment: string;
  /** Shell syntax the doc-test does not follow (such a command cannot run and must be listed). */
  readonly problem?: string;
}

/** The doc files the doc-test reads: README.md and docs/*.md (not docs/recipes/, which are not markdown). */
export function docFiles(repoRoot: string): string[] {
  const docs = readdirSync(path.join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

interface Fence {
  readonly tag: string;
  /** 1-based line of the block's first content line. */
  readonly line: number;
  readonly body: string;
}

/** Fenced code blocks (``` or ~~~, optionally indented), with their info string's first word. */
export function fencedBlocks(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const blocks: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(lines[end]!)) end++;
    blocks.push({ tag: open[2]!.toLowerCase(), line: start + 1, body: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** Every command of the shell blocks of one doc. */
export function extractCommands(file: string, markdown: string): DocCommand[] {
  return fencedBlocks(markdown)
    .filter((b) => SHELL_TAGS.has(b.tag))
    .flatMap((b) => parseShell(b.body, file, b.line));
}

/**
 * Lines of untagged blocks that look like a gan-augment command (`gan-augment augment --input ...`):
 * such a block is not run, so the doc-test asks for a shell tag (or ```text to say it is not one).
 */
export function untaggedCommandLines(file: string, markdown: string): { file: string; line: number; text: string }[] {
  return fencedBlocks(markdown)
    .filter((b) => b.tag === '')
    .flatMap((b) => b.body.split('\n').map((text, i) => ({ file, line: b.line + i, text })))
    // At the start of the line (printed output is indented), a subcommand word then a space: not "gan-augment augment: done".
    .filter((l) => /^(?:\$ )?(?:npx )?gan-augment [a-z][\w-]*(?:\s|$)/.test(l.text));
}

type Token = { readonly word: string } | { readonly op: string };

/**
 * A small POSIX-shell tokenizer: enough for documentation (no expansions; `$VAR`, globs and `$(...)`
 * stay literal text, so a command using them fails to run and has to be listed).
 */
export function parseShell(body: string, file = '', firstLine = 1): DocCommand[] {
  const commands: DocCommand[] = [];
  let line = firstLine;
  let tokens: Token[] = [];
  let startLine = firstLine;
  let comments: string[] = [];
  let above: string[] = [];
  let word: string | null = null;
  const endWord = (): void => {
    if (word !== null) tokens.push({ word });
    word = null;
  };
  const endLine = (): void => {
    endWord();
    if (tokens.length === 0) {
      // A comment-only line is the comment of the commands below it; a blank line ends that.
      above = comments.length > 0 ? [...above, ...comments] : [];
    } else {
      commands.push(...splitLists(tokens, { file, line: startLine, comment: [...above, ...comments].join(' ') }));
      above = [];
    }
    tokens = [];
    comments = [];
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (tokens.length === 0 && word === null && c !== '\n' && !/\s/.test(c)) startLine = line;
    if (c === '\n') {
      line++;
      endLine();
    } else if (c === '\\' && body[i + 1] === '\n') {
      i++;
      line++;
    } else if (c === '\\') {
      word = (word ?? '') + (body[i + 1] ?? '');
      i++;
    } else if (c === "'" || c === '"') {
      const close = body.indexOf(c, i + 1);
      if (close < 0) throw new Error(`${file}:${line}: unterminated ${c} quote`);
      const quoted = body.slice(i + 1, close);
      line += quoted.split('\n').length - 1;
      word = (word ?? '') + (c === '"' ? quoted.replace(/\\(["\\$`])/g, '$1') : quoted);
      i = close;
    } else if (c === '#' && word === null) {
      const eol = body.indexOf('\n', i);
      comments.push(body.slice(i + 1, eol < 0 ? body.length : eol).trim());
      i = (eol < 0 ? body.length : eol) - 1;
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      const op = ['&&', '||', '>>', ';', '|', '>', '<', '&'].find((o) => body.startsWith(o, i));
      if (op) {
        endWord();
        tokens.push({ op });
        i += op.length - 1;
      } else {
        word = (word ?? '') + c;
      }
    }
  }
  endLine();
  return commands;
}

function splitLists(tokens: readonly Token[], at: { file: string; line: number; comment: string }): DocCommand[] {
  const commands: DocCommand[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined || ('op' in t && ['&&', '||', ';', '&'].includes(t.op))) {
      if (i > start) commands.push(pipeline(tokens.slice(start, i), at));
      start = i + 1;
    }
  }
  return commands;
}

function pipeline(tokens: readonly Token[], at: { file: string; line: number; comment: string }): DocCommand {
  const stages: string[][] = [[]];
  let stdinFile: string | undefined;
  let stdoutFile: string | undefined;
  let problem: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if ('word' in t) {
      stages[stages.length - 1]!.push(t.word);
    } else if (t.op === '|') {
      stages.push([]);
    } else {
      const target = tokens[i + 1];
      if (target === undefined || !('word' in target)) problem = `'${t.op}' without a file name after it`;
      else if (t.op === '<') stdinFile = target.word;
      else stdoutFile = target.word;
      i++;
    }
  }
  const text = tokens.map((t) => ('word' in t ? (/[\s'"|&;<>#]/.test(t.word) ? `'${t.word}'` : t.word) : t.op)).join(' ');
  return { ...at, text, stages, ...(stdinFile !== undefined ? { stdinFile } : {}), ...(stdoutFile !== undefined ? { stdoutFile } : {}), ...(problem !== undefined ? { problem } : {}) };
}

/** Every command of every doc file. */
export function allDocCommands(repoRoot: string): DocCommand[] {
  return docFiles(repoRoot).flatMap((f) => extractCommands(f, readFileSync(path.join(repoRoot, f), 'utf8')));
}

/** The arguments after `gan-augment` / `npx gan-augment` in a stage, or null when the stage runs something else. */
export function ganAugmentArgs(stage: readonly string[]): string[] | null {
  const at = stage[0] === 'npx' ? 1 : 0;
  return stage[at] === 'gan-augment' ? stage.slice(at + 1) : null;
}

/**
 * The exit code the doc states for a command, in its comment: "exits 10", "exit code 5",
 * "exits with 7". 0 when it says none.
 */
export function documentedExitCode(command: DocCommand): number {
  const m = /\bexit(?:s)?(?: with)?(?: code)? (\d+)\b/i.exec(command.comment);
  return m ? Number(m[1]) : 0;
}
