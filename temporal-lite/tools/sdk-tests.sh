#!/usr/bin/env bash
# Runs the Temporal TypeScript SDK's own integration tests (sdk-typescript packages/test) against temporal-lite.
# Usage: temporal-lite/tools/sdk-tests.sh <sdk-typescript git dir or checkout> <work dir outside this repo> [test file stems…]
# The SDK's code is copied into <work dir> and compiled there; nothing of it enters this repository.
set -euo pipefail
SDK=${1:?sdk-typescript git dir or checkout}
WORK=${2:?work dir outside the repo}
shift 2
FILES=("$@")
[ ${#FILES[@]} -gt 0 ] || FILES=(split-one split-two split-three update activities cancellation-scopes workflow-start)
REPO=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=$(node -p "require('$REPO/node_modules/@temporalio/client/package.json').version")
REF=${SDK_REF:-HEAD}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
case "$WORK/" in "$REPO"/*) echo "work dir must be outside $REPO" >&2; exit 2 ;; esac

if [ ! -d "$WORK/packages/test" ]; then
  git -C "$SDK" archive "$REF" packages/test packages/test-helpers | tar -x -C "$WORK"
fi
cd "$WORK"
if [ ! -d node_modules/ava ]; then
  cat > package.json <<JSON
{ "private": true, "name": "sdk-tests-on-lite", "dependencies": {
  "@temporalio/activity": "$VERSION", "@temporalio/client": "$VERSION", "@temporalio/common": "$VERSION",
  "@temporalio/core-bridge": "$VERSION", "@temporalio/proto": "$VERSION", "@temporalio/testing": "$VERSION",
  "@temporalio/worker": "$VERSION", "@temporalio/workflow": "$VERSION", "@temporalio/nexus": "$VERSION",
  "@temporalio/envconfig": "$VERSION", "@grpc/grpc-js": "^1.12.4", "@grpc/proto-loader": "^0.7.10", "arg": "^5.0.2",
  "async-retry": "^1.3.3", "ava": "^5.3.1", "dedent": "^1.5.1", "long": "^5.2.3", "ms": "3.0.0-canary.1",
  "nexus-rpc": "^0.0.2", "rxjs": "7.8.1", "stack-utils": "^2.0.6", "protobufjs": "^8.7.1",
  "glob": "^10.3.10" } }
JSON
  # protobufjs as the installed @temporalio/* want it (8.x), so one copy is shared: with 7.x at the top every
  # package kept its own 8.x and a history read by one was "not a Type" to another. pbjs (protobufjs-cli 1.x)
  # needs 7.x, so it lives in a folder of its own.
  npm install --no-audit --no-fund
  mkdir -p pbjs && (cd pbjs && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund protobufjs-cli@^1.3.2 protobufjs@^7.6.4)
fi
# The monorepo layout the tests' stack-trace expectations assume: each @temporalio package's real path is
# packages/<name> (so its sources map to packages/<name>/src, as in the SDK's own checkout).
for p in node_modules/@temporalio/*; do
  name=$(basename "$p")
  [ "$name" = test-helpers ] && continue
  if [ ! -L "$p" ]; then rm -rf "packages/$name"; mv "$p" "packages/$name"; ln -s "../../packages/$name" "$p"; fi
done
# Patch of the outside copy: with TEMPORAL_SERVICE_ADDRESS the SDK's helper drops the client options, so the
# multi-codec tests' client sends plain payloads to a worker expecting encoded ones and they hang (on any server).
grep -q 'client: opts?.client, // lite recipe' packages/test-helpers/src/environment.ts ||
  sed -i 's#address: process.env.TEMPORAL_SERVICE_ADDRESS,#address: process.env.TEMPORAL_SERVICE_ADDRESS, client: opts?.client, // lite recipe#' \
    packages/test-helpers/src/environment.ts
# The multi-codec tests make two environments with different codecs on the same task queues: locally that is two
# servers; here each environment of a process takes the next address of the comma-separated list (two lites).
grep -q 'liteEnvCount' packages/test-helpers/src/environment.ts ||
  sed -i 's#address: process.env.TEMPORAL_SERVICE_ADDRESS, client#address: process.env.TEMPORAL_SERVICE_ADDRESS.split(",")[liteEnvCount++ % process.env.TEMPORAL_SERVICE_ADDRESS.split(",").length], client#; s#^export async function createTestWorkflowEnvironment(#let liteEnvCount = 0;\nexport async function createTestWorkflowEnvironment(#' \
    packages/test-helpers/src/environment.ts
# (an earlier version of this recipe compiled into packages-lib and patched stack-trace.ts for it: undone)
sed -i "s#cwd: path.join(__dirname, '../../../packages')#cwd: path.join(__dirname, '../..')#" packages/test-helpers/src/stack-trace.ts
# the test protos (the SDK's build:protos step)
(cd packages/test/protos && ../../../pbjs/node_modules/.bin/pbjs --target json-module --root test --wrap commonjs \
  --force-long --no-verify --alt-comment --out json-module.js ./*.proto)
# Compile each package to CommonJS in its own lib/, as the SDK's build does: its workflows read module.exports, and
# the tests' path arithmetic (lib/../src, ../../workflow/src) and source maps then match the SDK's checkout.
# Type errors are ignored (the tests are typed against the SDK's sources at SDK_REF, run against the installed one).
cat > tsconfig.lite-base.json <<'JSON'
{ "compilerOptions": { "target": "es2022", "module": "commonjs", "moduleResolution": "node", "esModuleInterop": true,
  "experimentalDecorators": true, "resolveJsonModule": true, "sourceMap": true, "declaration": true,
  "skipLibCheck": true, "strict": true, "noEmitOnError": false } }
JSON
ln -sfn ../../packages/test-helpers node_modules/@temporalio/test-helpers
for p in test-helpers test; do
  echo '{ "extends": "../../tsconfig.lite-base.json", "compilerOptions": { "rootDir": "src", "outDir": "lib" },
  "include": ["src/**/*.ts"] }' > "packages/$p/tsconfig.lite.json"
  "$REPO/node_modules/.bin/tsc" -p "packages/$p/tsconfig.lite.json" > "tsc-$p.log" 2>&1 || true
done
cat > ava.config.mjs <<'JS'
export default { files: ['packages/test/lib/test-*.js'], timeout: '120s', concurrency: 1, workerThreads: false };
JS

# two fresh temporal-lites (realtime mode, as a dev server)
PORT=${LITE_PORT:-17233}
PORT2=$((PORT + 1))
(cd "$REPO" && exec node --import tsx temporal-lite/src/cli.ts --port "$PORT") > "$WORK/lite.log" 2>&1 &
LITE=$!
(cd "$REPO" && exec node --import tsx temporal-lite/src/cli.ts --port "$PORT2") > "$WORK/lite2.log" 2>&1 &
LITE2=$!
trap 'kill $LITE $LITE2 2>/dev/null || true' EXIT
for _ in $(seq 60); do grep -q listening "$WORK/lite.log" && grep -q listening "$WORK/lite2.log" && break; sleep 0.5; done
PATHS=()
for f in "${FILES[@]}"; do PATHS+=("packages/test/lib/test-integration-$f.js"); done
TEMPORAL_SERVICE_ADDRESS=127.0.0.1:$PORT,127.0.0.1:$PORT2 npx ava "${PATHS[@]}" 2>&1 | tee "$WORK/ava.log" || true
echo "passed: $(grep -c '^  ✔' "$WORK/ava.log"), failed: $(grep -c '^  ✘ \[fail\]' "$WORK/ava.log")"
