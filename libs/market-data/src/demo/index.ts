export * from './demo.provider';
