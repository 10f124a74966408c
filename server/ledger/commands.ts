/** Every ledger command (the operation types with their planners and result unions). */
export * from './pointsIssuer';
export * from './redemptionHolder';
export * from './holdCapturer';
export * from './holdReleaser';
export * from './pointsReverser';
export * from './pointsExpirer';
export * from './pointsAdjuster';
