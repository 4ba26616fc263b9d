// npm run temporal-lite -- --port 7233 [--time-mode realtime|skip] [--storage <dir>] [--namespace default] [--no-eager-activities]
import { startTemporalLite } from './index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const mode = arg('time-mode') ?? 'realtime';
  if (mode !== 'realtime' && mode !== 'skip') throw new Error(`--time-mode must be realtime or skip, got ${mode}`);
  const dir = arg('storage');
  const lite = await startTemporalLite({
    port: Number(arg('port') ?? 7233),
    host: arg('host') ?? '127.0.0.1',
    namespace: arg('namespace') ?? 'default',
    timeMode: mode,
    storage: dir ? { dir } : undefined,
    eagerActivities: !process.argv.includes('--no-eager-activities'),
  });
  console.log(`temporal-lite listening on ${lite.address} (time mode ${mode}${dir ? `, storage ${dir}` : ''})`);
  const stop = (): void => {
    lite.shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
