export * from './core';
export * from './content';
export * from './requests';
export * from './redpost';
export * from './feedback';
