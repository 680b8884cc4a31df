import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The shared CI machines are slow: wait for what the user would see, however long rendering takes.
configure({ asyncUtilTimeout: 15000 });
jest.setTimeout(60000);
