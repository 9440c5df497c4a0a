// Whether another process still runs: the build lock and the tests' binary cache both clean up after dead owners.

/** Signal 0 probes without touching it; EPERM means it runs, as another user. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
