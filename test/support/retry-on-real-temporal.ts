// On Temporal's real servers only: a test that fails is run once more, and its first errors are printed. A gRPC retry
// timer left by an earlier file's closed connection can fire inside a later test of the same jest worker
// ("Channel has been shut down"); lite answers at once and never leaves one. Not a cover for real failures: a test
// that fails twice still fails, and the log shows every first failure.
jest.retryTimes(1, { logErrorsBeforeRetry: true });
