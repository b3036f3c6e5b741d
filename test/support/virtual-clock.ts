/**
 * A discrete-event clock for scans against the in-process fake Jira: `wait` registers a wake-up, and the clock jumps to
 * the next pending wake-up only when the process has been idle for a few event-loop turns. A scan that waits an hour
 * for Jira's quota to reset takes a moment of real time, and the simulated time is what it would take on a real site.
 */
export class VirtualClock {
  now = 0;
  private pending: { at: number; resolve: () => void }[] = [];
  private registered = 0;
  private seen = 0;
  private quiet = 0;
  private scheduled = false;

  wait = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      this.pending.push({ at: this.now + ms, resolve });
      this.registered++;
      this.schedule();
    });

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.tick();
    });
  }

  private tick(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    if (this.registered !== this.seen) {
      this.seen = this.registered;
      this.quiet = 0;
    } else this.quiet++;
    if (this.quiet < 3) {
      this.schedule();
      return;
    }
    const at = Math.min(...this.pending.map((p) => p.at));
    this.now = at;
    const due = this.pending.filter((p) => p.at === at);
    this.pending = this.pending.filter((p) => p.at !== at);
    this.quiet = 0;
    for (const p of due) p.resolve();
    this.schedule();
  }
}
