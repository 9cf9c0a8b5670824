// Runs before every Vitest file. Property tests pick a new random seed each run; should one fail, fast-check shrinks
// the input, which on big arbitraries can run for many minutes at full CPU and, being synchronous, out of Vitest's
// timeout's reach. Stopping each property after 20 s and counting that as a failure makes such a run fail (fast-check
// prints the seed and path to replay it) instead of hanging the suite.
import fc from 'fast-check';

fc.configureGlobal({ interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true });
