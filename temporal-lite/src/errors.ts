// gRPC errors with the same status codes and error details a real Temporal server attaches.
import { status } from '@grpc/grpc-js';
import type { GrpcStatus } from './grpc-server';
import { encode, packAny } from './proto';
import type { Msg } from './proto';

export class GrpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
    readonly detail?: { typeName: string; value: Msg },
  ) {
    super(message);
  }

  toStatus(): GrpcStatus {
    const details = this.detail ? [packAny(this.detail.typeName, this.detail.value)] : [];
    return {
      code: this.code,
      message: this.message,
      details: encode('google.rpc.Status', { code: this.code, message: this.message, details }),
    };
  }
}

const ED = 'temporal.api.errordetails.v1.';

export const invalidArgument = (msg: string): GrpcError => new GrpcError(status.INVALID_ARGUMENT, msg);
export const notFound = (msg: string, currentRunId?: string): GrpcError =>
  new GrpcError(status.NOT_FOUND, msg, {
    typeName: `${ED}NotFoundFailure`,
    value: { currentCluster: 'active', activeCluster: 'active', ...(currentRunId ? {} : {}) },
  });
export const namespaceNotFound = (ns: string): GrpcError =>
  new GrpcError(status.NOT_FOUND, `Namespace ${ns} is not found.`, {
    typeName: `${ED}NamespaceNotFoundFailure`,
    value: { namespace: ns },
  });
export const alreadyStarted = (msg: string, startRequestId: string, runId: string): GrpcError =>
  new GrpcError(status.ALREADY_EXISTS, msg, {
    typeName: `${ED}WorkflowExecutionAlreadyStartedFailure`,
    value: { startRequestId, runId },
  });
export const queryFailed = (msg: string, failure?: Msg): GrpcError =>
  new GrpcError(status.INVALID_ARGUMENT, msg, { typeName: `${ED}QueryFailedFailure`, value: { failure } });
export const unimplemented = (msg: string): GrpcError => new GrpcError(status.UNIMPLEMENTED, msg);
export const failedPrecondition = (msg: string): GrpcError => new GrpcError(status.FAILED_PRECONDITION, msg);
export const workflowCompleted = (): GrpcError => notFound('workflow execution already completed');

/** The error of an ExecuteMultiOperation: the failing operation's status, the other one aborted (as the real server). */
export const multiOperationFailure = (index: 0 | 1, err: GrpcError): GrpcError => {
  const own = {
    code: err.code,
    message: err.message,
    details: err.detail ? [packAny(err.detail.typeName, err.detail.value)] : [],
  };
  const aborted = {
    code: status.ABORTED,
    message: 'Operation was aborted.',
    details: [packAny('temporal.api.failure.v1.MultiOperationExecutionAborted', {})],
  };
  return new GrpcError(err.code, 'Update-with-Start could not be executed.', {
    typeName: `${ED}MultiOperationExecutionFailure`,
    value: { statuses: index === 0 ? [own, aborted] : [aborted, own] },
  });
};
