import { describeL2Contract, startDynaliteTable } from '../testing';

// The embedded backend the API runs on without AWS: dynalite in this process.
describeL2Contract('dynalite', () => startDynaliteTable());
