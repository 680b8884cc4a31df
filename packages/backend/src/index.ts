import { createCallboardBackend } from './backend';

createCallboardBackend().start();
