export * from './commands';
export * from './deps';
export * from './ledgerReconciler';
export * from './ledgerRecoverer';
export * from './policyVersions';
export * from './walletReader';
export { runOperation, executeOperation, type OpResult } from './operation';
