export * from './age';
export * from './idNumber';
export * from './messages';
export * from './names';
export * from './phone';
