// Placeholder until db harness lands: replaced by the embedded PostgreSQL starter.
export async function startTestPostgres(): Promise<{ stop: () => Promise<void> }> {
  return { stop: async () => undefined };
}
