// Boot failures the operator can fix: printed as one line (no stack), exit code 1.
import { ConfigError } from './app-config';

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The single line to print for a boot failure, or undefined for a genuine bug (print its stack). */
export function describeStartupError(err: unknown): string | undefined {
  if (err instanceof ConfigError || err instanceof StartupError) return oneLine(err.message);
  if (err instanceof Error && err.name === 'EmbeddedPgError') return oneLine(err.message);
  if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    const port = (err as { port?: unknown }).port;
    return `Port ${typeof port === 'number' ? `${port} ` : ''}is already in use: set PORT to a free port (or stop the other process).`;
  }
  return undefined;
}

/** Runs a process entry point: known boot failures print one line and exit 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const line = describeStartupError(err);
    if (line) process.stderr.write(`reviewflow: ${line}\n`);
    else
      process.stderr.write(
        `reviewflow: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    process.exit(1);
  });
}
