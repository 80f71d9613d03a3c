export * from './collect';
export * from './mbpoll';
export * from './pymodbus';
