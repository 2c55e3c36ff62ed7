export * from './claim';
export * from './publish';
export * from './status';
export * from './transitions';
