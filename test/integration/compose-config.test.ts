// docker-compose.yml must be valid with only the docker client installed (no engine): `docker compose config`
// resolves and validates it offline. Skipped when neither compose v2 (`docker compose`) nor v1 (`docker-compose`) exists.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const TEST_SECRET = 'compose-config-test-secret-0123456789abcdef';

type Compose = { cmd: string; pre: string[]; v2: boolean };

function works(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0;
}

function findCompose(): Compose | null {
  if (works('docker', ['compose', 'version'])) return { cmd: 'docker', pre: ['compose'], v2: true };
  if (works('docker-compose', ['version'])) return { cmd: 'docker-compose', pre: [], v2: false };
  return null;
}

const compose = findCompose();
const describeIfCompose = compose ? describe : describe.skip;

function run(args: string[], env: Record<string, string | undefined>) {
  const c = compose!;
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.JWT_SECRET;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  // An isolated project name so nothing resolves against another project's state.
  return spawnSync(
    c.cmd,
    [...c.pre, '-f', COMPOSE_FILE, '--project-directory', ROOT, '-p', 'reviewflow-config-test', ...args],
    {
      encoding: 'utf8',
      env: childEnv,
      timeout: 60_000,
    },
  );
}

interface ServiceConfig {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | null>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition?: string }>;
}

type Resolved = { services: Record<string, ServiceConfig> };
let resolved: Resolved | undefined;

/** The fully resolved configuration, computed once per file (v1 takes seconds per call). */
function resolvedConfig(): Resolved {
  resolved ??= loadResolvedConfig();
  return resolved;
}

/** v2 prints JSON; v1 prints YAML only, converted with the PyYAML that v1 itself runs on. */
function loadResolvedConfig(): Resolved {
  const env = { JWT_SECRET: TEST_SECRET };
  if (compose!.v2) {
    const r = run(['config', '--format', 'json'], env);
    if (r.status !== 0) throw new Error(`docker compose config failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as Resolved;
  }
  const r = run(['config'], env);
  if (r.status !== 0) throw new Error(`docker-compose config failed: ${r.stderr}`);
  const py = spawnSync(
    'python3',
    ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
    {
      input: r.stdout,
      encoding: 'utf8',
    },
  );
  if (py.status !== 0)
    throw new Error(
      `cannot convert docker-compose v1 YAML to JSON (python3 with PyYAML needed): ${py.stderr}`,
    );
  return JSON.parse(py.stdout) as Resolved;
}

const asText = (v: string[] | string | undefined) => (Array.isArray(v) ? v.join(' ') : (v ?? ''));

describeIfCompose('docker-compose.yml (client-only `docker compose config`)', () => {
  it('validates with exit 0 when JWT_SECRET is set', () => {
    // given a JWT secret in the environment, when compose validates the file quietly
    const r = run(['config', '-q'], { JWT_SECRET: TEST_SECRET });
    // then it exits 0 without complaint (stderr shown on failure)
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('refuses to resolve without JWT_SECRET and names it', () => {
    const r = run(['config', '-q'], {});
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/JWT_SECRET/);
  });

  it('has the five services, each with a health check', () => {
    const { services } = resolvedConfig();
    for (const name of ['postgres', 'temporal', 'temporal-ui', 'api', 'worker']) {
      const hc = services[name]?.healthcheck;
      expect({ name, hasTest: asText(hc?.test).length > 0, disabled: hc?.disable === true }).toEqual({
        name,
        hasTest: true,
        disabled: false,
      });
    }
  });

  it('wires api and worker to PostgreSQL and Temporal through the environment, after both are healthy', () => {
    const { services } = resolvedConfig();
    const api = services.api!;
    const worker = services.worker!;
    expect(api.environment).toMatchObject({
      NODE_ENV: 'production',
      JWT_SECRET: TEST_SECRET,
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: expect.any(String),
      TEMPORAL_TASK_QUEUE: expect.any(String),
      DATABASE_URL: expect.stringMatching(/^postgres:\/\/[^@]+@postgres:5432\/\w+$/),
    });
    expect(String(api.environment?.PORT)).toBe('3000');
    expect(worker.environment).toMatchObject({
      NODE_ENV: 'production',
      TEMPORAL_ADDRESS: 'temporal:7233',
      DATABASE_URL: api.environment?.DATABASE_URL,
    });
    expect(asText(api.command)).toBe('node dist/api/main.js');
    expect(asText(worker.command)).toBe('node dist/worker/main.js');
    expect(asText(api.healthcheck?.test)).toContain('/api/v1/health');
    for (const svc of [api, worker]) {
      expect(svc.build).toBeDefined();
      expect(svc.depends_on?.postgres?.condition).toBe('service_healthy');
      expect(svc.depends_on?.temporal?.condition).toBe('service_healthy');
      expect(svc.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    }
  });

  it('runs Temporal auto-setup on the same PostgreSQL with the postgres12 driver', () => {
    const { services } = resolvedConfig();
    const temporal = services.temporal!;
    expect(temporal.image).toMatch(/^temporalio\/auto-setup:/);
    expect(temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(temporal.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(services['temporal-ui']?.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
    expect(services.postgres?.image).toMatch(/^postgres:16/);
  });
});
