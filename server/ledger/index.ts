export * from './commands';
export * from './deps';
export * from './ledgerReconciler';
export * from './policyVersions';
export * from './walletReader';
export { runOperation, loadHead, currentHead, type OpResult, type OperationResult, type CommitDoc, type EntryLine } from './operation';
