// Ctrl-C / SIGTERM: run the orderly shutdown once; a second signal forces the exit.
export function onShutdownSignal(
  shutdown: () => Promise<void>,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`reviewflow: ${signal} again, exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`reviewflow: ${signal} received, shutting down`);
    shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`reviewflow: shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
