// Workflow timers: start, cancel (and the CancelTimer validation), fire, re-arm after a restart.
import { durMs } from '../proto';
import type { Msg } from '../proto';
import type { RunSnapshot } from '../snapshot';
import type { Execution } from '../types';
import type { EngineCore } from './core';
import type { WorkflowTasks } from './workflow-tasks';

/** What Timers needs from the other sections. */
export interface TimersPeers {
  workflowTasks: Pick<WorkflowTasks, 'whenIdle'>;
}

export class Timers {
  constructor(
    private readonly core: EngineCore,
    private readonly peers: TimersPeers,
  ) {}

  /** StartTimer command: TimerStarted now, TimerFired when it is due (after any in-flight task). */
  startTimer(exec: Execution, a: Msg, completedId: number, userMetadata?: Msg): void {
    const timerId = String(a.timerId);
    const ms = durMs(a.startToFireTimeout);
    const startedEventId = this.core.append(
      exec,
      'TIMER_STARTED',
      {
        timerId,
        startToFireTimeout: a.startToFireTimeout,
        workflowTaskCompletedEventId: completedId,
      },
      userMetadata,
    );
    const handle = this.core.clock.after(ms, () => this.fireTimer(exec, timerId, startedEventId));
    exec.timers.set(timerId, { startedEventId, handle });
  }

  cancelTimer(exec: Execution, a: Msg, completedId: number): void {
    const timerId = String(a.timerId);
    const t = exec.timers.get(timerId);
    if (t) {
      this.core.clock.cancel(t.handle);
      exec.timers.delete(timerId);
    }
    // Validated up front: the timer is running or its TimerFired is buffered (then that event is dropped).
    const startedEventId = t ? t.startedEventId : this.takeBufferedTimerFired(exec, timerId);
    if (startedEventId !== undefined)
      this.core.append(exec, 'TIMER_CANCELED', {
        timerId,
        startedEventId,
        workflowTaskCompletedEventId: completedId,
      });
  }

  private fireTimer(exec: Execution, timerId: string, startedEventId: number): void {
    const t = exec.timers.get(timerId);
    if (!t || t.startedEventId !== startedEventId || !this.core.running(exec)) return;
    exec.timers.delete(timerId);
    this.peers.workflowTasks.whenIdle(exec, [{ kind: 'TIMER_FIRED', attrs: { timerId, startedEventId } }]);
  }

  /** The id of the first CancelTimer naming a timer that is neither running, fired during the task, nor started earlier in it. */
  unknownCancelTimer(exec: Execution, commands: Msg[]): string | undefined {
    let live: Set<string> | undefined;
    for (const cmd of commands) {
      const type = String(cmd.commandType);
      if (type !== 'COMMAND_TYPE_START_TIMER' && type !== 'COMMAND_TYPE_CANCEL_TIMER') continue;
      live ??= new Set([
        ...exec.timers.keys(),
        ...exec.buffered
          .flat()
          .filter((e) => e.kind === 'TIMER_FIRED')
          .map((e) => String(e.attrs.timerId)),
      ]);
      if (type === 'COMMAND_TYPE_START_TIMER') live.add(String(cmd.startTimerCommandAttributes?.timerId));
      else {
        const id = String(cmd.cancelTimerCommandAttributes?.timerId);
        if (!live.delete(id)) return id;
      }
    }
    return undefined;
  }

  /** Removes a TimerFired still buffered behind the task (the timer fired while the worker was cancelling it). */
  private takeBufferedTimerFired(exec: Execution, timerId: string): number | undefined {
    for (let g = 0; g < exec.buffered.length; g++) {
      const group = exec.buffered[g]!;
      const i = group.findIndex((e) => e.kind === 'TIMER_FIRED' && String(e.attrs.timerId) === timerId);
      if (i < 0) continue;
      const [ev] = group.splice(i, 1);
      if (!group.length) exec.buffered.splice(g, 1);
      return Number(ev!.attrs.startedEventId);
    }
    return undefined;
  }

  /** Restored timers at their original deadlines (due ones fire at once). */
  rearmTimers(exec: Execution): void {
    const snap =
      (exec as Execution & { restoredTimers?: RunSnapshot['timers']; restoredAt?: RunSnapshot['at'] })
        .restoredTimers ?? [];
    for (const t of snap) {
      const handle = this.core.clock.schedule(t.at, () => this.fireTimer(exec, t.id, t.startedEventId));
      exec.timers.set(t.id, { startedEventId: t.startedEventId, handle });
    }
  }
}
