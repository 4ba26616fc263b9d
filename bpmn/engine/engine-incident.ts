// Thrown inside handlers for a run-time problem that must stop the element with an incident (never a crash).
export class EngineIncident extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineIncident';
  }
}
