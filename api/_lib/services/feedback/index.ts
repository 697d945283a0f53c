export * from './items';
export * from './jobs';
export * from './open311';
export * from './reports';
export * from './stats';
export * from './open311-post';
