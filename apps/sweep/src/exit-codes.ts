/** The process exit codes phasegrid documents (README, "Exit codes"). */
export const EXIT = {
  success: 0,
  cellsFailed: 1,
  badInput: 2,
  interruptedByInt: 130,
  interruptedByTerm: 143,
} as const;
