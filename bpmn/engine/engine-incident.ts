// Thrown inside handlers for a run-time problem that must stop the element with an incident (never a crash).
export class EngineIncident extends Error {
  constructor(
    message: string,
    /** a stable reason the UI can explain in the user's language (e.g. DMN_NO_MATCH); absent: only the message */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'EngineIncident';
  }
}
