export * from './policy';
export * from './earning';
export * from './redemption';
export * from './expiry';
