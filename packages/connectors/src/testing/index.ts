export * from '../modbus/testing/index';
export * from './mosquitto';
export * from './outage';
