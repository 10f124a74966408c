/** Importing this module registers every operation planner (the recoverer needs them all). */
export * from './pointsIssuer';
export * from './redemptionHolder';
export * from './holdCapturer';
export * from './holdReleaser';
export * from './pointsReverser';
export * from './pointsExpirer';
export * from './pointsAdjuster';
