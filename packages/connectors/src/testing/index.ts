export * from './mosquitto';
