import { type ParseArgsConfig, parseArgs } from 'node:util';
import { toError } from '../engines/errors/index.ts';
import { didYouMean } from './did-you-mean.ts';

/** The flags of one command, in `node:util` parseArgs form, each with a help line. */
export type FlagSpec = Record<
  string,
  { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean; help: string }
>;

/** What a command's `run` receives: parsed flags and the positional arguments. */
export interface Invocation {
  flags: Record<string, string | boolean | string[] | boolean[] | undefined>;
  args: string[];
}

/**
 * One `tsflux` command. Subcommands nest through `subcommands`; a command with subcommands and no
 * `run` prints its help when called alone.
 */
export interface Command {
  name: string;
  /** Other words that select the command, as flux's (`ks` for `kustomization`). */
  aliases?: string[];
  summary: string;
  usage?: string;
  description?: string;
  flags?: FlagSpec;
  subcommands?: Command[];
  /**
   * Loads the full command (flags, run, subcommands) on demand; a listed command then only needs
   * its name and summary, so `tsflux controller` does not load the Helm and kustomize engines.
   */
  load?: () => Promise<Command>;
  run?: (inv: Invocation) => Promise<number | undefined> | number | undefined;
}

/** A failure the user caused or can fix: printed as one line, exit code 1 (2 for usage). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Parses argv against a command's flags; unknown flags are usage errors. */
export function parseInvocation(cmd: Command, argv: string[]): Invocation {
  const options: ParseArgsConfig['options'] = {};
  for (const [name, spec] of Object.entries(cmd.flags ?? {})) {
    const opt: NonNullable<ParseArgsConfig['options']>[string] = { type: spec.type };
    if (spec.short) opt.short = spec.short;
    if (spec.multiple) opt.multiple = true;
    if (spec.default !== undefined) opt.default = spec.default as never;
    options[name] = opt;
  }
  // Go-style `--flag=false` / `--flag=true` on boolean flags, as Flux's deployments write them
  const explicit: Record<string, boolean> = {};
  const args = argv.filter((a) => {
    const m = /^--([\w-]+)=(true|false)$/.exec(a);
    if (!m || cmd.flags?.[m[1]]?.type !== 'boolean') return true;
    explicit[m[1]] = m[2] === 'true';
    return false;
  });
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { flags: { ...values, ...explicit } as Invocation['flags'], args: positionals };
  } catch (e: unknown) {
    const msg = toError(e).message;
    throw new CliError(`${msg.split('\n')[0]} (see 'tsflux ${cmd.name} --help')`, 2);
  }
}

/** Renders the help text of a command: usage, description, subcommands and flags. */
export function renderHelp(cmd: Command, path: string[]): string {
  const full = ['tsflux', ...path].join(' ');
  const lines: string[] = [];
  lines.push(`${full}: ${cmd.summary}`, '');
  lines.push(
    'Usage:',
    `  ${cmd.usage ? `${full} ${cmd.usage}` : cmd.subcommands ? `${full} <command> [flags]` : full}`,
  );
  if (cmd.description) lines.push('', cmd.description.trimEnd());
  if (cmd.subcommands?.length) {
    lines.push('', 'Commands:');
    const width = Math.max(...cmd.subcommands.map((c) => c.name.length));
    for (const sub of cmd.subcommands)
      lines.push(
        `  ${sub.name.padEnd(width)}  ${sub.summary}${sub.aliases?.length ? ` (aliases: ${sub.aliases.join(', ')})` : ''}`,
      );
  }
  const flags = Object.entries(cmd.flags ?? {});
  lines.push('', 'Flags:');
  {
    const names = flags.map(
      ([n, s]) => `${s.short ? `-${s.short}, ` : '    '}--${n}${s.type === 'string' ? ' VALUE' : ''}`,
    );
    const width = Math.max(10, ...names.map((n) => n.length));
    names.push('    --help');
    flags.push(['help', { type: 'boolean', help: 'show this help' }]);
    flags.forEach(([, s], i) => {
      const def =
        s.default !== undefined && s.default !== false ? ` (default ${JSON.stringify(s.default)})` : '';
      lines.push(`  ${names[i].padEnd(width)}  ${s.help}${def}`);
    });
  }
  if (cmd.subcommands?.length) lines.push('', `Run '${full} <command> --help' for more about a command.`);
  return `${lines.join('\n')}\n`;
}

/**
 * Finds the command that argv names (walking subcommands) and runs it, returning the exit code.
 * Errors become one line on stderr; a bug prints its stack only with TSFLUX_DEBUG set.
 */
export async function dispatch(root: Command, argv: string[]): Promise<number> {
  let cmd = root;
  const path: string[] = [];
  let rest = argv;
  while (cmd.subcommands && rest.length > 0 && !rest[0].startsWith('-')) {
    let next = cmd.subcommands.find((c) => c.name === rest[0] || c.aliases?.includes(rest[0]));
    if (next?.load) next = await next.load();
    if (!next) {
      const where = path.length ? `tsflux ${path.join(' ')}` : 'tsflux';
      const guess = didYouMean(
        rest[0],
        cmd.subcommands.flatMap((c) => [c.name, ...(c.aliases ?? [])]),
      );
      process.stderr.write(
        `error: unknown command '${rest[0]}' for '${where}'${guess ? `; did you mean '${guess}'?` : ''} (see '${where} --help')\n`,
      );
      return 2;
    }
    cmd = next;
    path.push(next.name);
    rest = rest.slice(1);
  }
  if (rest.includes('--help') || rest.includes('-h') || !cmd.run) {
    const help = renderHelp(cmd, path);
    if (!cmd.run && !rest.includes('--help') && !rest.includes('-h') && path.length > 0) {
      process.stderr.write(help);
      return 2;
    }
    process.stdout.write(help);
    return 0;
  }
  try {
    const inv = parseInvocation({ ...cmd, name: path.join(' ') }, rest);
    return (await cmd.run(inv)) ?? 0;
  } catch (e: unknown) {
    if (e instanceof CliError) {
      process.stderr.write(`error: ${e.message}\n`);
      return e.exitCode;
    }
    const err = toError(e);
    process.stderr.write(`error: ${err.message.split('\n')[0]}\n`);
    if (process.env.TSFLUX_DEBUG) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
