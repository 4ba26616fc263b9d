// The `BuildIds` system search attribute: a real server adds the build id of each unversioned worker that completes
// a workflow task, as `unversioned` and `unversioned:<build id>` (a keyword list, first seen first).
import type { Msg } from './proto';
import type { Execution } from './types';

export function recordBuildId(exec: Execution, req: Msg): void {
  const buildId = String(
    req.deploymentOptions?.buildId || req.workerVersionStamp?.buildId || req.binaryChecksum || '',
  );
  if (!buildId) return;
  const prev = exec.searchAttributes.BuildIds;
  let ids: string[] = [];
  try {
    if (prev?.data) ids = JSON.parse(Buffer.from(prev.data as Uint8Array).toString()) as string[];
  } catch {
    ids = [];
  }
  const add = ['unversioned', `unversioned:${buildId}`].filter((id) => !ids.includes(id));
  if (!add.length) return;
  exec.searchAttributes.BuildIds = {
    metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from('KeywordList') },
    data: Buffer.from(JSON.stringify([...ids, ...add])),
  };
}
