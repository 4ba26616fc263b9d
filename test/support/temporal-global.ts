// Placeholder until temporal-lite lands: replaced by the shared temporal-lite starter.
export async function startTestTemporal(): Promise<{ stop: () => Promise<void> }> {
  return { stop: async () => undefined };
}
